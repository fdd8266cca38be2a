package org.adabinhw.simulator;

import java.util.ArrayDeque;

/**
 * The state machine of {@code axis_fifo.v}, signal for signal: a memory of {@code depth − 1} entries
 * behind an output register, a registered input ready. Shared by {@link AxisFifoModel} and the blocks
 * whose RTL ends in an {@code axis_fifo} output stage.
 *
 * @param <T> the payload type
 */
final class FifoCore<T> {
    private final int depth;
    private final ArrayDeque<T> mem = new ArrayDeque<>();
    private T out;
    private boolean outValid;
    private boolean inReady;
    private int peak;

    private T nextOut;
    private boolean nextOutValid;
    private boolean nextInReady;
    private boolean memPop;
    private T memPushData;
    private boolean memPush;

    FifoCore(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("FIFO depth must be >= 1, got " + depth);
        }
        this.depth = depth;
    }

    void reset() {
        mem.clear();
        out = null;
        outValid = false;
        inReady = true;
        peak = 0;
    }

    boolean inReady() {
        return inReady;
    }

    boolean outValid() {
        return outValid;
    }

    T outData() {
        return out;
    }

    /** Beats held now. */
    int occupancy() {
        return mem.size() + (outValid ? 1 : 0);
    }

    /** The largest occupancy after any cycle since reset. */
    int peakOccupancy() {
        return peak;
    }

    /**
     * Whether a cycle with these signals leaves the FIFO as it is: no beat pushed, none popped (after a commit
     * the output register is empty only when the memory is, so nothing moves inside either).
     *
     * @param inValid  s_axis TVALID
     * @param outReady m_axis TREADY
     */
    boolean still(boolean inValid, boolean outReady) {
        return !(inValid && inReady) && !(outValid && outReady);
    }

    /** Whether a beat leaves in a cycle with this m_axis TREADY. */
    boolean popping(boolean outReady) {
        return outValid && outReady;
    }

    /**
     * Computes the next state from this cycle's input signals, as the RTL does at the clock edge.
     *
     * @param inValid  s_axis TVALID
     * @param inData   s_axis TDATA (used only if a beat is pushed)
     * @param outReady m_axis TREADY
     */
    void compute(boolean inValid, T inData, boolean outReady) {
        boolean push = inValid && inReady;
        boolean pop = outValid && outReady;
        boolean loadOut = !outValid || pop;
        boolean memEmpty = mem.isEmpty();
        boolean bypass = push && loadOut && memEmpty;
        memPop = loadOut && !memEmpty;
        memPush = push && !bypass;
        memPushData = memPush ? inData : null;
        nextOutValid = loadOut ? memPop || bypass : true;
        nextOut = memPop ? mem.peekFirst() : bypass ? inData : out;
        int memNext = mem.size() + (memPush ? 1 : 0) - (memPop ? 1 : 0);
        nextInReady = memNext + (nextOutValid ? 1 : 0) < depth;
    }

    void commit() {
        if (memPop) {
            mem.pollFirst();
        }
        if (memPush) {
            mem.addLast(memPushData);
        }
        out = nextOut;
        outValid = nextOutValid;
        inReady = nextInReady;
        peak = Math.max(peak, occupancy());
    }
}
