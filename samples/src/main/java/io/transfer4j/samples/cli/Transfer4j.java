package io.transfer4j.samples.cli;

import io.transfer4j.samples.Failure;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code transfer4j} command line: {@code demo}, {@code summary}, {@code zoo}, {@code finetune},
 * {@code predict}, {@code evaluate}, {@code export}, {@code doctor}, {@code explain}, {@code activations},
 * {@code filters}, {@code convolutionalize}; {@code --json} on each command that prints results
 * (JsonOutput). Errors are one clear line plus a hint, with a
 * non-zero exit code (1 for a failed command, 2 for bad arguments).
 *
 * <pre>{@code ./transfer4j zoo list
 * ./transfer4j predict --model resnet50 --weights imagenet --top 5 cat.jpg}</pre>
 */
@Command(name = "transfer4j", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        description = "Transfer learning on the JVM: zoo models with live ImageNet weights, fine-tuning, prediction.",
        subcommands = {DemoCommand.class, SummaryCommand.class, FinetuneCommand.class, PredictCommand.class, EvaluateCommand.class,
                ZooCommand.class, ExportCommand.class, DoctorCommand.class, SparkCommand.class, ExplainCommand.class,
                ActivationsCommand.class, FiltersCommand.class, ConvolutionalizeCommand.class, RunCommand.class, CommandLine.HelpCommand.class})
public final class Transfer4j implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs in-process with the given streams and returns the exit code (what tests call). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Transfer4j());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Failure.report(e, cmd.getErr());
            cmd.getErr().println("hint: run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage"
                    + (Failure.debug() ? "" : "; TRANSFER4J_DEBUG=1 shows the stack trace"));
            return 1;
        });
        try {
            return cl.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }
}
