package org.adabinhw.simulator;

/**
 * One hardware block of the cycle model, mirroring one RTL module. A {@link Simulation} evaluates every
 * cycle in two phases: all blocks {@link #compute()}, then all blocks {@link #commit()}; the order of the
 * blocks never matters because compute only reads streams and writes the block's own next state, and
 * commit only writes the block's own state and the signals it drives.
 * <p>
 * Every block registers its outputs (the rule of {@code docs/architecture.md}): what it drives in a cycle
 * is a function of its state alone, set in the commit of the previous cycle (or in {@link #reset()}).
 */
public interface Block {
    /** The instance name, used in messages. */
    String name();

    /** Enters the reset state and drives the signals of cycle 0 on the streams it produces and consumes. */
    void reset();

    /**
     * Phase 1 of a cycle: reads this cycle's signals ({@link Stream#valid()}, {@link Stream#data()},
     * {@link Stream#ready()}) and computes the next state. Drives nothing.
     */
    void compute();

    /** Phase 2 of a cycle: adopts the next state and drives the next cycle's signals. */
    void commit();

    /**
     * Called at the start of a cycle, before {@link #compute()}: true only when this cycle's compute and commit would
     * change nothing, no register and no signal the block drives, given this cycle's signals (in particular no beat
     * moves on any of its streams). The simulation then skips both phases, and the block's signals hold. The
     * default, false, is always correct; a block that knows its quiet states says so to make simulations faster.
     */
    default boolean idle() {
        return false;
    }
}
