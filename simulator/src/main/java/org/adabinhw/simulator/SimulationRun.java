package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A run of a design under test in the Java model with the same rules as the RTL harnesses: one
 * {@link StreamSource} per input and one {@link StreamSink} per output, driven by a {@link StallPattern}
 * whose columns follow the order in which inputs and outputs are declared. The run stops
 * {@code drainCycles} cycles after the cycle in which the last expected output beat arrived (so that
 * unexpected extra beats are seen), or at {@code maxCycles} (a timeout if the expected beats had not all arrived).
 */
public final class SimulationRun {
    /** The drain of every co-simulation: cycles run after the last expected beat, to see unexpected extra beats. */
    public static final int DRAIN_CYCLES = 16;

    private final Simulation sim = new Simulation();
    private final StallPattern pattern;
    private final int drainCycles;
    private final long maxCycles;
    private final Map<String, StreamSource<?>> sources = new LinkedHashMap<>();
    private final Map<String, Output<?>> sinks = new LinkedHashMap<>();

    private record Output<T>(StreamSink<T> sink, int expected, Function<? super T, BigInteger> tdata) {
        List<Beat<BigInteger>> encoded() {
            List<Beat<BigInteger>> out = new ArrayList<>();
            for (Beat<T> b : sink.beats()) {
                out.add(new Beat<>(b.cycle(), tdata.apply(b.data())));
            }
            return out;
        }
    }

    /**
     * A run with no streams declared yet.
     *
     * @param pattern     the stall pattern (its column counts must match the declared streams)
     * @param drainCycles cycles to keep running after the last expected beat, ≥ 0
     * @param maxCycles   the cycle limit, ≥ 1
     */
    public SimulationRun(StallPattern pattern, int drainCycles, long maxCycles) {
        if (drainCycles < 0 || maxCycles < 1) {
            throw new IllegalArgumentException("drainCycles must be >= 0 and maxCycles >= 1, got " + drainCycles + ", "
                    + maxCycles);
        }
        this.pattern = pattern;
        this.drainCycles = drainCycles;
        this.maxCycles = maxCycles;
    }

    /**
     * Declares the next input stream and the beats a source offers on it.
     *
     * @return the stream, for the block under test to consume
     */
    public <T> Stream<T> input(String name, List<T> beats) {
        Stream<T> s = sim.stream(name);
        sources.put(name, sim.add(new StreamSource<>("source " + name, s, beats, pattern, sources.size())));
        return s;
    }

    /**
     * Declares the next output stream.
     *
     * @param name     the stream's name
     * @param expected beats to wait for
     * @param tdata    the TDATA of a beat, for the trace
     * @return the stream, for the block under test to produce
     */
    public <T> Stream<T> output(String name, int expected, Function<? super T, BigInteger> tdata) {
        Stream<T> s = sim.stream(name);
        StreamSink<T> sink = sim.add(new StreamSink<>("sink " + name, s, pattern, sinks.size()));
        sinks.put(name, new Output<>(sink, expected, tdata));
        return s;
    }

    /**
     * Declares a stream between two blocks of the design under test, neither an input nor an output of the run
     * (for a chain of blocks).
     *
     * @return the stream, for one block to produce and another to consume
     */
    public <T> Stream<T> stream(String name) {
        return sim.stream(name);
    }

    /** Adds a block of the design under test. */
    public <B extends Block> B add(B block) {
        return sim.add(block);
    }

    /** Runs from reset until the outputs are complete and drained, or the cycle limit. */
    public RunTrace run() {
        if (sources.size() != pattern.inputs() || sinks.size() != pattern.outputs()) {
            throw new IllegalStateException("the stall pattern has " + pattern.inputs() + " input and " + pattern.outputs()
                    + " output columns, the run " + sources.size() + " inputs and " + sinks.size() + " outputs");
        }
        sim.reset();
        long done = -1;
        boolean timedOut = false;
        while (true) {
            long c = sim.cycle();
            sim.step();
            if (done < 0 && sinks.values().stream().allMatch(o -> o.sink().received() >= o.expected())) {
                done = c;
            }
            if (done >= 0 && c >= done + drainCycles) {
                break;
            }
            if (c + 1 >= maxCycles) {
                timedOut = done < 0;
                break;
            }
        }
        Map<String, List<Long>> acc = new LinkedHashMap<>();
        sources.forEach((n, s) -> acc.put(n, s.accepted()));
        Map<String, List<Beat<BigInteger>>> beats = new LinkedHashMap<>();
        sinks.forEach((n, o) -> beats.put(n, o.encoded()));
        return new RunTrace(acc, beats, sim.cycle(), timedOut);
    }
}
