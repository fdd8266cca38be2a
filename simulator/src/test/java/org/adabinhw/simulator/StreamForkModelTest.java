package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.blocks.StreamForkConfig;
import org.junit.jupiter.api.Test;

class StreamForkModelTest {
    private static List<BigInteger> beats(int n) {
        List<BigInteger> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(BigInteger.valueOf((i * 37L + 5) & 0xff));
        }
        return l;
    }

    private static RunTrace run(StreamForkConfig c, StallPattern pattern, List<BigInteger> in) {
        SimulationRun run = new SimulationRun(pattern, 4, 100_000);
        Stream<BigInteger> x = run.input("x", in);
        List<Stream<BigInteger>> ys = new ArrayList<>();
        for (int k = 0; k < c.outputs(); k++) {
            ys.add(run.output(c.outputName(k), in.size(), b -> b));
        }
        run.add(new StreamForkModel("fork", c, x, ys));
        return run.run();
    }

    @Test
    void everyOutputGetsEveryBeatUnderIndependentStalls() {
        StreamForkConfig c = new StreamForkConfig(8, 3);
        List<BigInteger> in = beats(300);
        RunTrace t = run(c, StallPattern.random(11, 1, 3, 0.2, 0.4, 5000), in);
        for (int k = 0; k < 3; k++) {
            assertEquals(in, t.beats().get("y" + k).stream().map(Beat::data).toList(), "output " + k);
        }
    }

    @Test
    void fullRateWithoutStallsAndTwoBeatsOfSlackForAStalledOutput() {
        StreamForkConfig c = new StreamForkConfig(8, 2);
        RunTrace t = run(c, StallPattern.none(1, 2), beats(5));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), t.accepts().get("x"));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), t.beats().get("y0").stream().map(Beat::cycle).toList());
        assertEquals(c.runLength(5), t.length());
        // y1 stalls in cycles 0..9: its stage fills with two beats, which y0 takes at full rate meanwhile.
        StringBuilder p = new StringBuilder();
        for (int cyc = 0; cyc < 10; cyc++) {
            p.append("110\n");
        }
        RunTrace s = run(c, StallPattern.parse(p.toString(), 1, 2), beats(5));
        // y1's first pop in cycle 10 frees its stage at that edge; the registered ready rises in cycle 11.
        assertEquals(List.of(0L, 1L, 11L, 12L, 13L), s.accepts().get("x"));
        assertEquals(List.of(1L, 2L, 12L, 13L, 14L), s.beats().get("y0").stream().map(Beat::cycle).toList());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), s.beats().get("y1").stream().map(Beat::cycle).toList());
    }
}
