package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.generator.blocks.BinaryMvuRtl;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.Fixed;

/**
 * The cycle model of {@code binary_mvu}, register for register: the issue stage (fill from the input with
 * output fold 0, then replay of folds 1 … from the window buffer; a fold's last beat waits for a credit of
 * the output FIFO), the popcount accumulation, the registered affine step, and rounding and saturation into
 * the same depth-{@value #OUTPUT_STAGE_DEPTH} {@code axis_fifo} output stage as the RTL.
 * <p>
 * Payloads are TDATA without padding: an input beat is {@code {tap_valid, simd activation bits}}
 * ({@link BinaryMvuConfig#packWindowBeat}), an output beat the {@code pe} values ({@link BinaryMvuConfig#packValues}).
 * An accepted input beat is turned into 64-bit words once (bit {@code i} in bit {@code i % 64} of word
 * {@code i / 64}); the window buffer and the popcounts work on those words.
 */
public final class BinaryMvuModel implements Block {
    /** Depth of the output stage, as in {@code binary_mvu.v}. */
    static final int OUTPUT_STAGE_DEPTH = 8;

    private final String name;
    private final BinaryMvuConfig config;
    private final Stream<BigInteger> window;
    private final Stream<BigInteger> values;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);
    /** Weight bits per output channel and input beat, SIMD bits packed in words. */
    private final long[][][] weights;
    /** For SIMD ≤ 64: the weight word of output channel o and beat b at [o·beats + b]. */
    private final long[] narrowWeights;
    /** The SIMD activation bits of word 0 (all of them when SIMD ≤ 64). */
    private final long lowMask;
    /** Second px register: stage 2 writes it while stage 3 reads {@link #px}; commit swaps them. */
    private long[] pxSpare;
    private boolean pxWritten;
    private final int[] mx;
    private final int[] ma;
    private final long[] bias;
    private final int shift;
    private final int[] rowBase;
    private final int[] colClass;
    /** Derived values of the configuration, computed once (the record computes them on every call). */
    private final int classes;
    private final int beats;
    private final int outFolds;
    private final int words;

    // Registers (current) and their next values.
    private boolean inReady;
    private boolean replay;
    private int beat;
    private int fold;
    private int oy;
    private int ox;
    private int queued;
    private int pending;
    private long[][] buffer;
    private boolean s1Valid;
    private boolean s1First;
    private boolean s1Last;
    private boolean s1Fill;
    private int s1Fold;
    private int s1Beat;
    private int s1BiasIndex;
    private long[] s1Bits;
    private long[] px;
    private long pa;
    private boolean s2Done;
    private int s2Fold;
    private int s2BiasIndex;
    private boolean s3Valid;
    private long[] acc;

    private boolean nInReady;
    private boolean nReplay;
    private int nBeat;
    private int nFold;
    private int nOy;
    private int nOx;
    private int nQueued;
    private int nPending;
    private int writeBeat;
    private long[] writeData;
    private boolean n1Valid;
    private boolean n1First;
    private boolean n1Last;
    private boolean n1Fill;
    private int n1Fold;
    private int n1Beat;
    private int n1BiasIndex;
    private long[] n1Bits;
    private long nPa;
    private boolean n2Done;
    private int n2Fold;
    private int n2BiasIndex;
    private boolean n3Valid;
    private long[] nAcc;

    /**
     * A model with its layer's constants and streams.
     *
     * @param name   instance name
     * @param config the unit
     * @param layer  the golden model's layer (checked against the configuration)
     * @param window the consumed stream ({@code s_axis_window}), beats of {@link BinaryMvuConfig#inputWidth()} bits
     * @param values the produced stream ({@code m_axis_values}), beats of {@link BinaryMvuConfig#outputWidth()} bits
     */
    public BinaryMvuModel(String name, BinaryMvuConfig config, BinaryConvLayer layer, Stream<BigInteger> window,
                          Stream<BigInteger> values) {
        BinaryMvuRtl.checkLayer(config, layer);
        this.name = name;
        this.config = config;
        this.window = window;
        this.values = values;
        this.words = (config.simd() + 1 + 63) / 64;
        int simd = config.simd();
        int cw = BinaryConvLayer.words(config.channels());
        long[] wb = layer.weightBits();
        weights = new long[config.outChannels()][config.beats()][words];
        for (int o = 0; o < config.outChannels(); o++) {
            for (int b = 0; b < config.beats(); b++) {
                int tap = b / config.folds();
                int f = b % config.folds();
                for (int j = 0; j < simd; j++) {
                    int c = f * simd + j;
                    if ((wb[(o * config.taps() + tap) * cw + c / 64] >>> (c % 64) & 1) != 0) {
                        weights[o][b][j >>> 6] |= 1L << (j & 63);
                    }
                }
            }
        }
        if (simd <= 64) {
            narrowWeights = new long[config.outChannels() * config.beats()];
            for (int o = 0; o < config.outChannels(); o++) {
                for (int b = 0; b < config.beats(); b++) {
                    narrowWeights[o * config.beats() + b] = weights[o][b][0];
                }
            }
        } else {
            narrowWeights = null;
        }
        lowMask = simd >= 64 ? -1L : (1L << simd) - 1;
        this.mx = layer.mx();
        this.ma = layer.ma();
        this.bias = layer.bias();
        this.shift = layer.shift();
        rowBase = config.rowBaseTable();
        colClass = config.colClassTable();
        classes = config.classes();
        beats = config.beats();
        outFolds = config.outFolds();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        inReady = true;
        replay = false;
        beat = 0;
        fold = 0;
        oy = 0;
        ox = 0;
        queued = 0;
        pending = 0;
        buffer = new long[config.beats()][];
        s1Valid = false;
        s2Done = false;
        s3Valid = false;
        px = new long[config.pe()];
        pxSpare = new long[config.pe()];
        pxWritten = false;
        acc = new long[config.pe()];
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return !replay && !s1Valid && !s2Done && !s3Valid && !(window.valid() && inReady) && !stage.popping(values.ready());
    }

    @Override
    public void compute() {
        boolean push = s3Valid;
        boolean pop = stage.outValid() && values.ready();
        boolean lastBeat = beat == beats - 1;
        boolean lastFold = fold == outFolds - 1;
        boolean credit = queued + pending < OUTPUT_STAGE_DEPTH;
        boolean accept = window.valid() && inReady;
        boolean issue = accept || (replay && (!lastBeat || credit));
        boolean issueLast = issue && lastBeat;
        boolean pixelDone = issueLast && lastFold;

        nBeat = !issue ? beat : lastBeat ? 0 : beat + 1;
        nReplay = issueLast ? !lastFold : replay;
        nQueued = queued + (push ? 1 : 0) - (pop ? 1 : 0);
        nPending = pending + (issueLast ? 1 : 0) - (push ? 1 : 0);
        nInReady = !nReplay && (nBeat != beats - 1 || nQueued + nPending < OUTPUT_STAGE_DEPTH);
        nFold = issueLast ? (lastFold ? 0 : fold + 1) : fold;
        nOx = ox;
        nOy = oy;
        if (pixelDone) {
            nOx = ox == config.outWidth() - 1 ? 0 : ox + 1;
            if (ox == config.outWidth() - 1) {
                nOy = oy == config.outHeight() - 1 ? 0 : oy + 1;
            }
        }
        writeData = null;
        if (accept) {
            writeBeat = beat;
            writeData = toWords(window.data());
        }

        // Stage 1.
        n1Valid = issue;
        if (issue) {
            n1First = beat == 0;
            n1Last = lastBeat;
            n1Fill = !replay;
            n1Fold = fold;
            n1Beat = beat;
            n1BiasIndex = fold * classes + rowBase[oy] + colClass[ox];
            n1Bits = replay ? buffer[beat] : writeData;
        }

        // Stage 2.
        nPa = pa;
        n2Done = s1Valid && s1Last;
        pxWritten = s1Valid;
        if (s1Valid) {
            int simd = config.simd();
            int pe = config.pe();
            boolean tapValid = (s1Bits[simd >>> 6] >>> (simd & 63) & 1) != 0;
            long[] nPx = pxSpare;
            if (!tapValid) {
                for (int i = 0; i < pe; i++) {
                    nPx[i] = s1First ? 0 : px[i];
                }
            } else if (narrowWeights != null) {
                long bits = s1Bits[0];
                int base = s1Fold * pe * beats + s1Beat;
                for (int i = 0; i < pe; i++) {
                    long agree = Long.bitCount(~(bits ^ narrowWeights[base + i * beats]) & lowMask);
                    nPx[i] = (s1First ? 0 : px[i]) + agree;
                }
            } else {
                for (int i = 0; i < pe; i++) {
                    long[] w = weights[s1Fold * pe + i][s1Beat];
                    long agree = 0;
                    for (int k = 0; k < simd; k += 64) {
                        long mask = simd - k >= 64 ? -1L : (1L << (simd - k)) - 1;
                        agree += Long.bitCount(~(s1Bits[k >>> 6] ^ w[k >>> 6]) & mask);
                    }
                    nPx[i] = (s1First ? 0 : px[i]) + agree;
                }
            }
            if (s1Fill) {
                long a = 0;
                if (tapValid) {
                    for (int k = 0; k < simd; k += 64) {
                        long mask = simd - k >= 64 ? -1L : (1L << (simd - k)) - 1;
                        a += Long.bitCount(s1Bits[k >>> 6] & mask);
                    }
                }
                nPa = (s1First ? 0 : pa) + a;
            }
            if (s1Last) {
                n2Fold = s1Fold;
                n2BiasIndex = s1BiasIndex;
            }
        }

        // Stage 3: the affine step.
        n3Valid = s2Done;
        nAcc = acc;
        if (s2Done) {
            nAcc = new long[config.pe()];
            int cls = s2BiasIndex - s2Fold * classes;
            for (int i = 0; i < config.pe(); i++) {
                int o = s2Fold * config.pe() + i;
                nAcc[i] = (long) mx[o] * px[i] + (long) ma[o] * pa + bias[o * classes + cls];
            }
        }

        // Stage 4: rounding and saturation into the output FIFO.
        BigInteger result = null;
        if (s3Valid) {
            long[] v = new long[config.pe()];
            for (int i = 0; i < config.pe(); i++) {
                v[i] = Fixed.saturate(Fixed.roundShift(acc[i], shift), config.streamWidth());
            }
            result = config.packValues(v);
        }
        if (push && !stage.inReady()) {
            throw new IllegalStateException(name + ": a result arrived at a full output stage (credit error)");
        }
        stage.compute(push, result, values.ready());
    }

    @Override
    public void commit() {
        inReady = nInReady;
        replay = nReplay;
        beat = nBeat;
        fold = nFold;
        oy = nOy;
        ox = nOx;
        queued = nQueued;
        pending = nPending;
        if (writeData != null) {
            buffer[writeBeat] = writeData;
        }
        s1Valid = n1Valid;
        s1First = n1First;
        s1Last = n1Last;
        s1Fill = n1Fill;
        s1Fold = n1Fold;
        s1Beat = n1Beat;
        s1BiasIndex = n1BiasIndex;
        s1Bits = n1Bits;
        if (pxWritten) {
            long[] t = px;
            px = pxSpare;
            pxSpare = t;
        }
        pa = nPa;
        s2Done = n2Done;
        s2Fold = n2Fold;
        s2BiasIndex = n2BiasIndex;
        s3Valid = n3Valid;
        acc = nAcc;
        stage.commit();
        drive();
    }

    /** An input beat's TDATA, checked to fit, as 64-bit words: bit {@code i} in word {@code i / 64}. */
    private long[] toWords(BigInteger tdata) {
        if (tdata.signum() < 0 || tdata.bitLength() > config.inputWidth()) {
            throw new IllegalArgumentException(name + ": a window beat has " + config.inputWidth() + " bits, got 0x"
                    + tdata.toString(16));
        }
        if (tdata.bitLength() < 64) {
            long[] w = new long[words];
            w[0] = tdata.longValue();
            return w;
        }
        return Lanes.toWords(tdata, words);
    }

    private void drive() {
        window.setReady(inReady);
        values.drive(stage.outValid(), stage.outData());
    }
}
