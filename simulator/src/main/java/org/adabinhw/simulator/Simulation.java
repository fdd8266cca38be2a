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
    private final List<Stream<?>> driven = new ArrayList<>();
    private final List<Stream<?>> advanced = new ArrayList<>();
    private Block[] order = new Block[0];
    private boolean[] skipped = new boolean[0];
    private long skips;
    private long evaluations;
    private long cycle = -1;

    /** A simulation with no blocks; add them, then {@link #reset()}. */
    public Simulation() {
    }

    /** Creates a stream owned by this simulation. */
    public <T> Stream<T> stream(String name) {
        Stream<T> s = new Stream<>(name, driven);
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



    /** Resets every block and makes the signals of cycle 0 current. */
    public void reset() {
        for (Block b : blocks) {
            b.reset();
        }
        settle();
        for (Stream<?> s : streams) {
            s.start();
        }
        driven.clear();
        order = blocks.toArray(new Block[0]);
        skipped = new boolean[order.length];
        skips = 0;
        evaluations = 0;
        cycle = 0;
    }

    /** Evaluates the current cycle and moves to the next. */
    public void step() {
        if (cycle < 0) {
            throw new IllegalStateException("reset() the simulation before stepping it");
        }
        Block[] bs = order;
        boolean[] skip = skipped;
        for (int i = 0; i < bs.length; i++) {
            Block b = bs[i];
            boolean idle = b.idle();
            skip[i] = idle;
            if (!idle) {
                b.compute();
            }
        }
        int n = 0;
        for (int i = 0; i < bs.length; i++) {
            if (!skip[i]) {
                bs[i].commit();
                n++;
            }
        }
        evaluations += n;
        skips += bs.length - n;
        settle();
        advanced.clear();
        for (int i = 0; i < driven.size(); i++) {
            Stream<?> s = driven.get(i);
            s.advance();
            advanced.add(s);
        }
        driven.clear();
        cycle++;
    }

    private void settle() {
        for (Combinational c : combinational) {
            c.settle();
        }
    }

    /**
     * The streams driven in the cycle the last {@link #step()} evaluated (the others held every signal, so no beat
     * moved on them); valid until the next step.
     */
    public List<Stream<?>> advanced() {
        return advanced;
    }

    /** Block evaluations since reset (a block evaluated in a cycle counts once). */
    public long evaluations() {
        return evaluations;
    }

    /** Block cycles skipped as idle since reset. */
    public long skips() {
        return skips;
    }

    /** The cycle that {@link #step()} evaluates next; 0 right after reset. */
    public long cycle() {
        return cycle;
    }
}
