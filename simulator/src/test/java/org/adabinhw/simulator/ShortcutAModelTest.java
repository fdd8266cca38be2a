package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.blocks.ShortcutAConfig;
import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class ShortcutAModelTest {
    /** A C×H×W tensor in pixel-major beats of {@code lanes} lanes. */
    private static List<BigInteger> beats(int[] x, int channels, int height, int width, int lanes, int w) {
        List<BigInteger> l = new ArrayList<>();
        for (int p = 0; p < height * width; p++) {
            for (int f = 0; f < channels / lanes; f++) {
                int[] v = new int[lanes];
                for (int i = 0; i < lanes; i++) {
                    v[i] = x[(f * lanes + i) * height * width + p];
                }
                l.add(Lanes.pack(v, w));
            }
        }
        return l;
    }

    private static void check(ShortcutAConfig c, StallPattern pattern, boolean timing) {
        ShortcutLayer layer = new ShortcutLayer("sc", "x", new Shape(c.channels(), c.height(),
                c.width()), c.outShape(), c.stride(), c.padChannels());
        int[] x = new int[c.channels() * c.height() * c.width()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7 + 3) % 251 - 125;
        }
        int[] y = layer.apply(List.of(x), null);
        List<BigInteger> in = new ArrayList<>(beats(x, c.channels(), c.height(), c.width(), c.lanes(), c.laneWidth()));
        List<BigInteger> expected = new ArrayList<>(beats(y, c.outChannels(), c.outHeight(), c.outWidth(), c.lanes(),
                c.laneWidth()));
        // Two images back to back.
        in.addAll(List.copyOf(in));
        expected.addAll(List.copyOf(expected));
        // Drain long enough for the dropped pixels after the last kept one to be consumed.
        SimulationRun run = new SimulationRun(pattern, 2000, 100_000);
        Stream<BigInteger> s = run.input("x", in);
        Stream<BigInteger> o = run.output("y", expected.size(), b -> b);
        run.add(new ShortcutAModel("sc", c, s, o));
        RunTrace t = run.run();
        assertEquals(expected, t.beats().get("y").stream().map(Beat::data).toList(), c.toString());
        assertEquals(in.size(), t.accepts().get("x").size());
        if (timing) {
            assertEquals(c.runLength(2), t.length(), "run length of " + c);
        }
    }

    @Test
    void matchesTheGoldenLayerUnderStallsAndTheClosedFormWithout() {
        for (ShortcutAConfig c : List.of(new ShortcutAConfig(4, 8, 8, 2, 2, 2, 8), new ShortcutAConfig(3, 7, 7, 2, 3, 1, 8),
                new ShortcutAConfig(2, 5, 6, 2, 0, 2, 8), new ShortcutAConfig(4, 3, 4, 1, 4, 4, 8),
                new ShortcutAConfig(2, 7, 5, 3, 2, 1, 8), new ShortcutAConfig(1, 1, 1, 2, 1, 1, 8))) {
            check(c, StallPattern.none(1, 1), true);
            check(c, StallPattern.random(9, 1, 1, 0.4, 0.4, 5000), false);
        }
    }
}
