package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AxisFifoModelTest {
    private static List<BigInteger> beats(int n) {
        List<BigInteger> b = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            b.add(BigInteger.valueOf(i * 37L + 5));
        }
        return b;
    }

    private static RunTrace run(AxisFifoConfig c, StallPattern p, int n) {
        SimulationRun run = new SimulationRun(p, 8, 100_000);
        Stream<BigInteger> in = run.input("in", beats(n));
        Stream<BigInteger> out = run.output("out", n, b -> b);
        run.add(new AxisFifoModel<>("fifo", c, in, out));
        return run.run();
    }

    @Test
    void withoutStallsADepthTwoFifoPassesOneBeatPerCycleAfterOneCycle() {
        RunTrace t = run(new AxisFifoConfig(8, 2), StallPattern.none(1, 1), 20);
        assertEquals(LongStream.range(0, 20).boxed().toList(), t.accepts().get("in"));
        assertEquals(LongStream.range(1, 21).boxed().toList(), t.beats().get("out").stream().map(Beat::cycle).toList());
        assertEquals(beats(20), t.beats().get("out").stream().map(Beat::data).toList());
        assertEquals(21, t.length());
        assertEquals(21 + 8, t.cycles());
        assertFalse(t.timedOut());
    }

    @Test
    void aDepthOneFifoPassesABeatEveryOtherCycle() {
        RunTrace t = run(new AxisFifoConfig(8, 1), StallPattern.none(1, 1), 5);
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L), t.accepts().get("in"));
        assertEquals(List.of(1L, 3L, 5L, 7L, 9L), t.beats().get("out").stream().map(Beat::cycle).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 16})
    void holdsExactlyDepthBeatsWhenTheOutputNeverReady(int depth) {
        // The output is stalled for 100 cycles: the FIFO takes depth beats, then refuses.
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < 100; c++) {
            sb.append("10\n");
        }
        SimulationRun run = new SimulationRun(StallPattern.parse(sb.toString(), 1, 1), 0, 100_000);
        Stream<BigInteger> in = run.input("in", beats(40));
        Stream<BigInteger> out = run.output("out", 40, b -> b);
        AxisFifoModel<BigInteger> fifo = run.add(new AxisFifoModel<>("fifo", new AxisFifoConfig(8, depth), in, out));
        RunTrace t = run.run();
        assertEquals(depth, t.accepts().get("in").stream().filter(c -> c < 100).count());
        assertEquals(depth, fifo.peakOccupancy());
        assertEquals(beats(40), t.beats().get("out").stream().map(Beat::data).toList());
    }

    /** Source, FIFO and sink added to a simulation in a given order; returns the sink's beats. */
    private static List<Beat<BigInteger>> runInOrder(int depth, StallPattern p, int[] order) {
        Simulation sim = new Simulation();
        Stream<BigInteger> in = sim.stream("in");
        Stream<BigInteger> out = sim.stream("out");
        StreamSink<BigInteger> sink = new StreamSink<>("sink", out, p, 0);
        Block[] blocks = {new StreamSource<>("source", in, beats(300), p, 0),
                new AxisFifoModel<>("fifo", new AxisFifoConfig(8, depth), in, out), sink};
        for (int i : order) {
            sim.add(blocks[i]);
        }
        sim.reset();
        for (int c = 0; c < 2000; c++) {
            sim.step();
        }
        return sink.beats();
    }

    @Test
    void randomStallsKeepOrderAndTheBlockOrderDoesNotMatter() {
        for (int depth : new int[] {1, 2, 5}) {
            StallPattern p = StallPattern.random(depth, 1, 1, 0.4, 0.4, 2000);
            List<Beat<BigInteger>> a = runInOrder(depth, p, new int[] {0, 1, 2});
            assertEquals(beats(300), a.stream().map(Beat::data).toList());
            assertEquals(a, runInOrder(depth, p, new int[] {2, 1, 0}), "depth " + depth);
            assertEquals(a, runInOrder(depth, p, new int[] {1, 2, 0}), "depth " + depth);
        }
    }

    @Test
    void aRunThatCannotFinishTimesOut() {
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 4, 50);
        Stream<BigInteger> in = run.input("in", beats(10));
        Stream<BigInteger> out = run.output("out", 11, b -> b);
        run.add(new AxisFifoModel<>("fifo", new AxisFifoConfig(8, 2), in, out));
        RunTrace t = run.run();
        assertTrue(t.timedOut());
        assertEquals(50, t.cycles());
        assertEquals(10, t.beats().get("out").size());
    }

    @Test
    void theTraceFilesRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        RunTrace t = run(new AxisFifoConfig(37, 3), StallPattern.random(1, 1, 1, 0.3, 0.3, 100), 30);
        t.write(dir);
        assertEquals(t, RunTrace.read(dir, List.of("in"), List.of("out")));
    }
}
