package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.blocks.SlidingWindowConfig;
import org.junit.jupiter.api.Test;

class SlidingWindowModelTest {
    /** Pixel (n, y, x) of a one-channel 8-bit image carries the value {@code 16·y + x + 64·n + 1}. */
    private static List<BigInteger> pixels(SlidingWindowConfig c, int images) {
        List<BigInteger> in = new ArrayList<>();
        for (int n = 0; n < images; n++) {
            for (int y = 0; y < c.height(); y++) {
                for (int x = 0; x < c.width(); x++) {
                    in.add(BigInteger.valueOf(16 * y + x + 64 * n + 1));
                }
            }
        }
        return in;
    }

    private static List<BigInteger> windows(SlidingWindowConfig c, int images) {
        List<BigInteger> out = new ArrayList<>();
        for (int n = 0; n < images; n++) {
            for (int oy = 0; oy < c.outHeight(); oy++) {
                for (int ox = 0; ox < c.outWidth(); ox++) {
                    for (int ky = 0; ky < c.kernel(); ky++) {
                        for (int kx = 0; kx < c.kernel(); kx++) {
                            int y = oy * c.stride() - c.padding() + ky;
                            int x = ox * c.stride() - c.padding() + kx;
                            boolean inside = y >= 0 && y < c.height() && x >= 0 && x < c.width();
                            out.add(c.windowBeat(inside, BigInteger.valueOf(inside ? 16 * y + x + 64 * n + 1 : 0)));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static RunTrace run(SlidingWindowConfig c, StallPattern pattern, int images) {
        List<BigInteger> in = pixels(c, images);
        SimulationRun run = new SimulationRun(pattern, 4, 100_000);
        Stream<BigInteger> s = run.input("pixels", in);
        Stream<BigInteger> o = run.output("windows", windows(c, images).size(), b -> b);
        run.add(new SlidingWindowModel("w", c, s, o));
        return run.run();
    }

    @Test
    void emitsEveryWindowTapWithZeroPaddingUnderStalls() {
        for (SlidingWindowConfig c : List.of(new SlidingWindowConfig(1, 1, 8, 3, 1, 1, 5, 4),
                new SlidingWindowConfig(1, 1, 8, 3, 2, 1, 5, 5), new SlidingWindowConfig(1, 1, 8, 3, 2, 0, 6, 6),
                new SlidingWindowConfig(1, 1, 8, 1, 1, 0, 3, 3))) {
            RunTrace t = run(c, StallPattern.random(7, 1, 1, 0.4, 0.4, 4000), 3);
            assertEquals(windows(c, 3), t.beats().get("windows").stream().map(Beat::data).toList(), c.toString());
        }
    }

    @Test
    void aPointwiseWindowFollowsItsInputThreeCyclesLaterAtFullRate() {
        SlidingWindowConfig c = new SlidingWindowConfig(1, 1, 8, 1, 1, 0, 2, 3);
        RunTrace t = run(c, StallPattern.none(1, 1), 1);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), t.accepts().get("pixels"));
        // The first row is complete after cycle 2; the read is issued in cycle 3 and valid in cycle 5.
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L, 10L), t.beats().get("windows").stream().map(Beat::cycle).toList());
    }
}
