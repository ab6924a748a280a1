package io.transfer4j.samples.cli;

import io.transfer4j.script.ScriptRunner;
import io.transfer4j.zoo.weights.CacheSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code run FILE.kts [-- ARGS...]}: compiles (once; cached) and runs a Kotlin model script with transfer4j's
 * packages imported and its classpath present; see {@link io.transfer4j.script.ModelScript}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = {"Run a Kotlin model script (FILE.kts) with transfer4j imported.",
        "Arguments after -- reach the script as 'args'. Compiled scripts are cached in <transfer4j home>/scripts."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "FILE", description = "the script, e.g. samples/scripts/train-roads.kts")
    Path script;
    @Parameters(index = "1..*", paramLabel = "ARGS", description = "the script's arguments (after --)")
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        ScriptRunner runner = new ScriptRunner(cacheDir(), BuildVersion.get(), spec.commandLine().getOut(), spec.commandLine().getErr(),
                System.getenv("TRANSFER4J_DEBUG") != null);
        return runner.run(script, args).getExitCode();
    }

    /** {@code <transfer4j home>/scripts}: beside the weight cache. */
    static Path cacheDir() {
        return CacheSettings.fromEnvironment().home().resolve("scripts");
    }
}
