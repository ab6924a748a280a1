package io.transfer4j.samples.cli;

import io.transfer4j.samples.Failure;
import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code transfer4j} command line: {@code demo}, {@code summary}, {@code zoo}, {@code finetune},
 * {@code predict}, {@code evaluate}, {@code import}, {@code export}, {@code doctor}, {@code explain}, {@code activations},
 * {@code filters}, {@code convolutionalize}; {@code --json} on each command that prints results
 * (JsonOutput). Errors are one clear line plus a hint, with a
 * non-zero exit code (1 for a failed command, 2 for bad arguments). Global options: {@code --quiet},
 * {@code --log-format auto|plain|json} ({@link LogFormat}).
 *
 * <pre>{@code ./transfer4j zoo list
 * ./transfer4j predict --model resnet50 --weights imagenet --top 5 cat.jpg
 * ./transfer4j --log-format json demo 2> events.jsonl}</pre>
 */
@Command(name = "transfer4j", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Transfer learning on the JVM: zoo models with live ImageNet weights, fine-tuning, prediction.",
        subcommands = {DemoCommand.class, SummaryCommand.class, FinetuneCommand.class, PredictCommand.class, EvaluateCommand.class,
                ZooCommand.class, CacheCommand.class, ImportCommand.class, ExportCommand.class, DoctorCommand.class, ExplainCommand.class,
                ActivationsCommand.class, FiltersCommand.class, ConvolutionalizeCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class Transfer4j implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--quiet", scope = CommandLine.ScopeType.INHERIT,
            description = "no progress bars, epoch lines or info log; results, warnings and errors still print")
    void quiet(boolean quiet) {
        if (quiet) {
            LogFormat.quiet();
        }
    }

    @CommandLine.Option(names = "--log-format", scope = CommandLine.ScopeType.INHERIT, paramLabel = "auto|plain|json",
            description = {"auto (default): progress bars on a terminal, one plain line per epoch elsewhere; plain: lines always;",
                    "json: one JSON object per epoch, download step or log record, one per line on stderr"})
    void logFormat(String format) {
        LogFormat.apply(format);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static boolean sparkOnClassPath() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, Transfer4j.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs in-process with the given streams and returns the exit code (what tests call). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Transfer4j());
        if (sparkOnClassPath()) {
            // Spark is a provided dependency: the distribution archive has none, and picocli would fail on
            // SparkCommand's Spark types while reading the annotations, killing every command (even --version).
            cl.addSubcommand("spark", new SparkCommand());
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (LogFormat.json()) {
                cmd.getErr().println(ConsoleOutput.json("error", Map.of("message", String.valueOf(Failure.message(e)))));
                return 1;
            }
            Failure.report(e, cmd.getErr());
            cmd.getErr().println("hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage"
                    + (Failure.debug() ? "" : "; TRANSFER4J_DEBUG=1 shows the stack trace"));
            return 1;
        });
        try (LogFormat restored = new LogFormat()) {   // --quiet / --log-format hold for this command only
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
