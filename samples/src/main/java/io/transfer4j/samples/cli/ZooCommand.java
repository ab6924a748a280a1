package io.transfer4j.samples.cli;

import io.transfer4j.zoo.weights.ModelCache;
import io.transfer4j.zoo.weights.WeightRegistry;
import io.transfer4j.zoo.weights.WeightTag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code zoo list | fetch <tag> | import <tag> <file> | verify}: the weight registry and the local cache. */
@Command(name = "zoo", mixinStandardHelpOptions = true, description = "Registered weights and the local cache.",
        subcommands = {ZooCommand.ListTags.class, ZooCommand.Fetch.class, ZooCommand.Import.class, ZooCommand.Verify.class})
final class ZooCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Weight tags, their source and whether they are cached.")
    static final class ListTags implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            var out = spec.commandLine().getOut();
            out.printf("%-32s %-10s %-7s %s%n", "tag", "format", "cached", "source");
            for (WeightTag t : WeightRegistry.defaults().all()) {
                String src = cache.url(t).map(Object::toString).orElse("(local file: transfer4j zoo import " + t.tag() + " FILE)");
                out.printf("%-32s %-10s %-7s %s%n", t.tag(), t.format(), cache.cached(t).isPresent() ? "yes" : "no", src);
            }
            out.println("cache: " + cache.settings().modelsDir());
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download (or find in the cache) and verify a tag's file.")
    static final class Fetch implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "TAG", description = "e.g. resnet50:imagenet")
        String tag;

        @Override
        public Integer call() {
            Path p = ModelCache.fromEnvironment().resolve(tag);
            spec.commandLine().getOut().println(p);
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Copy a file you already have into the cache, checking its hash.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "TAG")
        String tag;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("file " + file + " does not exist or is not a regular file");
            }
            Path p = ModelCache.fromEnvironment().importFile(WeightRegistry.defaults().get(tag), file);
            spec.commandLine().getOut().println("imported " + file + " as " + tag + " -> " + p);
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash of every cached file.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            int bad = 0;
            for (WeightTag t : WeightRegistry.defaults().all()) {
                Path expected = cache.expectedPath(t);
                if (!Files.exists(expected)) {
                    continue;
                }
                Optional<Path> ok = cache.cached(t);
                spec.commandLine().getOut().printf("%-32s %s %s%n", t.tag(), ok.isPresent() ? "ok     " : "CORRUPT", expected);
                bad += ok.isPresent() ? 0 : 1;
            }
            if (bad > 0) {
                spec.commandLine().getErr().println(bad + " cached file(s) failed their hash; 'transfer4j zoo fetch <tag>' downloads them again");
            }
            return bad == 0 ? 0 : 1;
        }
    }
}
