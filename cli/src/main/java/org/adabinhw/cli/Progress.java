package org.adabinhw.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Progress on standard error. On a terminal, a line about every two seconds (what, images done of all, rate, time
 * left); otherwise one line per step, when it ends.
 */
final class Progress {
    private Progress() {
    }

    /**
     * Whether the tool runs on a terminal, where repeated lines help: {@code System.console()}, and on JDK 22 and later
     * its {@code isTerminal()} (from then on a console exists even when the output is redirected).
     */
    static boolean interactive() {
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** The lines of a step, printed and flushed on {@code err}. */
    static Consumer<String> lines(PrintWriter err) {
        return s -> {
            synchronized (err) {
                err.println(s);
                err.flush();
            }
        };
    }

    /** Runs {@code f} over the images in parallel, reporting as {@code what} (e.g. "infer (golden engine)"). */
    static <T> T[] map(String what, List<int[]> images, Function<int[], T> f, T[] out, PrintWriter err) {
        return map(what, images, f, out, err, interactive());
    }

    static <T> T[] map(String what, List<int[]> images, Function<int[], T> f, T[] out, PrintWriter err, boolean repeat) {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        long[] lastReport = {start};
        int total = images.size();
        IntStream.range(0, total).parallel().forEach(i -> {
            out[i] = f.apply(images.get(i));
            int n = done.incrementAndGet();
            long now = System.nanoTime();
            synchronized (lastReport) {
                if (repeat && now - lastReport[0] > 2_000_000_000L && n < total) {
                    lastReport[0] = now;
                    double s = (now - start) / 1e9;
                    err.printf(Locale.ROOT, "%s: %d/%d images, %.0f images/s, %.0f s left%n", what, n, total, n / s,
                            (total - n) * s / n);
                    err.flush();
                }
            }
        });
        double s = (System.nanoTime() - start) / 1e9;
        if (total > 0 && s > 2) {
            err.printf(Locale.ROOT, "%s: %d images in %.1f s (%.0f images/s)%n", what, total, s, total / s);
            err.flush();
        }
        return out;
    }
}
