package io.transfer4j.dsl;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Close-match suggestions for unknown layer names ("did you mean ..."). */
public final class Names {
    private Names() {
    }

    /** Up to five names from {@code known} closest to {@code wanted} by edit distance. */
    public static List<String> closest(String wanted, Collection<String> known) {
        return known.stream()
                .sorted(Comparator.comparingInt((String k) -> distance(wanted, k)).thenComparing(k -> k))
                .limit(5).toList();
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
