package org.adabinhw.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

/** Runs a function over images in parallel and reports progress on stderr about every two seconds. */
final class Progress {
    private Progress() {
    }

    static <T> T[] map(String what, List<int[]> images, Function<int[], T> f, T[] out, PrintWriter err) {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        long[] lastReport = {start};
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            out[i] = f.apply(images.get(i));
            int n = done.incrementAndGet();
            long now = System.nanoTime();
            synchronized (lastReport) {
                if (now - lastReport[0] > 2_000_000_000L && n < images.size()) {
                    lastReport[0] = now;
                    err.printf("%s: %d/%d images (%.1f s)%n", what, n, images.size(), (now - start) / 1e9);
                    err.flush();
                }
            }
        });
        return out;
    }
}
