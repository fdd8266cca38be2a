package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
        Stream<int[]> in = run.input("values", beats);
        Stream<long[]> out = run.output("bits", 10, c::packBits);
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
        List<int[]> beats = List.of(new int[] {-128}, new int[] {127}, new int[] {0}, new int[] {5});
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 0, 100);
        Stream<int[]> in = run.input("values", beats);
        Stream<long[]> out = run.output("bits", 4, c::packBits);
        run.add(new ThresholdUnitModel("t", c, new int[] {-128, 128, 0}, in, out));
        RunTrace trace = run.run();
        assertEquals(List.of(0L, 1L, 2L, 3L), trace.accepts().get("values"));
        assertEquals(List.of(1L, 2L, 3L, 4L), trace.beats().get("bits").stream().map(Beat::cycle).toList());
        // Channel 0 at the minimum passes, channel 1 at 128 never passes, channel 2 at 0 passes 0, then fold 0 again.
        assertArrayEquals(new Object[] {BigInteger.ONE, BigInteger.ZERO, BigInteger.ONE, BigInteger.ONE},
                trace.beats().get("bits").stream().map(Beat::data).toArray());
    }

    @Test
    void rejectsThresholdsOutOfRange() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(2, 1, 8);
        assertThrows(IllegalArgumentException.class,
                () -> new ThresholdUnitModel("t", c, new int[] {0, 129}, new Stream<>("a"), new Stream<>("b")));
    }
}
