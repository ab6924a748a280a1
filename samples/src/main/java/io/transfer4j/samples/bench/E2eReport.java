package io.transfer4j.samples.bench;

import io.transfer4j.samples.bench.EndToEndBench.Job;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The markdown {@link EndToEndBench} writes: per job a table of medians and ratios, the target, the phase breakdown. */
final class E2eReport {
    private final int rounds;
    private final boolean torch;
    private final StringBuilder body = new StringBuilder();
    private final List<String> verdicts = new ArrayList<>();

    private final String loadAtStart;

    E2eReport(int rounds, boolean torch, String loadAtStart) {
        this.rounds = rounds;
        this.torch = torch;
        this.loadAtStart = loadAtStart;
    }

    /** The run whose wall time is the median of the successful ones (the lower middle for an even count). */
    static Measured median(List<Measured> runs) {
        List<Measured> ok = runs.stream().filter(Measured::ok).sorted(Comparator.comparingDouble(m -> m.wall)).toList();
        return ok.isEmpty() ? null : ok.get((ok.size() - 1) / 2);
    }

    void add(Job job, List<List<Measured>> runs) {
        body.append("### ").append(job.title()).append("\n\n");
        body.append("| run | wall s (median) | CPU s | peak MB | wall s, every round |")
                .append(job.images() > 0 ? " images/s |" : "").append(" speed vs this row's baseline |\n");
        body.append("|---|---|---|---|---|").append(job.images() > 0 ? "---|" : "").append("---|\n");
        Measured base = median(runs.get(0));
        for (int s = 0; s < job.sides().size(); s++) {
            Measured m = median(runs.get(s));
            String all = runs.get(s).stream().map(r -> r.ok() ? String.format(Locale.ROOT, "%.1f", r.wall) : "failed")
                    .collect(Collectors.joining(" / "));
            if (m == null) {
                body.append("| ").append(job.sides().get(s).name()).append(" | ")
                        .append(runs.get(s).isEmpty() ? "not run" : "failed: " + runs.get(s).get(0)).append(" | | | | |\n");
                continue;
            }
            String ratio = s == 0 || base == null ? "baseline" : String.format(Locale.ROOT, "transfer4j %.2fx (wall), %.2fx (CPU)",
                    m.wall / base.wall, m.cpu / base.cpu);
            body.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %d | %s |", job.sides().get(s).name(), m.wall, m.cpu, m.peakMB, all))
                    .append(job.images() > 0 ? String.format(Locale.ROOT, " %.1f |", job.images() / m.wall) : "")
                    .append(" ").append(ratio).append(" |\n");
        }
        body.append("\nTarget: ").append(job.target()).append(". ").append(verdict(job, runs)).append("\n\n");
        if (base != null && !base.phases().isEmpty()) {
            body.append("Where transfer4j's median run spent its time (`--verbose`):\n\n```\n")
                    .append(String.join("\n", base.phases())).append("\n```\n\n");
        }
        Measured py = runs.size() > 1 && !job.key().equals("partial") ? median(runs.get(runs.size() - 1)) : null;
        if (py != null && !py.phases().isEmpty()) {
            body.append("PyTorch's phases (wall s):\n\n```\n").append(String.join("\n", py.phases())).append("\n```\n\n");
        }
    }

    private String verdict(Job job, List<List<Measured>> runs) {
        Measured t4j = median(runs.get(0));
        String v;
        if (t4j == null) {
            v = "not measured (transfer4j failed)";
        } else if (job.key().equals("predict1")) {
            Measured py = median(runs.get(1));
            v = String.format(Locale.ROOT, "transfer4j's fixed cost: %.2f s wall, %.2f s CPU, %d MB", t4j.wall, t4j.cpu, t4j.peakMB)
                    + (py == null ? "" : String.format(Locale.ROOT, " (PyTorch: %.2f s wall, %.2f s CPU, %d MB)", py.wall, py.cpu, py.peakMB));
        } else if (job.key().equals("startup")) {
            v = t4j.wall < 1.0 ? String.format(Locale.ROOT, "**met** (%.2f s)", t4j.wall)
                    : String.format(Locale.ROOT, "**not met** (%.2f s wall, %.2f s CPU)", t4j.wall, t4j.cpu);
        } else if (job.key().equals("partial")) {
            Measured dl4j = median(runs.get(1));
            v = dl4j == null ? "not measured" : ratioVerdict(dl4j.wall / t4j.wall, dl4j.cpu / t4j.cpu, 2.0, "DL4J-only");
        } else {
            Measured py = median(runs.get(1));
            double need = job.key().equals("predict1000") ? 1.5 : 1.0;
            v = py == null ? (torch ? "not measured (PyTorch failed)" : "not measured (no PyTorch)")
                    : ratioVerdict(py.wall / t4j.wall, py.cpu / t4j.cpu, need, "PyTorch");
        }
        verdicts.add("- " + job.title() + ": " + v);
        return v;
    }

    private static String ratioVerdict(double wall, double cpu, double need, String vs) {
        return String.format(Locale.ROOT, "transfer4j is %.2fx %s by wall time (%.2fx by CPU time): target %s", wall, vs, cpu,
                wall >= need ? "**met**" : "**not met**");
    }

    String markdown(String when, String loadAtEnd) {
        return "## End to end: transfer4j vs PyTorch on the jobs users run (issue 17)\n\n"
                + "Written by `io.transfer4j.samples.bench.EndToEndBench` on " + when + ": whole processes, " + rounds
                + " rounds alternating transfer4j and PyTorch 1.13 (Debian's python3-torch, 2 threads), medians; wall and CPU time"
                + " (user + system) and peak RSS from `/usr/bin/time`. Same inputs on both sides (`make_bench_inputs.py`): 200 JPEGs"
                + " of 224x224 in 5 class folders, a random-weight ResNet50 (Keras-layout .h5 for transfer4j, a torchvision state"
                + " dict for PyTorch). Load average (1 / 5 / 15 min) at the start: " + loadAtStart + ", at the end: " + loadAtEnd
                + " (2 cores: above 2 the wall times include waiting for a core).\n\n" + "Targets:\n\n" + String.join("\n", verdicts) + "\n\n" + body;
    }
}
