package io.transfer4j.samples.cli;

import io.transfer4j.samples.Failure;
import io.transfer4j.transfer.io.ConsoleOutput;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

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
        description = "Transfer learning on the JVM: zoo models with live ImageNet weights, fine-tuning, prediction.")
public final class Transfer4j implements Runnable {
    /** The subcommands in the order the usage lists them ({@code spark} follows when Spark is on the class path). */
    static final List<Class<?>> COMMANDS = List.of(DemoCommand.class, SummaryCommand.class, FinetuneCommand.class, PredictCommand.class,
            EvaluateCommand.class, ZooCommand.class, CacheCommand.class, ImportCommand.class, ExportCommand.class, DoctorCommand.class,
            ExplainCommand.class, ActivationsCommand.class, FiltersCommand.class, ConvolutionalizeCommand.class, RunCommand.class);

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

    /**
     * The command line for {@code args}. When they name no subcommand ({@code --help}, {@code --version}, no
     * arguments, {@code help}) the subcommands are outlines made from their {@code @Command} annotations alone:
     * picocli reading every command's options reflects on their fields and methods, which loads ND4J, Jackson and
     * Kotlin types and took most of the start-up of {@code --help} (BENCHMARKS.md).
     */
    static CommandLine commandLine(String... args) {
        CommandLine cl = new CommandLine(new Transfer4j());
        boolean outline = namesNoCommand(args);
        for (Class<?> c : COMMANDS) {
            cl.addSubcommand(outline ? outline(c) : c);
        }
        // Spark is a provided dependency: the distribution archive has none, and picocli would fail on SparkCommand's
        // Spark types while reading the annotations, killing every command (even --version). The usage only looks at
        // the class path's jar names: finding a Spark class opens every jar before Spark's (~190 of them).
        if (outline ? System.getProperty("java.class.path", "").contains("spark-sql_") : sparkOnClassPath()) {
            cl.addSubcommand(outline ? outline(SparkCommand.class) : new SparkCommand());
        }
        cl.addSubcommand(new CommandLine.HelpCommand());
        return cl;
    }

    /** Whether {@code args} are only global options (and {@code help} alone), so that only the usage or version can print. */
    static boolean namesNoCommand(String... args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--log-format")) {
                i++;                                      // its value
            } else if (a.equals("help") && i == args.length - 1) {
                return true;
            } else if (!a.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /** A subcommand's name, aliases and description from its annotation, without reading its options. */
    private static CommandLine outline(Class<?> command) {
        Command a = command.getAnnotation(Command.class);
        CommandSpec spec = CommandSpec.create().name(a.name()).aliases(a.aliases());
        spec.usageMessage().description(a.description()).hidden(a.hidden());
        return new CommandLine(spec);
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs in-process with the given streams and returns the exit code (what tests call). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine(args);
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
