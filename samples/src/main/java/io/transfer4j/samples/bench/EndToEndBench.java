package io.transfer4j.samples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 17's benchmark: the jobs users run, as whole processes, transfer4j against a PyTorch script doing the same
 * work (samples/src/bench/python), alternating the two, {@code --rounds} rounds (default 3), medians of wall time,
 * CPU time (user + system) and peak resident memory, each measured by {@code /usr/bin/time}. Writes its section of
 * BENCHMARKS.md (between the {@code e2e} markers, the rest of the file untouched) with the ratios, which targets are
 * met, and the phase breakdown of the median transfer4j runs ({@code --verbose}).
 *
 * <pre>
 * ./transfer4j --version &amp;&amp; java -cp samples/target/classes:$(cat samples/target/classpath.txt) \
 *     io.transfer4j.samples.bench.EndToEndBench --work /tmp/e2e --rounds 3 --out BENCHMARKS.md
 * </pre>
 *
 * The transfer4j side runs the {@code ./transfer4j} launcher ({@code --launcher}) as users do, with its JVM options
 * and environment; the first call above builds the project and its class path file. The load average at the start
 * and the end goes into the section: on a shared machine wall times measure the queue as much as the work.
 *
 * Inputs (200 images of 224x224 in 5 class folders, 40 and 1,000 images to predict, a random-weight Keras-layout
 * ResNet50 .h5 and the same-shaped torchvision state dict) come from {@code make_bench_inputs.py}. The PyTorch
 * side runs when {@code python3 -c "import torch, torchvision"} works (Debian: python3-torch python3-torchvision),
 * else it is skipped with a message and only transfer4j's figures are written.
 */
public final class EndToEndBench {
    private static final String BEGIN = "<!-- e2e:begin (written by EndToEndBench) -->";
    private static final String END = "<!-- e2e:end -->";

    private final Path launcher;
    private final Path work;
    private final Path scripts;
    private final String python;
    private final int rounds;
    private boolean torch;

    private EndToEndBench(Path launcher, Path work, Path scripts, String python, int rounds) {
        this.launcher = launcher;
        this.work = work;
        this.scripts = scripts;
        this.python = python;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Path work = Path.of(a.getOrDefault("--work", System.getProperty("java.io.tmpdir") + "/transfer4j-e2e")).toAbsolutePath();
        String python = a.getOrDefault("--python", Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3");
        EndToEndBench b = new EndToEndBench(Path.of(a.getOrDefault("--launcher", "transfer4j")).toAbsolutePath(), work,
                Path.of(a.getOrDefault("--scripts", "samples/src/bench/python")).toAbsolutePath(), python,
                Integer.parseInt(a.getOrDefault("--rounds", "3")));
        List<String> jobs = List.of(a.getOrDefault("--jobs", "startup,finetune,predict1,predict40,predict1000,partial").split(","));
        String section = b.run(jobs);
        Path out = Path.of(a.getOrDefault("--out", "BENCHMARKS.md"));
        write(out, section);
        System.out.println(section);
        System.out.println("written to " + out);
    }

    private String run(List<String> jobs) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Measured prep = Measured.run(List.of(python, scripts.resolve("make_bench_inputs.py").toString(), work.toString()), work, Map.of());
        if (prep.exit != 0) {
            throw new IllegalStateException("make_bench_inputs.py failed (needs python3-numpy, python3-pil, python3-h5py): " + prep.output);
        }
        torch = Measured.run(List.of(python, "-c", "import torch, torchvision"), work, Map.of()).exit == 0;
        if (!torch) {
            System.out.println("PyTorch is not installed (python3 -c \"import torch, torchvision\" failed): "
                    + "the PyTorch side is skipped. Debian: apt-get install python3-torch python3-torchvision");
        }
        // the launcher builds the project when its sources changed: once here, outside the measurements
        Measured warm = Measured.run(List.of(launcher.toString(), "--version"), work, Map.of());
        if (!warm.ok()) {
            throw new IllegalStateException(launcher + " --version failed: " + warm.output);
        }
        E2eReport report = new E2eReport(rounds, torch, loadAverage());
        for (String job : jobs) {
            Job j = job(job.trim());
            System.out.println("== " + j.title);
            List<List<Measured>> runs = new ArrayList<>();
            j.sides.forEach(s -> runs.add(new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int s = 0; s < j.sides.size(); s++) {
                    Side side = j.sides.get(s);
                    if (side.torch && !torch) {
                        continue;
                    }
                    Measured m = Measured.run(side.command, work, side.env);
                    System.out.printf(Locale.ROOT, "  round %d %-28s %s%n", r + 1, side.name, m);
                    runs.get(s).add(m);
                }
            }
            report.add(j, runs);
        }
        return BEGIN + "\n" + report.markdown(stamp(), loadAverage()) + END + "\n";
    }

    /** The 1, 5 and 15 minute load averages (/proc/loadavg): how busy the machine was, which wall times depend on. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String stamp() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** One command of a job: transfer4j or PyTorch. */
    record Side(String name, boolean torch, List<String> command, Map<String, String> env) {
    }

    /** A job: its sides (the first is transfer4j's default) and how to read the result. */
    record Job(String key, String title, List<Side> sides, int images, String target) {
    }

    /** The {@code transfer4j} launcher, as users run it (its JVM options and environment included). */
    private Side transfer4j(String name, String... args) {
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(Arrays.asList(args));
        return new Side(name, false, cmd, Map.of("TRANSFER4J_HOME", work.resolve("home").toString()));
    }

    private Side pytorch(String name, String script, String... args) {
        List<String> cmd = new ArrayList<>(List.of(python, scripts.resolve(script).toString()));
        cmd.addAll(Arrays.asList(args));
        return new Side(name, true, cmd, Map.of());
    }

    private List<String> images(String folder) throws IOException {
        try (Stream<Path> s = Files.list(work.resolve(folder))) {
            return s.map(Path::toString).filter(p -> p.endsWith(".jpg")).sorted().toList();
        }
    }

    private Job job(String key) throws IOException {
        String h5 = work.resolve("resnet50_notop_random.h5").toString();
        String pt = work.resolve("resnet50_random.pt").toString();
        String data = work.resolve("data").toString();
        return switch (key) {
            case "startup" -> new Job(key, "start-up: `transfer4j --help` vs `python3 -c 'import torch, torchvision'`",
                    List.of(transfer4j("transfer4j --help", "--help"), new Side("PyTorch import", true,
                            List.of(python, "-c", "import torch, torchvision"), Map.of())), 0, "transfer4j --help < 1 s");
            case "finetune" -> new Job(key, "finetune ResNet50 (frozen trunk, 10 epochs, batch 8, no hidden layer, 200 images)",
                    List.of(transfer4j("transfer4j finetune", "finetune", "--model", "resnet50", "--weights", h5, "--data", data,
                                    "--epochs", "10", "--batch", "8", "--hidden", "0", "--out", work.resolve("t4j-model.zip").toString(),
                                    "--report", work.resolve("t4j-report").toString(), "--verbose",
                                    // every round computes its features, as the PyTorch side does: a warm store would
                                    // make rounds 2 and 3 a second run (FeatureStoreBench measures that)
                                    "--no-feature-store"),
                            pytorch("PyTorch, features once", "torch_finetune.py", data, pt, work.resolve("torch-model.pt").toString(),
                                    "--mode", "cached")), 0, ">= 1.0x PyTorch with features computed once (aim 1.5x)");
            case "predict1", "predict40", "predict1000" -> {
                List<String> imgs = key.equals("predict1") ? images("predict40").subList(0, 1) : images(key);
                List<String> t4j = new ArrayList<>(List.of("predict", "--model", work.resolve("t4j-model.zip").toString(), "--top", "1",
                        "--verbose"));
                t4j.addAll(imgs);
                List<String> py = new ArrayList<>(List.of(work.resolve("torch-model.pt").toString(), "5", "1"));
                py.addAll(imgs);
                yield new Job(key, "predict " + imgs.size() + " images with the fine-tuned model, top 1",
                        List.of(transfer4j("transfer4j predict", t4j.toArray(String[]::new)),
                                pytorch("PyTorch predict", "torch_predict.py", py.toArray(String[]::new))),
                        imgs.size(), imgs.size() == 1 ? "none: the fixed cost of a command (JVM, ND4J, ONNX Runtime, model load)"
                                : imgs.size() < 100 ? ">= 1.0x PyTorch's throughput" : ">= 1.5x PyTorch's throughput");
            }
            case "partial" -> new Job(key, "partial fine-tuning: --freeze-up-to conv4_block6_out --augment, 2 epochs, batch 8",
                    List.of(transfer4j("transfer4j (default engine)", "finetune", "--model", "resnet50", "--weights", h5, "--data", data,
                                    "--epochs", "2", "--batch", "8", "--hidden", "0", "--freeze-up-to", "conv4_block6_out", "--augment",
                                    "--out", work.resolve("t4j-partial.zip").toString(), "--report", work.resolve("t4j-partial").toString(),
                                    "--verbose"),
                            transfer4j("transfer4j --engine dl4j", "finetune", "--model", "resnet50", "--weights", h5, "--data", data,
                                    "--epochs", "2", "--batch", "8", "--hidden", "0", "--freeze-up-to", "conv4_block6_out", "--augment",
                                    "--engine", "dl4j", "--out", work.resolve("t4j-partial-dl4j.zip").toString(),
                                    "--report", work.resolve("t4j-partial-dl4j").toString(), "--verbose"),
                            pytorch("PyTorch, layer4 + head train", "torch_finetune.py", data, pt,
                                    work.resolve("torch-partial.pt").toString(), "--mode", "partial", "--epochs", "2")),
                    0, "the hybrid step >= 2x DL4J-only");
            default -> throw new IllegalArgumentException("unknown job '" + key + "': startup, finetune, predict1, predict40, predict1000, partial");
        };
    }

    /** Replaces the e2e section of {@code file} (or appends one), leaving everything else as it was. */
    static void write(Path file, String section) throws IOException {
        String old = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        int b = old.indexOf(BEGIN);
        int e = old.indexOf(END);
        String text = b >= 0 && e > b ? old.substring(0, b) + section + old.substring(e + END.length() + 1)
                : old + (old.endsWith("\n") || old.isEmpty() ? "" : "\n") + "\n" + section;
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
