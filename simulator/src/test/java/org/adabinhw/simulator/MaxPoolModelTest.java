package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.blocks.MaxPoolConfig;
import org.adabinhw.golden.integer.MaxPoolLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class MaxPoolModelTest {
    private static final MaxPoolConfig[] CONFIGS = {new MaxPoolConfig(4, 2, 8, 3, 2, 1, 7, 7),
        new MaxPoolConfig(3, 3, 28, 2, 2, 0, 5, 4), new MaxPoolConfig(2, 1, 8, 1, 1, 0, 3, 3),
        new MaxPoolConfig(1, 1, 8, 3, 1, 1, 4, 5)};

    private static MaxPoolLayer layer(MaxPoolConfig c) {
        return new MaxPoolLayer("pool", "x", new Shape(c.channels(), c.inHeight(), c.inWidth()),
                new Shape(c.channels(), c.outHeight(), c.outWidth()), c.kernel(), c.stride(), c.padding());
    }

    private static RunTrace run(MaxPoolConfig c, StallPattern pattern, long seed, List<BigInteger> expected) {
        SplittableRandom r = new SplittableRandom(seed);
        MaxPoolLayer layer = layer(c);
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
        run.add(new MaxPoolModel("pool", c, in, out));
        return run.run();
    }

    @Test
    void matchesTheGoldenModelUnderStalls() {
        for (MaxPoolConfig c : CONFIGS) {
            for (long seed = 1; seed <= 4; seed++) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, StallPattern.random(seed, 1, 1, 0.4, 0.4, 20_000), seed, expected);
                assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c + ", seed " + seed);
            }
        }
    }

    @Test
    void runLengthWithoutStallsIsTheClosedForm() {
        for (MaxPoolConfig c : CONFIGS) {
            List<BigInteger> expected = new ArrayList<>();
            RunTrace t = run(c, StallPattern.none(1, 1), 5, expected);
            assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c.toString());
            assertEquals(c.runLength(2L * c.outPixels()), t.length(), c.toString());
        }
    }
}
