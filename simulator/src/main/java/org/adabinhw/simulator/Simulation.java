package org.adabinhw.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * The cycle loop: blocks and the streams between them, evaluated in two phases per cycle (every block
 * computes, then every block commits, then the streams advance), so the order in which blocks were added
 * never changes a result. {@link Combinational} blocks, which pass signals through without a register, settle
 * between the commits and the advance, in the order they were added (a chain of them must be added
 * producer first). Cycle 0 is the first cycle after reset, as in the RTL harnesses.
 */
public final class Simulation {
    private final List<Block> blocks = new ArrayList<>();
    private final List<Stream<?>> streams = new ArrayList<>();
    private final List<Combinational> combinational = new ArrayList<>();
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
        if (block instanceof Combinational c) {
            combinational.add(c);
        }
        return block;
    }

    /** The blocks, in the order they were added. */
    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** The streams, in the order they were created. */
    public List<Stream<?>> streams() {
        return List.copyOf(streams);
    }

    /** Resets every block and makes the signals of cycle 0 current. */
    public void reset() {
        for (Block b : blocks) {
            b.reset();
        }
        settle();
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
        settle();
        for (Stream<?> s : streams) {
            s.advance();
        }
        cycle++;
    }

    private void settle() {
        for (Combinational c : combinational) {
            c.settle();
        }
    }

    /** The cycle that {@link #step()} evaluates next; 0 right after reset. */
    public long cycle() {
        return cycle;
    }
}
