package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.blocks.HeadUnitConfig;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class HeadUnitModelTest {
    private static HeadLayer layer(HeadUnitConfig c, SplittableRandom r, int shift, int weightMax) {
        int[] w = new int[c.classes() * c.channels()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(-weightMax, weightMax + 1);
        }
        long[] b = new long[c.classes()];
        for (int j = 0; j < b.length; j++) {
            b[j] = r.nextLong(-5000, 5001);
        }
        return new HeadLayer("fc", "x", new Shape(c.channels(), c.height(), c.width()), true, c.classes(), w, b, shift,
                new QuantConfig(c.streamWidth(), 4, 27, c.weightWidth(), 32));
    }

    /** Runs {@code images} random images through the model; fills {@code expected} with the golden logits. */
    private static RunTrace run(HeadUnitConfig c, StallPattern pattern, long seed, int images, List<BigInteger> expected) {
        SplittableRandom r = new SplittableRandom(seed);
        HeadLayer layer = layer(c, r, (int) (seed % 5), 100);
        List<BigInteger> beats = new ArrayList<>();
        int plane = c.pixels();
        for (int img = 0; img < images; img++) {
            int[] x = new int[c.channels() * plane];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(c.valueMin(), c.valueMax() + 1);
            }
            for (int p = 0; p < plane; p++) {
                for (int f = 0; f < c.folds(); f++) {
                    int[] v = new int[c.lanes()];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = x[(f * c.lanes() + i) * plane + p];
                    }
                    beats.add(c.packValues(v));
                }
            }
            for (int logit : layer.apply(List.of(x), null)) {
                expected.add(c.packLogit(logit));
            }
        }
        SimulationRun run = new SimulationRun(pattern, 8, 2_000_000);
        Stream<BigInteger> in = run.input("x", beats);
        Stream<BigInteger> out = run.output("logits", expected.size(), b -> b);
        run.add(new HeadUnitModel("head", c, layer, in, out));
        return run.run();
    }

    private static final HeadUnitConfig[] CONFIGS = {
        new HeadUnitConfig(16, 4, 4, 4, 10, 1, 12, 24),   // T_in 64 < T_mac 160
        new HeadUnitConfig(16, 4, 8, 8, 10, 2, 12, 24),   // T_in 256 > T_mac 80
        new HeadUnitConfig(10, 10, 1, 1, 10, 10, 12, 24), // T_in 1, FOLDS = 1, one group
        new HeadUnitConfig(10, 1, 2, 2, 3, 3, 12, 24),    // T_in 40 > T_mac 10
        new HeadUnitConfig(4, 2, 2, 5, 5, 1, 12, 24),     // T_in 20 = T_mac 20
        new HeadUnitConfig(3, 3, 3, 3, 3, 3, 12, 24),     // FOLDS = 1 back to back, T_in 9 > T_mac 3
        new HeadUnitConfig(1, 1, 1, 1, 7, 1, 12, 24),     // one channel: a group per cycle
        new HeadUnitConfig(2, 1, 1, 3, 4, 1, 12, 24),     // T_in 6 < T_mac 8
    };

    @Test
    void matchesTheGoldenModelUnderStalls() {
        for (HeadUnitConfig c : CONFIGS) {
            for (long seed = 1; seed <= 4; seed++) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, StallPattern.random(seed, 1, 1, 0.4, 0.4, 40_000), seed, 4, expected);
                assertTrue(!t.timedOut(), c + " timed out");
                assertEquals(expected, t.beats().get("logits").stream().map(Beat::data).toList(), c + ", seed " + seed);
            }
        }
    }

    @Test
    void runLengthWithoutStallsIsTheClosedForm() {
        for (HeadUnitConfig c : CONFIGS) {
            for (int images : new int[] {1, 2, 5}) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, StallPattern.none(1, 1), 3, images, expected);
                assertEquals(expected, t.beats().get("logits").stream().map(Beat::data).toList(), c.toString());
                assertEquals(c.runLength(images), t.length(), c + ", " + images + " images");
                // The input stalls only when the MAC phase is longer than an image's input, and not before the
                // third image (the second is summed into the other bank while the first one's MACs run).
                List<Long> acc = t.accepts().get("x");
                long gaps = acc.get(acc.size() - 1) - acc.get(0) + 1 - acc.size();
                long expectGaps = Math.max(0, images - 2) * (c.cyclesPerImage() - c.inputCyclesPerImage());
                assertEquals(expectGaps, gaps, "input stall cycles of " + c + ", " + images + " images");
            }
        }
    }

    @Test
    void theFirstLogitFollowsTheLastInputBeatAfterTheLatency() {
        for (HeadUnitConfig c : CONFIGS) {
            List<BigInteger> expected = new ArrayList<>();
            RunTrace t = run(c, StallPattern.none(1, 1), 3, 1, expected);
            List<Long> acc = t.accepts().get("x");
            assertEquals(acc.get(acc.size() - 1) + c.latency(), t.beats().get("logits").get(0).cycle(), c.toString());
        }
    }

    @Test
    void rejectsALayerOfAnotherShape() {
        HeadUnitConfig c = new HeadUnitConfig(16, 4, 4, 4, 10, 1, 12, 24);
        HeadLayer other = layer(new HeadUnitConfig(16, 4, 4, 5, 10, 1, 12, 24), new SplittableRandom(1), 0, 10);
        assertThrows(IllegalArgumentException.class,
                () -> new HeadUnitModel("head", c, other, new Stream<>("a"), new Stream<>("b")));
    }
}
