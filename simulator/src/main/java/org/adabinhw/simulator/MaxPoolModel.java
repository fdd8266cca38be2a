package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.Arrays;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.blocks.MaxPoolConfig;

/**
 * The cycle model of {@code max_pool}, register for register: the tap and fold counters with the registered,
 * credit-counting ready of stage 0, the running maximum per fold in stage 1, and the same
 * depth-{@value #OUTPUT_STAGE_DEPTH} {@code axis_fifo} output stage as the RTL.
 * <p>
 * Payloads are TDATA data bits: an input beat is {@code {tap_valid, lanes}} ({@link MaxPoolConfig#windowBeat}),
 * an output beat the packed lanes ({@link MaxPoolConfig#packValues}).
 */
public final class MaxPoolModel implements Block {
    /** Depth of the output stage, as in {@code max_pool.v}. */
    static final int OUTPUT_STAGE_DEPTH = 3;

    private final String name;
    private final MaxPoolConfig config;
    private final Stream<BigInteger> window;
    private final Stream<BigInteger> values;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);

    // Registers (current) and their next values.
    private boolean inReady;
    private int fold;
    private int tap;
    private int held;
    private long[][] maxima;
    private boolean s1Valid;
    private boolean s1First;
    private boolean s1Last;
    private int s1Fold;
    private long[] s1Lanes;

    private boolean nInReady;
    private int nFold;
    private int nTap;
    private int nHeld;
    private boolean n1Valid;
    private boolean n1First;
    private boolean n1Last;
    private int n1Fold;
    private long[] n1Lanes;
    private long[] written;

    /**
     * A model between two streams.
     *
     * @param name   instance name
     * @param config the block
     * @param window the consumed stream ({@code s_axis_window})
     * @param values the produced stream ({@code m_axis_values})
     */
    public MaxPoolModel(String name, MaxPoolConfig config, Stream<BigInteger> window, Stream<BigInteger> values) {
        this.name = name;
        this.config = config;
        this.window = window;
        this.values = values;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        inReady = true;
        fold = 0;
        tap = 0;
        held = 0;
        maxima = new long[config.folds()][config.simd()];
        s1Valid = false;
        stage.reset();
        drive();
    }

    @Override
    public void compute() {
        boolean accept = window.valid() && inReady;
        boolean pop = stage.outValid() && values.ready();
        boolean lastFold = fold == config.folds() - 1;
        boolean lastTap = tap == config.taps() - 1;
        boolean result = accept && lastTap;
        nFold = !accept ? fold : lastFold ? 0 : fold + 1;
        nTap = !(accept && lastFold) ? tap : lastTap ? 0 : tap + 1;
        nHeld = held + (result ? 1 : 0) - (pop ? 1 : 0);
        nInReady = nTap != config.taps() - 1 || nHeld < OUTPUT_STAGE_DEPTH;

        // Stage 1 takes the beat with padded taps replaced by the smallest value.
        n1Valid = accept;
        if (accept) {
            n1First = tap == 0;
            n1Last = lastTap;
            n1Fold = fold;
            n1Lanes = lanes(window.data());
        }

        written = null;
        BigInteger out = null;
        if (s1Valid) {
            long[] m = maxima[s1Fold];
            written = new long[config.simd()];
            for (int i = 0; i < written.length; i++) {
                written[i] = s1First || s1Lanes[i] > m[i] ? s1Lanes[i] : m[i];
            }
            out = config.packValues(written);
        }
        boolean push = s1Valid && s1Last;
        if (push && !stage.inReady()) {
            throw new IllegalStateException(name + ": a result arrived at a full output stage (credit error)");
        }
        stage.compute(push, out, values.ready());
    }

    private long[] lanes(BigInteger tdata) {
        int lanesWidth = config.lanesWidth();
        if (tdata.signum() < 0 || tdata.bitLength() > lanesWidth + 1) {
            throw new IllegalArgumentException(name + ": window beat " + tdata.toString(16) + " does not fit "
                    + (lanesWidth + 1) + " bits");
        }
        if (!tdata.testBit(lanesWidth)) {
            long[] min = new long[config.simd()];
            Arrays.fill(min, config.valueMin());
            return min;
        }
        return Lanes.unpack(tdata, config.simd(), config.streamWidth(), true);
    }

    @Override
    public void commit() {
        inReady = nInReady;
        fold = nFold;
        tap = nTap;
        held = nHeld;
        if (written != null) {
            maxima[s1Fold] = written;
        }
        s1Valid = n1Valid;
        s1First = n1First;
        s1Last = n1Last;
        s1Fold = n1Fold;
        s1Lanes = n1Lanes;
        stage.commit();
        drive();
    }

    private void drive() {
        window.setReady(inReady);
        values.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }
}
