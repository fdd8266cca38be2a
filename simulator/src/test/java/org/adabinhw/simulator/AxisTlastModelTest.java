package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.blocks.AxisTlastConfig;
import org.junit.jupiter.api.Test;

class AxisTlastModelTest {
    private static RunTrace run(AxisTlastConfig c, List<BigInteger> in, StallPattern p) {
        SimulationRun run = new SimulationRun(p, 4, 10_000);
        Stream<BigInteger> x = run.input("x", in);
        Stream<BigInteger> y = run.output("y", in.size(), b -> b);
        run.add(new AxisTlastModel("t", c, x, y));
        return run.run();
    }

    private static List<BigInteger> beats(int n) {
        List<BigInteger> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(BigInteger.valueOf(i * 37 % 256));
        }
        return l;
    }

    @Test
    void passesBeatsThroughInTheSameCycleAndMarksTheLastOfEveryFrame() {
        AxisTlastConfig c = new AxisTlastConfig(8, 3);
        List<BigInteger> in = beats(9);
        RunTrace t = run(c, in, StallPattern.none(1, 1));
        List<Beat<BigInteger>> out = t.beats().get("y");
        for (int i = 0; i < in.size(); i++) {
            BigInteger want = i % 3 == 2 ? in.get(i).setBit(8) : in.get(i);
            assertEquals(want, out.get(i).data(), "beat " + i);
            // No register: the beat leaves in the cycle it is accepted.
            assertEquals(t.accepts().get("x").get(i), out.get(i).cycle());
        }
    }

    @Test
    void underStallsTheCounterMovesOnlyOnTransfers() {
        AxisTlastConfig c = new AxisTlastConfig(5, 4);
        List<BigInteger> in = beats(41).stream().map(b -> b.and(BigInteger.valueOf(31))).toList();
        RunTrace t = run(c, in, StallPattern.random(3, 1, 1, 0.4, 0.5, 2000));
        List<Beat<BigInteger>> out = t.beats().get("y");
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(i % 4 == 3, out.get(i).data().testBit(5), "tlast of beat " + i);
            assertEquals(in.get(i), out.get(i).data().clearBit(5));
            assertEquals(t.accepts().get("x").get(i), out.get(i).cycle());
        }
    }

    @Test
    void aBeatWiderThanTheDataIsRejectedNamingTheBlock() {
        AxisTlastConfig c = new AxisTlastConfig(4, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(c, List.of(BigInteger.valueOf(16)), StallPattern.none(1, 1)));
        assertTrue(e.getMessage().contains("t:") && e.getMessage().contains("4 bits"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AxisTlastConfig(0, 1));
    }
}
