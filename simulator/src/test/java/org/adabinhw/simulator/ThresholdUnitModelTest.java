package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.junit.jupiter.api.Test;

class ThresholdUnitModelTest {
    @Test
    void comparesEachLaneWithItsChannelsThresholdFoldByFold() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(130, 65, 8);
        Random r = new Random(1);
        int[] t = new int[130];
        for (int i = 0; i < t.length; i++) {
            t[i] = r.nextInt(257) - 128;
        }
        List<int[]> beats = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            int[] x = new int[65];
            for (int i = 0; i < 65; i++) {
                x[i] = i % 3 == 0 ? Math.min(127, t[(b % 2) * 65 + i]) : r.nextInt(256) - 128;
            }
            beats.add(x);
        }
        SimulationRun run = new SimulationRun(StallPattern.random(4, 1, 1, 0.5, 0.5, 200), 4, 10_000);
        Stream<BigInteger> in = run.input("values", beats.stream().map(c::packValues).toList());
        Stream<BigInteger> out = run.output("bits", 10, b -> b);
        run.add(new ThresholdUnitModel("t", c, t, in, out));
        RunTrace trace = run.run();
        for (int b = 0; b < 10; b++) {
            BigInteger expected = BigInteger.ZERO;
            for (int i = 0; i < 65; i++) {
                if (beats.get(b)[i] >= t[(b % 2) * 65 + i]) {
                    expected = expected.setBit(i);
                }
            }
            assertEquals(expected, trace.beats().get("bits").get(b).data(), "beat " + b);
        }
    }

    @Test
    void latencyOneAndFullRateWithoutStalls() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(3, 1, 8);
        List<BigInteger> beats = IntStream.of(-128, 127, 0, 5).mapToObj(v -> c.packValues(new int[] {v})).toList();
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 0, 100);
        Stream<BigInteger> in = run.input("values", beats);
        Stream<BigInteger> out = run.output("bits", 4, b -> b);
        run.add(new ThresholdUnitModel("t", c, new int[] {-128, 128, 0}, in, out));
        RunTrace trace = run.run();
        assertEquals(List.of(0L, 1L, 2L, 3L), trace.accepts().get("values"));
        assertEquals(List.of(1L, 2L, 3L, 4L), trace.beats().get("bits").stream().map(Beat::cycle).toList());
        // Channel 0 at the minimum passes, channel 1 at 128 never passes, channel 2 at 0 passes 0, then fold 0 again.
        assertArrayEquals(new Object[] {BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE},
                trace.beats().get("bits").stream().map(Beat::data).toArray());
    }

    @Test
    void rejectsAnInputBeatWiderThanItsLanesNamingTheBlockAndTheBeat() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(4, 2, 8);
        BigInteger wide = BigInteger.ONE.shiftLeft(16);
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 0, 100);
        Stream<BigInteger> in = run.input("values", List.of(wide));
        Stream<BigInteger> out = run.output("bits", 1, b -> b);
        run.add(new ThresholdUnitModel("t7", c, new int[4], in, out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::run);
        assertTrue(e.getMessage().startsWith("t7: ") && e.getMessage().contains("0x10000"), e.getMessage());
    }

    @Test
    void rejectsThresholdsOutOfRange() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(2, 1, 8);
        assertThrows(IllegalArgumentException.class,
                () -> new ThresholdUnitModel("t", c, new int[] {0, 129}, new Stream<>("a"), new Stream<>("b")));
    }
}
