package org.adabinhw.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The cycle loop: blocks and the streams between them, evaluated in two phases per cycle (every block
 * computes, then every block commits, then the streams advance), so the order in which blocks were added
 * never changes a result. Cycle 0 is the first cycle after reset, as in the RTL harnesses.
 */
public final class Simulation {
    private final List<Block> blocks = new ArrayList<>();
    private final List<Stream<?>> streams = new ArrayList<>();
    private long cycle = -1;

    /** A simulation with no blocks; add them, then {@link #reset()}. */
    public Simulation() {
    }

    /** Creates a stream owned by this simulation. */
    public <T> Stream<T> stream(String name) {
        Stream<T> s = new Stream<>(name);
        streams.add(s);
        return s;
    }

    /** Adds a block; returns it. */
    public <B extends Block> B add(B block) {
        blocks.add(block);
        return block;
    }

    /** Resets every block and makes the signals of cycle 0 current. */
    public void reset() {
        for (Block b : blocks) {
            b.reset();
        }
        for (Stream<?> s : streams) {
            s.start();
        }
        cycle = 0;
    }

    /** Evaluates the current cycle and moves to the next. */
    public void step() {
        if (cycle < 0) {
            throw new IllegalStateException("reset() the simulation before stepping it");
        }
        for (Block b : blocks) {
            b.compute();
        }
        for (Block b : blocks) {
            b.commit();
        }
        for (Stream<?> s : streams) {
            s.advance();
        }
        cycle++;
    }

    /** The cycle that {@link #step()} evaluates next; 0 right after reset. */
    public long cycle() {
        return cycle;
    }
}
