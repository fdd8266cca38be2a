package org.adabinhw.generator.blocks;

import java.util.ArrayList;
import java.util.List;

/** The legal lane counts of a channel count, for error messages. */
final class Divisors {
    private Divisors() {
    }

    /** The divisors of every positive value in {@code ns} (at most 24 shown), comma-separated. */
    static String text(int... ns) {
        int g = 0;
        for (int n : ns) {
            if (n < 0) {
                return "none";
            }
            g = gcd(g, n);
        }
        if (g < 1) {
            return "none";
        }
        List<String> d = new ArrayList<>();
        for (int i = 1; i <= g && d.size() <= 24; i++) {
            if (g % i == 0) {
                d.add(Integer.toString(i));
            }
        }
        return String.join(", ", d) + (d.size() > 24 ? ", ..." : "");
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
