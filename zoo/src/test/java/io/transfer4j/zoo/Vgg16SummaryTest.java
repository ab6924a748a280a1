package io.transfer4j.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.transfer4j.dsl.Summary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The summary of Zoo.vgg16() reproduces the course notes' per-layer VGG16 table, row by row. */
class Vgg16SummaryTest {
    private static final Pattern ROW = Pattern.compile(
            "^(\\S+): \\[(\\d+)x(\\d+)x(\\d+)] memory: (?:\\S+=)?(\\S+) weights: (?:.*= )?([\\d,]+)$");

    @Test
    void everyRowOfTheSeedTableMatches() throws IOException {
        List<String> seed = seedTable();
        Summary s = Zoo.vgg16().build().summary();
        // the seed lists no flatten row (it has no values of its own: the same 25,088 numbers as block5_pool)
        List<Summary.Row> rows = s.rows().stream().filter(r -> !r.type().equals("Flatten")).toList();
        assertEquals(seed.size(), rows.size());
        long seedValues = 0;
        for (int i = 0; i < seed.size(); i++) {
            Matcher m = ROW.matcher(seed.get(i));
            if (!m.matches()) {
                throw new AssertionError("unparsed seed row: " + seed.get(i));
            }
            Summary.Row r = rows.get(i);
            long h = Long.parseLong(m.group(2));
            long w = Long.parseLong(m.group(3));
            long c = Long.parseLong(m.group(4));
            String where = r.name() + " vs seed '" + seed.get(i) + "'";
            if (r.shape().image()) {
                assertEquals(h + "x" + w + "x" + c, r.shape().toString(), where);
            } else {
                assertEquals(h * w * c, r.shape().size(), where);
            }
            assertEquals(m.group(5), Summary.compact(r.activations()), where);
            assertEquals(Long.parseLong(m.group(6).replace(",", "")), r.weights(), where);
            seedValues += h * w * c;
        }
        assertEquals(102_760_448L, s.row("fc1").weights());
        assertEquals(138_357_544L, s.totalParams());       // "138,000,000 parameters"
        assertEquals(15_237_608L, seedValues);
        // the notes' headline "24M values ≈ 93 MB" is not the sum of their own rows: that sum is 15.2M (58 MB),
        // which is what the summary reports (plus the flatten row)
        assertEquals(seedValues + 25_088, s.activations());
    }

    private static List<String> seedTable() throws IOException {
        try (InputStream in = Vgg16SummaryTest.class.getResourceAsStream("vgg16-seed-table.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        }
    }
}
