package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.adabinhw.generator.blocks.AffineUnitConfig;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AffineUnitModelTest {
    @Test
    void matchesTheGoldenLayerUnderStallsWithLatencyThree() {
        AffineUnitConfig c = new AffineUnitConfig(4, 2, 8, 12);
        QuantConfig q = QuantConfig.DEFAULT.withStream(8, 4);
        SplittableRandom r = new SplittableRandom(5);
        int pixels = 30;
        int[] mul = {2047, -2048, 3, -700};
        long[] add = {(1L << 47) - 1, -5, 100, -(1L << 20)};
        AffineLayer l = new AffineLayer("bn", "x", new Shape(4, 1, pixels), mul, add, 9, q);
        int[] x = new int[4 * pixels];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(-128, 128);
        }
        int[] y = l.apply(List.of(x), null);
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        for (int p = 0; p < pixels; p++) {
            for (int f = 0; f < 2; f++) {
                in.add(c.packValues(new long[] {x[(2 * f) * pixels + p], x[(2 * f + 1) * pixels + p]}));
                expected.add(c.packValues(new long[] {y[(2 * f) * pixels + p], y[(2 * f + 1) * pixels + p]}));
            }
        }
        for (StallPattern pattern : List.of(StallPattern.none(1, 1), StallPattern.random(2, 1, 1, 0.5, 0.5, 500))) {
            SimulationRun run = new SimulationRun(pattern, 8, 10_000);
            Stream<BigInteger> s = run.input("x", in);
            Stream<BigInteger> o = run.output("y", expected.size(), Function.identity());
            run.add(new AffineUnitModel("a", c, l, s, o));
            RunTrace trace = run.run();
            assertEquals(expected, trace.beats().get("y").stream().map(Beat::data).toList());
            if (pattern.length() == 1) {
                assertEquals(c.runLength(pixels), trace.length());
            }
        }
    }
}
