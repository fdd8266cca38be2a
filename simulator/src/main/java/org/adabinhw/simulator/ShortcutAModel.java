package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.ShortcutAConfig;

/**
 * The cycle model of {@code shortcut_a}, register for register: the pixel counters (column, row, and both
 * modulo the stride), the phase of the pixel (leading zeros, input beats, trailing zeros) and its fold, the
 * credit count of the depth-2 {@code axis_fifo} output stage and the registered input ready they decide.
 * <p>
 * Payloads are the data bits of a beat, {@code lanes} lanes of {@code laneWidth} bits on both sides.
 */
public final class ShortcutAModel implements Block {
    /** Depth of the output stage, as in {@code shortcut_a.v}. */
    static final int STAGE_DEPTH = 2;
    private static final int PRE = 0;
    private static final int DATA = 1;
    private static final int POST = 2;

    private final String name;
    private final ShortcutAConfig c;
    private final Stream<BigInteger> in;
    private final Stream<BigInteger> out;
    private final FifoCore<BigInteger> stage = new FifoCore<>(STAGE_DEPTH);
    private final boolean padded;

    /** The registers of the RTL. */
    private static final class State {
        boolean inReady;
        int phase;
        int fold;
        int x;
        int y;
        int rx;
        int ry;
        int held;

        State copy() {
            State s = new State();
            s.inReady = inReady;
            s.phase = phase;
            s.fold = fold;
            s.x = x;
            s.y = y;
            s.rx = rx;
            s.ry = ry;
            s.held = held;
            return s;
        }
    }

    private State s = new State();
    private State next;

    /**
     * A model between two streams.
     *
     * @param name   instance name
     * @param config the block
     * @param in     the consumed stream ({@code s_axis_x})
     * @param out    the produced stream ({@code m_axis_y})
     */
    public ShortcutAModel(String name, ShortcutAConfig config, Stream<BigInteger> in, Stream<BigInteger> out) {
        this.name = name;
        this.c = config;
        this.in = in;
        this.out = out;
        this.padded = config.padFolds() > 0;
    }

    @Override
    public String name() {
        return name;
    }

    /** The configuration. */
    public ShortcutAConfig config() {
        return c;
    }

    @Override
    public void reset() {
        s = new State();
        s.phase = padded ? PRE : DATA;
        s.inReady = !padded;
        stage.reset();
        drive();
    }

    @Override
    public void compute() {
        State n = s.copy();
        boolean pop = stage.outValid() && out.ready();
        boolean credit = s.held < STAGE_DEPTH;
        boolean keep = s.rx == 0 && s.ry == 0;
        boolean inPhase = s.phase == DATA;
        boolean accept = in.valid() && s.inReady;
        BigInteger data = accept ? checked(in.data()) : null;
        boolean zero = credit && (s.phase == POST || (s.phase == PRE && in.valid()));
        boolean act = accept || zero;
        boolean push = zero || (accept && keep);
        boolean phaseEnd = s.fold == (inPhase ? c.folds() : c.padFolds()) - 1;
        boolean pixelEnd = act && phaseEnd && (s.phase == POST || (inPhase && !(keep && padded)));
        boolean rowEnd = pixelEnd && s.x == c.width() - 1;
        int last = c.stride() - 1;
        if (pixelEnd) {
            n.x = s.x == c.width() - 1 ? 0 : s.x + 1;
            n.rx = s.x == c.width() - 1 || s.rx == last ? 0 : s.rx + 1;
        }
        if (rowEnd) {
            n.y = s.y == c.height() - 1 ? 0 : s.y + 1;
            n.ry = s.y == c.height() - 1 || s.ry == last ? 0 : s.ry + 1;
        }
        boolean keepNext = n.rx == 0 && n.ry == 0;
        if (act && phaseEnd) {
            n.phase = pixelEnd ? (keepNext && padded ? PRE : DATA) : s.phase == PRE ? DATA : POST;
        }
        if (act) {
            n.fold = phaseEnd ? 0 : s.fold + 1;
        }
        n.held = s.held + (push ? 1 : 0) - (pop ? 1 : 0);
        n.inReady = n.phase == DATA && (!keepNext || n.held < STAGE_DEPTH);
        if (push && !stage.inReady()) {
            throw new IllegalStateException(name + ": a beat arrived at a full output stage (credit error)");
        }
        stage.compute(push, push ? (inPhase ? data : BigInteger.ZERO) : null, out.ready());
        next = n;
    }

    @Override
    public void commit() {
        s = next;
        stage.commit();
        drive();
    }

    private BigInteger checked(BigInteger beat) {
        if (beat.signum() < 0 || beat.bitLength() > c.beatWidth()) {
            throw new IllegalArgumentException(name + ": input beat " + beat.toString(16) + " does not fit "
                    + c.beatWidth() + " bits");
        }
        return beat;
    }

    private void drive() {
        in.setReady(s.inReady);
        out.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }
}
