package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.adabinhw.generator.blocks.StreamAddConfig;
import org.junit.jupiter.api.Test;

class StreamAddModelTest {
    private static final StreamAddConfig C = new StreamAddConfig(2, 2, 8);

    private static List<BigInteger> beats(long... pairs) {
        List<BigInteger> b = new ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            b.add(C.packValues(new long[] {pairs[i], pairs[i + 1]}));
        }
        return b;
    }

    private static RunTrace run(StallPattern pattern, List<BigInteger> a, List<BigInteger> b) {
        SimulationRun run = new SimulationRun(pattern, 4, 1000);
        Stream<BigInteger> sa = run.input("a", a);
        Stream<BigInteger> sb = run.input("b", b);
        Stream<BigInteger> y = run.output("y", a.size(), Function.identity());
        run.add(new StreamAddModel("add", C, sa, sb, y));
        return run.run();
    }

    @Test
    void saturatingSumsLaneByLaneWithLatencyOne() {
        List<BigInteger> a = beats(100, -100, 127, -128, 5, -5);
        List<BigInteger> b = beats(27, -28, 1, -1, -5, 5);
        RunTrace t = run(StallPattern.none(2, 1), a, b);
        assertEquals(beats(127, -128, 127, -128, 0, 0), t.beats().get("y").stream().map(Beat::data).toList());
        assertEquals(List.of(0L, 1L, 2L), t.accepts().get("a"));
        assertEquals(List.of(0L, 1L, 2L), t.accepts().get("b"));
        assertEquals(List.of(1L, 2L, 3L), t.beats().get("y").stream().map(Beat::cycle).toList());
        assertEquals(C.runLength(3), t.length());
    }

    @Test
    void aBeatWithoutItsPartnerWaitsAndItsStreamStallsUntilThePairIsComplete() {
        // Input b may offer a beat only from cycle 3 on; a offers at once.
        String p = "101\n101\n101\n";
        List<BigInteger> a = beats(1, 1, 2, 2, 3, 3);
        List<BigInteger> b = beats(10, 10, 20, 20, 30, 30);
        RunTrace t = run(StallPattern.parse(p, 2, 1), a, b);
        // a's first beat is held from cycle 0; a is not ready again until b's first beat arrives in cycle 3.
        assertEquals(List.of(0L, 4L, 5L), t.accepts().get("a"));
        assertEquals(List.of(3L, 4L, 5L), t.accepts().get("b"));
        assertEquals(beats(11, 11, 22, 22, 33, 33), t.beats().get("y").stream().map(Beat::data).toList());
        assertEquals(List.of(4L, 5L, 6L), t.beats().get("y").stream().map(Beat::cycle).toList());
    }
}
