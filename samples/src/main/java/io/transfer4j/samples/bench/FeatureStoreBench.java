package io.transfer4j.samples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Issue 26's feature-store benchmark: {@code transfer4j finetune} on EndToEndBench's 200-image folder (random-weight
 * Keras-layout ResNet50, frozen trunk, batch 8, no hidden layer) as whole processes under {@code /usr/bin/time}, each
 * round: the store emptied, a cold run (computes and stores every feature), a warm run with another learning rate
 * (reads them), a run with {@code --no-feature-store}, and — when {@code python3 -c "import torch, torchvision"} works —
 * EndToEndBench's PyTorch script doing the same job with its features computed once ({@code torch_finetune.py --mode
 * cached}, the careful PyTorch user: it has no store, so every run computes them). Prints a markdown section with
 * medians of wall, CPU and peak memory, the phase breakdowns and the load average around the runs.
 *
 * <pre>
 * java -cp ... io.transfer4j.samples.bench.FeatureStoreBench --inputs /tmp/e2e --work /tmp/store-bench --rounds 2
 * </pre>
 * {@code --inputs} holds {@code data/}, {@code resnet50_notop_random.h5} and {@code resnet50_random.pt} as
 * {@code make_bench_inputs.py} writes them; {@code --python} (default /usr/bin/python3) and {@code --scripts} (default
 * samples/src/bench/python) find the PyTorch side.
 */
public final class FeatureStoreBench {
    private FeatureStoreBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        Path inputs = Path.of(a.getOrDefault("--inputs", System.getProperty("java.io.tmpdir") + "/transfer4j-e2e")).toAbsolutePath();
        Path work = Path.of(a.getOrDefault("--work", System.getProperty("java.io.tmpdir") + "/transfer4j-store-bench")).toAbsolutePath();
        int rounds = Integer.parseInt(a.getOrDefault("--rounds", "2"));
        Files.createDirectories(work);
        String python = a.getOrDefault("--python", "/usr/bin/python3");
        Path scripts = Path.of(a.getOrDefault("--scripts", "samples/src/bench/python")).toAbsolutePath();
        boolean torch = Measured.run(List.of(python, "-c", "import torch, torchvision"), work, Map.of()).exit == 0;
        String[] names = {"cold store (computes, stores)", "warm store, --lr 3e-3", "--no-feature-store", "PyTorch, features once"};
        int sides = torch ? 4 : 3;
        List<List<Measured>> runs = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        String loadBefore = load();
        for (int r = 0; r < rounds; r++) {
            deleteTree(work.resolve("home").resolve("features"));
            for (int s = 0; s < sides; s++) {
                List<String> extra = switch (s) {
                    case 0 -> List.of();
                    case 1 -> List.of("--lr", "3e-3");
                    default -> List.of("--no-feature-store");
                };
                Measured m = s == 3
                        ? Measured.run(List.of(python, scripts.resolve("torch_finetune.py").toString(), inputs.resolve("data").toString(),
                                inputs.resolve("resnet50_random.pt").toString(), work.resolve("torch-model.pt").toString(), "--mode", "cached"),
                                work, Map.of())
                        : Measured.run(finetune(inputs, work, s, extra), work, Map.of("TRANSFER4J_HOME", work.resolve("home").toString(),
                                "OMP_WAIT_POLICY", "PASSIVE"));   // as the launcher; 2 threads like the PyTorch side
                System.out.printf(Locale.ROOT, "  round %d %-32s %s%n", r + 1, names[s], m);
                runs.get(s).add(m);
            }
        }
        String loadAfter = load();
        StringBuilder md = new StringBuilder("### second finetune with the feature store warm vs cold (issue 26)\n\n");
        md.append("`finetune --model resnet50 --weights <random .h5> --data <200 images, 5 classes> --epochs 10 --batch 8 --hidden 0 --verbose`, ")
                .append(rounds).append(" rounds, medians; load average before: ").append(loadBefore).append(", after: ").append(loadAfter).append(".\n\n");
        md.append("| run | wall s | CPU s | peak MB | wall s, every round | CPU vs cold |\n|---|---|---|---|---|---|\n");
        Measured cold = E2eReport.median(runs.get(0));
        for (int s = 0; s < sides; s++) {
            Measured m = E2eReport.median(runs.get(s));
            String all = runs.get(s).stream().map(x -> x.ok() ? String.format(Locale.ROOT, "%.1f", x.wall) : "failed").collect(Collectors.joining(" / "));
            md.append(m == null ? "| " + names[s] + " | failed | | | " + all + " | |\n"
                    : String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %s | %s |%n", names[s], m.wall, m.cpu, m.peakMB, all,
                            cold == null ? "" : String.format(Locale.ROOT, "%.2fx", cold.cpu / m.cpu)));
        }
        Measured warm = E2eReport.median(runs.get(1));
        if (warm != null && cold != null) {
            md.append("\nWhere the time went, cold then warm (`--verbose`):\n\n```\n").append(String.join("\n", cold.phases()))
                    .append("\n\n").append(String.join("\n", warm.phases())).append("\n```\n");
        }
        Measured py = torch ? E2eReport.median(runs.get(3)) : null;
        if (py != null && warm != null) {
            md.append(String.format(Locale.ROOT, "%nSecond run against the careful PyTorch user: warm transfer4j is %.2fx PyTorch by wall time, "
                    + "%.2fx by CPU time.%n", py.wall / warm.wall, py.cpu / warm.cpu));
        } else if (!torch) {
            md.append("\nPyTorch side skipped: `python3 -c \"import torch, torchvision\"` failed (Debian: python3-torch python3-torchvision).\n");
        }
        System.out.println(md);
    }

    private static List<String> finetune(Path inputs, Path work, int side, List<String> extra) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                "-Dorg.bytedeco.javacpp.maxbytes=4500m", "-Dorg.bytedeco.javacpp.maxphysicalbytes=7g", "-cp",
                absoluteClassPath(), "io.transfer4j.samples.cli.Transfer4j", "finetune", "--model", "resnet50",
                "--weights", inputs.resolve("resnet50_notop_random.h5").toString(), "--data", inputs.resolve("data").toString(),
                "--epochs", "10", "--batch", "8", "--hidden", "0", "--out", work.resolve("m" + side + ".zip").toString(),
                "--report", work.resolve("r" + side).toString(), "--verbose"));
        cmd.addAll(extra);
        return cmd;
    }

    /** This JVM's class path with every entry absolute: the runs start in {@code --work}, where relative entries miss. */
    private static String absoluteClassPath() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
        return f[0] + " / " + f[1] + " / " + f[2] + " (1/5/15 min)";
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
