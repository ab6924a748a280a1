package io.transfer4j.samples.cli;

import io.transfer4j.zoo.weights.ModelCache;
import io.transfer4j.zoo.weights.WeightRegistry;
import io.transfer4j.zoo.weights.WeightTag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
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
        @Option(names = "--json", description = "one JSON object: schemaVersion, command, cache, tags[{tag, format, cached, url}] (url null for import-only tags)")
        boolean json;

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            var out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = JsonOutput.start("zoo list");
                o.put("cache", cache.settings().modelsDir().toString());
                ArrayNode tags = o.putArray("tags");
                for (WeightTag t : WeightRegistry.defaults().all()) {
                    tags.addObject().put("tag", t.tag()).put("format", t.format().toString()).put("cached", cache.cached(t).isPresent())
                            .put("url", cache.url(t).map(Object::toString).orElse(null));
                }
                JsonOutput.print(out, o);
                return 0;
            }
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
        @Option(names = "--json", description = "one JSON object: schemaVersion, command, tag, path")
        boolean json;

        @Override
        public Integer call() {
            Path p = ModelCache.fromEnvironment().resolve(tag);
            printPath(spec, json, "zoo fetch", tag, p, p.toString());
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
        @Option(names = "--json", description = "one JSON object: schemaVersion, command, tag, path")
        boolean json;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("file " + file + " does not exist or is not a regular file");
            }
            Path p = ModelCache.fromEnvironment().importFile(WeightRegistry.defaults().get(tag), file);
            printPath(spec, json, "zoo import", tag, p, "imported " + file + " as " + tag + " -> " + p);
            return 0;
        }
    }

    /** A tag's cached path, as text or as {"tag", "path"}. */
    static void printPath(CommandSpec spec, boolean json, String command, String tag, Path p, String text) {
        if (json) {
            ObjectNode o = JsonOutput.start(command);
            o.put("tag", tag);
            o.put("path", p.toString());
            JsonOutput.print(spec.commandLine().getOut(), o);
        } else {
            spec.commandLine().getOut().println(text);
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check the hash of every cached file.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "one JSON object: schemaVersion, command, files[{tag, ok, path}], corrupt (count); exit code 1 if any is corrupt")
        boolean json;

        @Override
        public Integer call() {
            ModelCache cache = ModelCache.fromEnvironment();
            int bad = 0;
            ObjectNode o = JsonOutput.start("zoo verify");
            ArrayNode files = o.putArray("files");
            for (WeightTag t : WeightRegistry.defaults().all()) {
                Path expected = cache.expectedPath(t);
                if (!Files.exists(expected)) {
                    continue;
                }
                Optional<Path> ok = cache.cached(t);
                if (json) {
                    files.addObject().put("tag", t.tag()).put("ok", ok.isPresent()).put("path", expected.toString());
                } else {
                    spec.commandLine().getOut().printf("%-32s %s %s%n", t.tag(), ok.isPresent() ? "ok     " : "CORRUPT", expected);
                }
                bad += ok.isPresent() ? 0 : 1;
            }
            if (json) {
                o.put("corrupt", bad);
                JsonOutput.print(spec.commandLine().getOut(), o);
            }
            if (bad > 0) {
                spec.commandLine().getErr().println(bad + " cached file(s) failed their hash; 'transfer4j zoo fetch <tag>' downloads them again");
            }
            return bad == 0 ? 0 : 1;
        }
    }
}
