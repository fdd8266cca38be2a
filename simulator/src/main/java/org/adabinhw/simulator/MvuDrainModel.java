package org.adabinhw.simulator;

/**
 * The cycle model of {@code mvu_drain}, the output side shared by {@code binary_mvu} and {@code real_mvu}: in a
 * cycle with {@code start}, group 0 of the fold's PE values leaves directly; groups 1 … PE/lanes − 1 leave in the
 * following cycles from a holding register loaded with {@code start}. Like the models that use it, it is evaluated
 * in two phases: {@link #compute} reads the current registers and the inputs, {@link #commit} moves to the next.
 */
final class MvuDrainModel {
    private final int pe;
    private final int lanes;
    private final int groups;
    private final int outGroups;

    private int sub;
    private long[] hold;
    private long[] holdSpare;
    private long holdShared;
    private int outGroup;

    private boolean drain;
    private boolean holdWritten;
    private long nHoldShared;
    private int nSub;
    private int nOutGroup;
    private long[] groupSource;
    private int groupOffset;
    private long groupShared;
    private int groupIndex;

    MvuDrainModel(int pe, int lanes, int outGroups) {
        this.pe = pe;
        this.lanes = lanes;
        this.groups = pe / lanes;
        this.outGroups = outGroups;
        reset();
    }

    void reset() {
        sub = 0;
        hold = new long[pe];
        holdSpare = new long[pe];
        outGroup = 0;
        drain = false;
        holdWritten = false;
    }

    /** No group in flight. */
    boolean idle() {
        return sub == 0;
    }

    /**
     * One cycle's combinational part.
     *
     * @param start  the fold's values are final in this cycle
     * @param values the PE accumulators (read, not kept: the holding register copies them)
     * @param shared the word that goes with every group
     */
    void compute(boolean start, long[] values, long shared) {
        boolean busy = sub != 0;
        drain = start || busy;
        nSub = start ? (groups > 1 ? 1 : 0) : busy ? (sub == groups - 1 ? 0 : sub + 1) : 0;
        holdWritten = start && groups > 1;
        if (holdWritten) {
            System.arraycopy(values, 0, holdSpare, 0, pe);
            nHoldShared = shared;
        }
        nOutGroup = drain ? (outGroup == outGroups - 1 ? 0 : outGroup + 1) : outGroup;
        groupSource = busy ? hold : values;
        groupOffset = sub * lanes;
        groupShared = busy ? holdShared : shared;
        groupIndex = outGroup;
    }

    /** Whether a group leaves in this cycle. */
    boolean drain() {
        return drain;
    }

    /** Copies the leaving group's {@code lanes} values into {@code into}. */
    void groupValues(long[] into) {
        System.arraycopy(groupSource, groupOffset, into, 0, lanes);
    }

    /** The shared word of the leaving group. */
    long groupShared() {
        return groupShared;
    }

    /** The leaving group's place in its output pixel, 0 … O/lanes − 1. */
    int outGroup() {
        return groupIndex;
    }

    void commit() {
        sub = nSub;
        if (holdWritten) {
            long[] t = hold;
            hold = holdSpare;
            holdSpare = t;
            holdShared = nHoldShared;
        }
        outGroup = nOutGroup;
    }
}
