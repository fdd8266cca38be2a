package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.adabinhw.generator.blocks.PiecewiseUnitConfig;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class PiecewiseUnitModelTest {
    private static List<BigInteger> beats(PiecewiseUnitConfig c, int[] t, int pixels) {
        List<BigInteger> b = new ArrayList<>();
        for (int p = 0; p < pixels; p++) {
            for (int f = 0; f < c.folds(); f++) {
                long[] v = new long[c.lanes()];
                for (int i = 0; i < c.lanes(); i++) {
                    v[i] = t[(f * c.lanes() + i) * pixels + p];
                }
                b.add(c.packValues(v));
            }
        }
        return b;
    }

    @Test
    void matchesTheGoldenLayerUnderStallsEvenWithBoundsTheWrongWayRound() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(6, 2, 8, 10);
        SplittableRandom r = new SplittableRandom(3);
        int pixels = 20;
        for (int[] bounds : new int[][] {{-128, 127}, {-20, 30}, {40, -40}}) {
            int[] pos = new int[6];
            int[] neg = new int[6];
            for (int i = 0; i < 6; i++) {
                pos[i] = r.nextInt(-512, 512);
                neg[i] = r.nextInt(-512, 512);
            }
            PiecewiseLayer l = new PiecewiseLayer("act", "x", new Shape(6, 1, pixels), pos, neg, 5, bounds[0], bounds[1]);
            int[] x = new int[6 * pixels];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 7 == 0 ? 0 : r.nextInt(-128, 128);
            }
            List<BigInteger> in = beats(c, x, pixels);
            List<BigInteger> expected = beats(c, l.apply(List.of(x), null), pixels);
            SimulationRun run = new SimulationRun(StallPattern.random(9, 1, 1, 0.4, 0.4, 400), 8, 10_000);
            Stream<BigInteger> s = run.input("x", in);
            Stream<BigInteger> o = run.output("y", expected.size(), Function.identity());
            run.add(new PiecewiseUnitModel("p", c, l, s, o));
            RunTrace trace = run.run();
            assertEquals(expected, trace.beats().get("y").stream().map(Beat::data).toList(), "bounds " + bounds[0]);
        }
    }

    @Test
    void latencyThreeAndOneBeatPerCycleWithoutStalls() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(3, 1, 8, 8);
        PiecewiseLayer relu = new PiecewiseLayer("relu", "x", new Shape(3, 1, 2), new int[] {1, 1, 1}, new int[3], 0,
                -128, 127);
        List<BigInteger> in = new ArrayList<>();
        for (long v : new long[] {5, -5, 0, 127, -128, 1}) {
            in.add(c.packValues(new long[] {v}));
        }
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 0, 100);
        Stream<BigInteger> s = run.input("x", in);
        Stream<BigInteger> o = run.output("y", 6, Function.identity());
        run.add(new PiecewiseUnitModel("p", c, relu, s, o));
        RunTrace trace = run.run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), trace.accepts().get("x"));
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 8L), trace.beats().get("y").stream().map(Beat::cycle).toList());
        assertEquals(List.of(5L, 0L, 0L, 127L, 0L, 1L),
                trace.beats().get("y").stream().map(b -> c.unpackValues(b.data())[0]).toList());
        assertEquals(c.runLength(2), trace.length());
    }

    @Test
    void aStalledOutputFillsTheFourPlacesAndStopsTheInput() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(1, 1, 8, 8);
        PiecewiseLayer id = new PiecewiseLayer("id", "x", new Shape(1, 1, 8), new int[] {1}, new int[] {1}, 0, -128, 127);
        List<BigInteger> in = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            in.add(c.packValues(new long[] {i}));
        }
        // The output is ready only from cycle 20 on: four beats enter, then the input waits.
        StringBuilder p = new StringBuilder();
        for (int cycle = 0; cycle < 20; cycle++) {
            p.append("10\n");
        }
        SimulationRun run = new SimulationRun(StallPattern.parse(p.toString(), 1, 1), 0, 200);
        Stream<BigInteger> s = run.input("x", in);
        Stream<BigInteger> o = run.output("y", 8, Function.identity());
        run.add(new PiecewiseUnitModel("p", c, id, s, o));
        RunTrace trace = run.run();
        assertEquals(List.of(0L, 1L, 2L, 3L, 21L, 22L, 23L, 24L), trace.accepts().get("x"));
        assertEquals(List.of(20L, 21L, 22L, 23L, 24L, 25L, 26L, 27L),
                trace.beats().get("y").stream().map(Beat::cycle).toList());
    }
}
