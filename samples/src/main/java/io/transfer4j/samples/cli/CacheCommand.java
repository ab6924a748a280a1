package io.transfer4j.samples.cli;

import io.transfer4j.transfer.train.DiskFeatureStore;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cache list | clear}: the persistent trunk-feature store that {@code finetune} reads and fills. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = {"The trunk-feature store (under the transfer4j home): finetune reuses the features of images it has seen",
                "with the same trunk, size and preprocessing; least recently used features go beyond the size limit",
                "(" + DiskFeatureStore.LIMIT_PROPERTY + " / " + DiskFeatureStore.LIMIT_ENV + ", default 2g)."},
        subcommands = {CacheCommand.ListTrunks.class, CacheCommand.Clear.class})
final class CacheCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each trunk's stored features: images, size, last use.")
    static final class ListTrunks implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--json", description = "one JSON object: schemaVersion, command, store, limitBytes, bytes, trunks[{key, description, images, bytes, lastUsed}]")
        boolean json;

        @Override
        public Integer call() {
            DiskFeatureStore store = DiskFeatureStore.fromEnvironment();
            var trunks = store.list();
            long total = trunks.stream().mapToLong(DiskFeatureStore.Trunk::bytes).sum();
            var out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = JsonOutput.start("cache list");
                o.put("store", store.dir().toString());
                o.put("limitBytes", store.limitBytes());
                o.put("bytes", total);
                ArrayNode a = o.putArray("trunks");
                for (DiskFeatureStore.Trunk t : trunks) {
                    a.addObject().put("key", t.key()).put("description", t.description()).put("images", t.images()).put("bytes", t.bytes())
                            .put("lastUsed", t.lastUsed().toInstant().toString());
                }
                JsonOutput.print(out, o);
                return 0;
            }
            DateTimeFormatter when = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
            out.printf("%-24s %7s %9s %-16s %s%n", "trunk", "images", "size", "last used (UTC)", "what");
            for (DiskFeatureStore.Trunk t : trunks) {
                out.printf("%-24s %7d %9s %-16s %s%n", t.key(), t.images(), mb(t.bytes()), when.format(t.lastUsed().toInstant()), t.description());
            }
            out.printf("store: %s, %s of %s%n", store.dir(), mb(total), mb(store.limitBytes()));
            return 0;
        }
    }

    @Command(name = "clear", mixinStandardHelpOptions = true, description = "Delete every stored feature (the next finetune computes them again).")
    static final class Clear implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DiskFeatureStore store = DiskFeatureStore.fromEnvironment();
            long freed = store.clear();
            spec.commandLine().getOut().printf("cleared %s: %s freed%n", store.dir(), mb(freed));
            return 0;
        }
    }

    private static String mb(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
