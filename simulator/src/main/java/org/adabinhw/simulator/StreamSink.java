package org.adabinhw.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A testbench monitor: sets TREADY from a {@link StallPattern} column and records every transferred beat
 * with its cycle, exactly as the RTL harnesses do.
 *
 * @param <T> the payload type
 */
public final class StreamSink<T> implements Block {
    private final String name;
    private final Stream<T> in;
    private final StallPattern pattern;
    private final int column;
    private final List<Beat<T>> beats = new ArrayList<>();
    private long cycle;

    /**
     * A sink for one output column of the pattern.
     *
     * @param name    instance name
     * @param in      the consumed stream
     * @param pattern the stall pattern
     * @param output  this sink's output column in the pattern
     */
    public StreamSink(String name, Stream<T> in, StallPattern pattern, int output) {
        this.name = name;
        this.in = in;
        this.pattern = pattern;
        this.column = output;
        pattern.ready(output, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        cycle = 0;
        beats.clear();
        in.setReady(pattern.ready(column, 0));
    }

    @Override
    public void compute() {
        if (in.fire()) {
            beats.add(new Beat<>(cycle, in.data()));
        }
    }

    @Override
    public void commit() {
        cycle++;
        in.setReady(pattern.ready(column, cycle));
    }

    /** The beats received so far, in order. */
    public List<Beat<T>> beats() {
        return List.copyOf(beats);
    }

    /** The number of beats received so far. */
    public int received() {
        return beats.size();
    }
}
