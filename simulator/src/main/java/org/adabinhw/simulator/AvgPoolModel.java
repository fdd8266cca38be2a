package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.blocks.AvgPoolConfig;
import org.adabinhw.generator.blocks.AvgPoolRtl;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.Fixed;

/**
 * The cycle model of {@code avg_pool}, register for register: the tap, fold and pixel counters with the
 * registered, credit-counting ready of stage 0, the running sum per fold in stage 1, the sum and its class's
 * reciprocal in stage 2, the product in stage 3, and rounding and saturation into the same
 * depth-{@value #OUTPUT_STAGE_DEPTH} {@code axis_fifo} output stage as the RTL. The reciprocals are the ROM's
 * ({@link AvgPoolRtl#reciprocals}).
 * <p>
 * Payloads are TDATA data bits: an input beat is {@code {tap_valid, lanes}} ({@link AvgPoolConfig#windowBeat}),
 * an output beat the packed lanes ({@link AvgPoolConfig#packValues}).
 */
public final class AvgPoolModel implements Block {
    /** Depth of the output stage, as in {@code avg_pool.v}. */
    static final int OUTPUT_STAGE_DEPTH = 5;

    private final String name;
    private final AvgPoolConfig config;
    private final Stream<BigInteger> window;
    private final Stream<BigInteger> values;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);
    private final long[] recip;
    private final int[] rowBase;
    private final int[] colClass;

    // Registers (current) and their next values.
    private boolean inReady;
    private int fold;
    private int tap;
    private int oy;
    private int ox;
    private int held;
    private long[][] sums;
    private boolean s1Valid;
    private boolean s1First;
    private boolean s1Last;
    private int s1Fold;
    private int s1Class;
    private long[] s1Lanes;
    private boolean s2Valid;
    private long[] s2Sums;
    private long s2Recip;
    private boolean s3Valid;
    private long[] s3Products;

    private boolean nInReady;
    private int nFold;
    private int nTap;
    private int nOy;
    private int nOx;
    private int nHeld;
    private boolean n1Valid;
    private boolean n1First;
    private boolean n1Last;
    private int n1Fold;
    private int n1Class;
    private long[] n1Lanes;
    private long[] written;
    private boolean n2Valid;
    private long[] n2Sums;
    private long n2Recip;
    private boolean n3Valid;
    private long[] n3Products;

    /**
     * A model with its layer's divisors and streams.
     *
     * @param name   instance name
     * @param config the block
     * @param layer  the golden model's layer (checked against the configuration)
     * @param window the consumed stream ({@code s_axis_window})
     * @param values the produced stream ({@code m_axis_values})
     */
    public AvgPoolModel(String name, AvgPoolConfig config, AvgPoolLayer layer, Stream<BigInteger> window,
                        Stream<BigInteger> values) {
        this.name = name;
        this.config = config;
        this.window = window;
        this.values = values;
        this.recip = AvgPoolRtl.reciprocals(config, layer);
        rowBase = config.rowBaseTable();
        colClass = config.colClassTable();
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
        oy = 0;
        ox = 0;
        held = 0;
        sums = new long[config.folds()][config.simd()];
        s1Valid = false;
        s2Valid = false;
        s3Valid = false;
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
        boolean pixelDone = result && lastFold;
        nFold = !accept ? fold : lastFold ? 0 : fold + 1;
        nTap = !(accept && lastFold) ? tap : lastTap ? 0 : tap + 1;
        nHeld = held + (result ? 1 : 0) - (pop ? 1 : 0);
        nInReady = nTap != config.taps() - 1 || nHeld < OUTPUT_STAGE_DEPTH;
        nOx = ox;
        nOy = oy;
        if (pixelDone) {
            boolean lastCol = ox == config.outWidth() - 1;
            nOx = lastCol ? 0 : ox + 1;
            if (lastCol) {
                nOy = oy == config.outHeight() - 1 ? 0 : oy + 1;
            }
        }

        // Stage 1 takes the beat with padded taps forced to 0.
        n1Valid = accept;
        if (accept) {
            n1First = tap == 0;
            n1Last = lastTap;
            n1Fold = fold;
            n1Class = rowBase[oy] + colClass[ox];
            n1Lanes = lanes(window.data());
        }
        written = null;
        if (s1Valid) {
            long[] s = sums[s1Fold];
            written = new long[config.simd()];
            for (int i = 0; i < written.length; i++) {
                written[i] = (s1First ? 0 : s[i]) + s1Lanes[i];
            }
        }

        // Stage 2: the finished sums and the reciprocal of their class.
        n2Valid = s1Valid && s1Last;
        n2Sums = s2Sums;
        n2Recip = s2Recip;
        if (n2Valid) {
            n2Sums = written;
            n2Recip = recip[s1Class];
        }

        // Stage 3: the products.
        n3Valid = s2Valid;
        n3Products = s3Products;
        if (s2Valid) {
            n3Products = new long[config.simd()];
            for (int i = 0; i < n3Products.length; i++) {
                n3Products[i] = s2Sums[i] * s2Recip;
            }
        }

        // Rounding and saturation into the output stage.
        BigInteger out = null;
        if (s3Valid) {
            long[] v = new long[config.simd()];
            for (int i = 0; i < v.length; i++) {
                v[i] = Fixed.saturate(Fixed.roundShift(s3Products[i], AvgPoolLayer.RECIPROCAL_SHIFT), config.streamWidth());
            }
            out = config.packValues(v);
        }
        if (s3Valid && !stage.inReady()) {
            throw new IllegalStateException(name + ": a result arrived at a full output stage (credit error)");
        }
        stage.compute(s3Valid, out, values.ready());
    }

    private long[] lanes(BigInteger tdata) {
        int lanesWidth = config.lanesWidth();
        if (tdata.signum() < 0 || tdata.bitLength() > lanesWidth + 1) {
            throw new IllegalArgumentException(name + ": window beat " + tdata.toString(16) + " does not fit "
                    + (lanesWidth + 1) + " bits");
        }
        if (!tdata.testBit(lanesWidth)) {
            return new long[config.simd()];
        }
        return Lanes.unpack(tdata, config.simd(), config.streamWidth(), true);
    }

    @Override
    public void commit() {
        inReady = nInReady;
        fold = nFold;
        tap = nTap;
        oy = nOy;
        ox = nOx;
        held = nHeld;
        if (written != null) {
            sums[s1Fold] = written;
        }
        s1Valid = n1Valid;
        s1First = n1First;
        s1Last = n1Last;
        s1Fold = n1Fold;
        s1Class = n1Class;
        s1Lanes = n1Lanes;
        s2Valid = n2Valid;
        s2Sums = n2Sums;
        s2Recip = n2Recip;
        s3Valid = n3Valid;
        s3Products = n3Products;
        stage.commit();
        drive();
    }

    private void drive() {
        window.setReady(inReady);
        values.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }
}
