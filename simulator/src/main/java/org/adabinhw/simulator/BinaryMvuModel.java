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
 * the output FIFO's {@code groups} places), the popcount accumulation, the drain of a finished fold through
 * the {@code lanes} shared affine stages ({@code groups} consecutive cycles, group 0 from the accumulators, the
 * others from the holding register), the registered affine step, and rounding and saturation into the same
 * {@code axis_fifo} output stage as the RTL ({@link BinaryMvuConfig#outputDepth()} beats).
 * <p>
 * Payloads are TDATA without padding: an input beat is {@code {tap_valid, simd activation bits}}
 * ({@link BinaryMvuConfig#packWindowBeat}), an output beat the {@code pe} values ({@link BinaryMvuConfig#packValues}).
 * An accepted input beat is turned into 64-bit words once (bit {@code i} in bit {@code i % 64} of word
 * {@code i / 64}); the window buffer and the popcounts work on those words.
 */
public final class BinaryMvuModel implements Block {
    private final String name;
    private final BinaryMvuConfig config;
    private final Stream<BigInteger> window;
    private final Stream<BigInteger> values;
    private final FifoCore<BigInteger> stage;
    private final int depth;
    private final int lanes;
    private final int groups;
    private final int outGroups;
    private final MvuDrainModel drainer;
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
    private int s1Class;
    private long[] s1Bits;
    private long[] px;
    private long pa;
    private boolean s2Done;
    private int s2Class;
    private boolean d1Valid;
    private long[] d1Px;
    private long d1Pa;
    private int d1Group;
    private int d1Class;
    private boolean d2Valid;
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
    private int n1Class;
    private long[] n1Bits;
    private long nPa;
    private boolean n2Done;
    private int n2Class;
    private boolean nd1Valid;
    private long[] nd1Px;
    private long nd1Pa;
    private int nd1Group;
    private int nd1Class;
    private boolean nd2Valid;
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
        lanes = config.lanes();
        groups = config.groups();
        outGroups = config.outGroups();
        depth = config.outputDepth();
        stage = new FifoCore<>(depth);
        drainer = new MvuDrainModel(config.pe(), lanes, outGroups);
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
        drainer.reset();
        d1Valid = false;
        d1Px = new long[lanes];
        d2Valid = false;
        px = new long[config.pe()];
        pxSpare = new long[config.pe()];
        pxWritten = false;
        acc = new long[lanes];
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return !replay && !s1Valid && !s2Done && drainer.idle() && !d1Valid && !d2Valid && !(window.valid() && inReady) && !stage.popping(values.ready());
    }

    @Override
    public void compute() {
        boolean push = d2Valid;
        boolean pop = stage.outValid() && values.ready();
        boolean lastBeat = beat == beats - 1;
        boolean lastFold = fold == outFolds - 1;
        boolean credit = queued + pending + groups <= depth;
        boolean accept = window.valid() && inReady;
        boolean issue = accept || (replay && (!lastBeat || credit));
        boolean issueLast = issue && lastBeat;
        boolean pixelDone = issueLast && lastFold;

        nBeat = !issue ? beat : lastBeat ? 0 : beat + 1;
        nReplay = issueLast ? !lastFold : replay;
        nQueued = queued + (push ? 1 : 0) - (pop ? 1 : 0);
        nPending = pending + (issueLast ? groups : 0) - (push ? 1 : 0);
        nInReady = !nReplay && (nBeat != beats - 1 || nQueued + nPending + groups <= depth);
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
            n1Class = rowBase[oy] + colClass[ox];
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
                n2Class = s1Class;
            }
        }
        if (!(s1Valid && s1Last)) {
            n2Class = s2Class;
        }

        // The drain: the group's popcounts and constants (d1), the affine step (d2).
        drainer.compute(s2Done, px, pa);
        nd1Valid = drainer.drain();
        nd1Px = d1Px;
        if (nd1Valid) {
            nd1Px = new long[lanes];
            drainer.groupValues(nd1Px);
            nd1Pa = drainer.groupShared();
            nd1Group = drainer.outGroup();
            nd1Class = s2Class;
        }
        nd2Valid = d1Valid;
        nAcc = acc;
        if (d1Valid) {
            nAcc = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                int o = d1Group * lanes + i;
                nAcc[i] = (long) mx[o] * d1Px[i] + (long) ma[o] * d1Pa + bias[o * classes + d1Class];
            }
        }

        // Rounding and saturation into the output FIFO.
        BigInteger result = null;
        if (d2Valid) {
            long[] v = new long[lanes];
            for (int i = 0; i < lanes; i++) {
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
        s1Class = n1Class;
        s1Bits = n1Bits;
        if (pxWritten) {
            long[] t = px;
            px = pxSpare;
            pxSpare = t;
        }
        pa = nPa;
        s2Done = n2Done;
        s2Class = n2Class;
        drainer.commit();
        d1Valid = nd1Valid;
        d1Px = nd1Px;
        d1Pa = nd1Pa;
        d1Group = nd1Group;
        d1Class = nd1Class;
        d2Valid = nd2Valid;
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
