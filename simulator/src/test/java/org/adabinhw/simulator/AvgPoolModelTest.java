package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.blocks.AvgPoolConfig;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AvgPoolModelTest {
    private static final AvgPoolConfig[] CONFIGS = {new AvgPoolConfig(4, 2, 8, 3, 2, 1, 7, 7),
        new AvgPoolConfig(3, 3, 28, 2, 2, 0, 5, 4), new AvgPoolConfig(2, 1, 8, 1, 1, 0, 3, 3),
        new AvgPoolConfig(1, 1, 28, 3, 1, 1, 4, 5)};

    private static AvgPoolLayer layer(AvgPoolConfig c, boolean countIncludePad) {
        return new AvgPoolLayer("pool", "x", new Shape(c.channels(), c.inHeight(), c.inWidth()),
                new Shape(c.channels(), c.outHeight(), c.outWidth()), c.kernel(), c.stride(), c.padding(), countIncludePad,
                QuantConfig.DEFAULT.withStream(c.streamWidth(), c.streamWidth() - 1));
    }

    private static RunTrace run(AvgPoolConfig c, boolean includePad, StallPattern pattern, long seed,
                                List<BigInteger> expected) {
        SplittableRandom r = new SplittableRandom(seed);
        AvgPoolLayer layer = layer(c, includePad);
        List<BigInteger> beats = new ArrayList<>();
        for (int img = 0; img < 2; img++) {
            int[] x = PoolWindows.image(r, c.channels() * c.inHeight() * c.inWidth(), c.streamWidth());
            beats.addAll(PoolWindows.windows(x, c.channels(), c.inHeight(), c.inWidth(), c.simd(), c.streamWidth(),
                    c.kernel(), c.stride(), c.padding()));
            expected.addAll(PoolWindows.values(layer.apply(List.of(x), null), c.channels(), c.outPixels(), c.simd(),
                    c.streamWidth()));
        }
        SimulationRun run = new SimulationRun(pattern, 4, 1_000_000);
        Stream<BigInteger> in = run.input("window", beats);
        Stream<BigInteger> out = run.output("values", expected.size(), b -> b);
        run.add(new AvgPoolModel("pool", c, layer, in, out));
        return run.run();
    }

    @Test
    void matchesTheGoldenModelUnderStalls() {
        for (AvgPoolConfig c : CONFIGS) {
            for (long seed = 1; seed <= 4; seed++) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, seed % 2 == 0, StallPattern.random(seed, 1, 1, 0.4, 0.4, 20_000), seed, expected);
                assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c + ", seed " + seed);
            }
        }
    }

    @Test
    void runLengthWithoutStallsIsTheClosedForm() {
        for (AvgPoolConfig c : CONFIGS) {
            List<BigInteger> expected = new ArrayList<>();
            RunTrace t = run(c, false, StallPattern.none(1, 1), 5, expected);
            assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c.toString());
            assertEquals(c.runLength(2L * c.outPixels()), t.length(), c.toString());
        }
    }

    @Test
    void rejectsALayerOfAnotherGeometry() {
        AvgPoolConfig c = CONFIGS[0];
        AvgPoolLayer other = layer(new AvgPoolConfig(4, 2, 8, 3, 2, 1, 7, 6), false);
        assertThrows(IllegalArgumentException.class,
                () -> new AvgPoolModel("pool", c, other, new Stream<>("a"), new Stream<>("b")));
    }
}
