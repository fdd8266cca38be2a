package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.RealMvuConfig;
import org.adabinhw.generator.blocks.RealMvuRtl;
import org.adabinhw.golden.integer.Fixed;
import org.adabinhw.golden.integer.RealConvLayer;

/**
 * The cycle model of {@code real_mvu}, register for register: the issue stage (fill from the input with
 * output fold 0, then replay of folds 1 … from the window buffer; a fold's last beat waits for {@code groups}
 * credits of the output FIFO), the registered lanes and weights, the registered products (kept here as their
 * sum per PE), the accumulation, the drain of a finished fold through the {@code lanes} shared output stages
 * ({@link MvuDrainModel}), the bias, and rounding and saturation into the same {@code axis_fifo} output stage as
 * the RTL ({@link RealMvuConfig#outputDepth()} beats).
 * <p>
 * Payloads are the beats' data bits: an input beat is {@code {tap_valid, simd lanes}}
 * ({@link RealMvuConfig#packWindowBeat}), an output beat the {@code lanes} values ({@link RealMvuConfig#packValues}).
 */
public final class RealMvuModel implements Block {
    private final String name;
    private final RealMvuConfig config;
    private final Stream<BigInteger> window;
    private final Stream<BigInteger> values;
    private final FifoCore<BigInteger> stage;
    private final int depth;
    private final int groups;
    private final int lanes;
    private final MvuDrainModel drainer;
    /** Weights per output channel, input beat and lane. */
    private final long[][][] weights;
    private final long[] bias;
    private final int shift;
    private final int[] rowBase;
    private final int[] colClass;
    /** Derived values of the configuration, computed once (the record computes them on every call). */
    private final int classes;
    private final int beats;
    private final int outFolds;

    // Registers (current) and their next values.
    private boolean inReady;
    private boolean replay;
    private int beat;
    private int fold;
    private int oy;
    private int ox;
    private int queued;
    private int pending;
    private BigInteger[] buffer;
    private boolean s1Valid;
    private boolean s1First;
    private boolean s1Last;
    private int s1Fold;
    private int s1Beat;
    private int s1Class;
    private BigInteger s1Data;
    private boolean s2Valid;
    private boolean s2First;
    private boolean s2Last;
    private int s2Class;
    private long[] s2Sum;
    private long[] dot;
    private boolean s3Done;
    private int s3Class;
    private boolean d1Valid;
    private long[] d1Dot;
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
    private BigInteger writeData;
    private boolean n1Valid;
    private boolean n1First;
    private boolean n1Last;
    private int n1Fold;
    private int n1Beat;
    private int n1Class;
    private BigInteger n1Data;
    private boolean n2Valid;
    private boolean n2First;
    private boolean n2Last;
    private int n2Class;
    private long[] n2Sum;
    private long[] nDot;
    private boolean n3Done;
    private int n3Class;
    private boolean nd1Valid;
    private long[] nd1Dot;
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
     * @param window the consumed stream ({@code s_axis_window}), beats of {@link RealMvuConfig#inputWidth()} bits
     * @param values the produced stream ({@code m_axis_values}), beats of {@link RealMvuConfig#outputWidth()} bits
     */
    public RealMvuModel(String name, RealMvuConfig config, RealConvLayer layer, Stream<BigInteger> window,
                        Stream<BigInteger> values) {
        RealMvuRtl.checkLayer(config, layer);
        this.name = name;
        this.config = config;
        this.window = window;
        this.values = values;
        int[] w = layer.weights();
        weights = new long[config.outChannels()][config.beats()][config.simd()];
        for (int o = 0; o < config.outChannels(); o++) {
            for (int b = 0; b < config.beats(); b++) {
                for (int j = 0; j < config.simd(); j++) {
                    weights[o][b][j] = RealMvuRtl.weight(config, w, o, b, j);
                }
            }
        }
        this.bias = layer.bias();
        this.shift = layer.shift();
        rowBase = config.rowBaseTable();
        colClass = config.colClassTable();
        classes = config.classes();
        beats = config.beats();
        outFolds = config.outFolds();
        lanes = config.lanes();
        groups = config.groups();
        depth = config.outputDepth();
        stage = new FifoCore<>(depth);
        drainer = new MvuDrainModel(config.pe(), lanes, config.outGroups());
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
        buffer = new BigInteger[config.beats()];
        s1Valid = false;
        s2Valid = false;
        s3Done = false;
        drainer.reset();
        d1Valid = false;
        d1Dot = new long[lanes];
        d2Valid = false;
        dot = new long[config.pe()];
        acc = new long[lanes];
        stage.reset();
        drive();
    }

    @Override
    public void compute() {
        int pe = config.pe();
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
            BigInteger d = window.data();
            if (d.signum() < 0 || d.bitLength() > config.inputWidth()) {
                throw new IllegalArgumentException(name + ": a window beat has " + config.inputWidth() + " bits, got "
                        + d.toString(16));
            }
            writeBeat = beat;
            writeData = d;
        }

        // Stage 1: the beat and its weights.
        n1Valid = issue;
        if (issue) {
            n1First = beat == 0;
            n1Last = lastBeat;
            n1Fold = fold;
            n1Beat = beat;
            n1Class = rowBase[oy] + colClass[ox];
            n1Data = replay ? buffer[beat] : window.data();
        }

        // Stage 2: the products, summed per PE (the RTL registers them and sums in stage 3).
        n2Valid = s1Valid;
        n2First = s1First;
        n2Last = s1Last;
        n2Class = s1Class;
        n2Sum = s2Sum;
        if (s1Valid) {
            n2Sum = new long[pe];
            if (config.windowTapValid(s1Data)) {
                long[] x = config.windowLanes(s1Data);
                for (int i = 0; i < pe; i++) {
                    long[] w = weights[s1Fold * pe + i][s1Beat];
                    long s = 0;
                    for (int j = 0; j < x.length; j++) {
                        s += w[j] * x[j];
                    }
                    n2Sum[i] = s;
                }
            }
        }

        // Stage 3: accumulation; the fold's bias is read with its last beat.
        nDot = dot;
        if (s2Valid) {
            nDot = new long[pe];
            for (int i = 0; i < pe; i++) {
                nDot[i] = (s2First ? 0 : dot[i]) + s2Sum[i];
            }
        }
        n3Done = s2Valid && s2Last;
        n3Class = n3Done ? s2Class : s3Class;

        // The drain: a group's sums and its biases (d1), the bias added (d2).
        drainer.compute(s3Done, dot, 0);
        nd1Valid = drainer.drain();
        nd1Dot = d1Dot;
        if (nd1Valid) {
            nd1Dot = new long[lanes];
            drainer.groupValues(nd1Dot);
            nd1Group = drainer.outGroup();
            nd1Class = s3Class;
        }
        nd2Valid = d1Valid;
        nAcc = acc;
        if (d1Valid) {
            nAcc = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                nAcc[i] = d1Dot[i] + bias[(d1Group * lanes + i) * classes + d1Class];
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
        s1Fold = n1Fold;
        s1Beat = n1Beat;
        s1Class = n1Class;
        s1Data = n1Data;
        s2Valid = n2Valid;
        s2First = n2First;
        s2Last = n2Last;
        s2Class = n2Class;
        s2Sum = n2Sum;
        dot = nDot;
        s3Done = n3Done;
        s3Class = n3Class;
        drainer.commit();
        d1Valid = nd1Valid;
        d1Dot = nd1Dot;
        d1Group = nd1Group;
        d1Class = nd1Class;
        d2Valid = nd2Valid;
        acc = nAcc;
        stage.commit();
        drive();
    }

    private void drive() {
        window.setReady(inReady);
        values.drive(stage.outValid(), stage.outData());
    }
}
