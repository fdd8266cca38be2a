package org.adabinhw.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A testbench driver: offers a list of beats on a stream under a {@link StallPattern}, exactly as the RTL
 * harnesses do. In a cycle where no beat is pending it raises TVALID with the next beat if the pattern
 * allows; a beat once offered stays offered until it transfers. It records the cycle of every transfer.
 *
 * @param <T> the payload type
 */
public final class StreamSource<T> implements Block {
    private final String name;
    private final Stream<T> out;
    private final List<T> beats;
    private final StallPattern pattern;
    private final int column;
    private final List<Long> accepted = new ArrayList<>();
    private int next;
    private boolean valid;
    private boolean fired;
    private long cycle;

    /**
     * A source for one input column of the pattern.
     *
     * @param name    instance name
     * @param out     the driven stream
     * @param beats   the beats, in order
     * @param pattern the stall pattern
     * @param input   this source's input column in the pattern
     */
    public StreamSource(String name, Stream<T> out, List<T> beats, StallPattern pattern, int input) {
        this.name = name;
        this.out = out;
        this.beats = List.copyOf(beats);
        this.pattern = pattern;
        this.column = input;
        pattern.validAllowed(input, 0);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        next = 0;
        cycle = 0;
        accepted.clear();
        valid = !beats.isEmpty() && pattern.validAllowed(column, 0);
        out.drive(valid, valid ? beats.get(0) : null);
    }

    @Override
    public void compute() {
        fired = out.fire();
        if (fired) {
            accepted.add(cycle);
        }
    }

    @Override
    public void commit() {
        if (fired) {
            next++;
            valid = false;
        }
        cycle++;
        if (!valid) {
            valid = next < beats.size() && pattern.validAllowed(column, cycle);
        }
        out.drive(valid, valid ? beats.get(next) : null);
    }

    /** The cycles in which beats transferred, in order. */
    public List<Long> accepted() {
        return List.copyOf(accepted);
    }

    /** Whether every beat has transferred. */
    public boolean done() {
        return next == beats.size();
    }
}
