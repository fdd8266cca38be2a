package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.HeadUnitConfig;
import org.adabinhw.golden.integer.Fixed;
import org.adabinhw.golden.integer.HeadLayer;

/**
 * The cycle model of {@code head_unit}, register for register: the input counters and registered ready, the
 * sum stage's read-modify-write into one of two banks (with the forwarding of a word written in the cycle it
 * was read), the MAC phase (issue, ROM and bank read, product, accumulation; a group's last MAC waits for a
 * credit of the group FIFO), rounding and saturation into the same depth-{@value #GROUP_DEPTH}
 * {@code axis_fifo}, and the serialiser that drives {@code m_axis_logits}.
 * <p>
 * Payloads are TDATA: an input beat is the packed lanes, an output beat the logit's 32 bits. The sums, products
 * and accumulators are exact; the model stops with an exception if one would leave the 64 bits of the golden
 * model's arithmetic.
 */
public final class HeadUnitModel implements Block {
    /** Groups the group FIFO holds, as in {@code head_unit.v}. */
    static final int GROUP_DEPTH = 5;

    private final String name;
    private final HeadUnitConfig c;
    private final Stream<BigInteger> x;
    private final Stream<BigInteger> logits;
    private final FifoCore<long[]> groups = new FifoCore<>(GROUP_DEPTH);
    private final int[] weights;
    private final long[] bias;
    private final int shift;

    /** The registers of the RTL (the memories are kept apart: they are written in commit). */
    private static final class State {
        boolean inReady;
        int inFold;
        int inPixel;
        int inBank;
        boolean[] full = new boolean[2];
        int macBank;
        int mGroup;
        int mFold;
        int mLane;
        int queued;
        int pending;
        long[][] rd = new long[2][];
        boolean s1Valid;
        boolean s1First;
        boolean s1Last;
        int s1Bank;
        boolean s1Fwd;
        int s1Fold;
        long[] s1X;
        long[] lastSum;
        boolean m1Valid;
        boolean m1First;
        boolean m1Last;
        int m1Bank;
        int m1Lane;
        int m1Group;
        int m1Channel;
        boolean m2Valid;
        boolean m2First;
        boolean m2Last;
        int m2Group;
        long[] prod;
        boolean m3Done;
        long[] acc;
        boolean serValid;
        int serIndex;
        long[] serData;

        State copy() {
            State s = new State();
            s.inReady = inReady;
            s.inFold = inFold;
            s.inPixel = inPixel;
            s.inBank = inBank;
            s.full = full.clone();
            s.macBank = macBank;
            s.mGroup = mGroup;
            s.mFold = mFold;
            s.mLane = mLane;
            s.queued = queued;
            s.pending = pending;
            s.rd = rd.clone();
            s.s1Valid = s1Valid;
            s.s1First = s1First;
            s.s1Last = s1Last;
            s.s1Bank = s1Bank;
            s.s1Fwd = s1Fwd;
            s.s1Fold = s1Fold;
            s.s1X = s1X;
            s.lastSum = lastSum;
            s.m1Valid = m1Valid;
            s.m1First = m1First;
            s.m1Last = m1Last;
            s.m1Bank = m1Bank;
            s.m1Lane = m1Lane;
            s.m1Group = m1Group;
            s.m1Channel = m1Channel;
            s.m2Valid = m2Valid;
            s.m2First = m2First;
            s.m2Last = m2Last;
            s.m2Group = m2Group;
            s.prod = prod;
            s.m3Done = m3Done;
            s.acc = acc;
            s.serValid = serValid;
            s.serIndex = serIndex;
            s.serData = serData;
            return s;
        }
    }

    private final long[][][] banks;
    private State s = new State();
    private State next;
    private int writeBank = -1;
    private int writeFold;
    private long[] writeWord;

    /**
     * A model with its layer's constants and streams.
     *
     * @param name   instance name
     * @param config the unit
     * @param layer  the golden model's classifier (checked against the configuration)
     * @param x      the consumed stream ({@code s_axis_x})
     * @param logits the produced stream ({@code m_axis_logits})
     */
    public HeadUnitModel(String name, HeadUnitConfig config, HeadLayer layer, Stream<BigInteger> x,
                         Stream<BigInteger> logits) {
        config.checkLayer(layer);
        this.name = name;
        this.c = config;
        this.x = x;
        this.logits = logits;
        this.weights = layer.weights().clone();
        this.bias = layer.bias().clone();
        this.shift = layer.shift();
        this.banks = new long[2][config.folds()][];
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        s = new State();
        s.inReady = true;
        groups.reset();
        drive();
    }

    @Override
    public void compute() {
        State n = s.copy();
        int folds = c.folds();
        int lanes = c.lanes();
        int pe = c.headPe();
        int lastFold = folds - 1;
        int lastLane = lanes - 1;
        int lastGroup = c.groups() - 1;

        // Input counters.
        boolean accept = x.valid() && s.inReady;
        boolean firstPixel = s.inPixel == 0;
        boolean imageEnd = s.inFold == lastFold && s.inPixel == c.pixels() - 1;
        n.inFold = !accept ? s.inFold : s.inFold == lastFold ? 0 : s.inFold + 1;
        n.inPixel = !(accept && s.inFold == lastFold) ? s.inPixel : s.inPixel == c.pixels() - 1 ? 0 : s.inPixel + 1;
        n.inBank = accept && imageEnd ? 1 - s.inBank : s.inBank;
        boolean firstNext = n.inFold == 0 && n.inPixel == 0;

        // Sum stage: the read-modify-write of the beat accepted in the previous cycle.
        long[] newSum = null;
        if (s.s1Valid) {
            long[] old = s.s1Fwd ? s.lastSum : s.rd[s.s1Bank];
            if (!s.s1First && old == null) {
                throw new IllegalStateException(name + ": sum of fold " + s.s1Fold + " read before it was written");
            }
            newSum = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                newSum[i] = Math.addExact(s.s1First ? 0 : old[i], s.s1X[i]);
            }
        }

        // MAC issue.
        boolean macRun = s.full[s.macBank];
        boolean lastChannel = s.mFold == lastFold && s.mLane == lastLane;
        boolean credit = s.queued + s.pending < GROUP_DEPTH;
        boolean issue = macRun && (!lastChannel || credit);
        boolean issueLast = issue && lastChannel;
        boolean macDone = issueLast && s.mGroup == lastGroup;
        n.mLane = !issue ? s.mLane : s.mLane == lastLane ? 0 : s.mLane + 1;
        n.mFold = !(issue && s.mLane == lastLane) ? s.mFold : s.mFold == lastFold ? 0 : s.mFold + 1;
        n.mGroup = !issueLast ? s.mGroup : s.mGroup == lastGroup ? 0 : s.mGroup + 1;
        n.macBank = macDone ? 1 - s.macBank : s.macBank;

        // Serialiser and group FIFO handshakes.
        boolean push = s.m3Done;
        boolean fire = s.serValid && logits.ready();
        boolean load = !s.serValid || (fire && s.serIndex == pe - 1);
        boolean pop = groups.outValid() && load;
        n.queued = s.queued + (push ? 1 : 0) - (pop ? 1 : 0);
        n.pending = s.pending + (issueLast ? 1 : 0) - (push ? 1 : 0);

        // Bank states and the registered ready.
        for (int b = 0; b < 2; b++) {
            boolean set = s.s1Valid && s.s1Last && s.s1Bank == b;
            boolean clear = macDone && s.macBank == b;
            n.full[b] = (s.full[b] && !clear) || set;
        }
        boolean freesNext = n.full[n.macBank] && n.macBank == n.inBank && n.mGroup == lastGroup && n.mFold == lastFold
                && n.mLane == lastLane && n.queued + n.pending < GROUP_DEPTH;
        n.inReady = !firstNext || !n.full[n.inBank] || freesNext;

        // Bank reads (registered, before this edge's write) and the sum stage's write.
        for (int b = 0; b < 2; b++) {
            int addr = macRun && s.macBank == b ? s.mFold : s.inFold;
            n.rd[b] = banks[b][addr];
        }
        writeBank = s.s1Valid ? s.s1Bank : -1;
        writeFold = s.s1Fold;
        writeWord = newSum;
        if (s.s1Valid) {
            n.lastSum = newSum;
        }
        n.s1Valid = accept;
        if (accept) {
            n.s1First = firstPixel;
            n.s1Last = imageEnd;
            n.s1Bank = s.inBank;
            n.s1Fold = s.inFold;
            n.s1X = c.unpackValues(x.data());
            n.s1Fwd = s.s1Valid && s.s1Bank == s.inBank && s.s1Fold == s.inFold;
        }

        // MAC stage 1: what the issued MAC reads.
        n.m1Valid = issue;
        if (issue) {
            n.m1First = s.mFold == 0 && s.mLane == 0;
            n.m1Last = lastChannel;
            n.m1Bank = s.macBank;
            n.m1Lane = s.mLane;
            n.m1Group = s.mGroup;
            n.m1Channel = s.mFold * lanes + s.mLane;
        }

        // Stage 2: the products.
        n.m2Valid = s.m1Valid;
        if (s.m1Valid) {
            long v = s.rd[s.m1Bank][s.m1Lane];
            n.m2First = s.m1First;
            n.m2Last = s.m1Last;
            n.m2Group = s.m1Group;
            n.prod = new long[pe];
            for (int p = 0; p < pe; p++) {
                int j = s.m1Group * pe + p;
                n.prod[p] = Math.multiplyExact((long) weights[j * c.channels() + s.m1Channel], v);
            }
        }

        // Stage 3: the accumulation.
        n.m3Done = s.m2Valid && s.m2Last;
        if (s.m2Valid) {
            n.acc = new long[pe];
            for (int p = 0; p < pe; p++) {
                long base = s.m2First ? bias[s.m2Group * pe + p] : s.acc[p];
                n.acc[p] = Math.addExact(base, s.prod[p]);
            }
        }

        // Rounding and saturation into the group FIFO.
        long[] results = null;
        if (push) {
            results = new long[pe];
            for (int p = 0; p < pe; p++) {
                results[p] = Fixed.saturate(Fixed.roundShift(s.acc[p], shift), HeadUnitConfig.LOGIT_WIDTH);
            }
            if (!groups.inReady()) {
                throw new IllegalStateException(name + ": a group arrived at a full group FIFO (credit error)");
            }
        }
        if (load) {
            n.serValid = groups.outValid();
            n.serIndex = 0;
            n.serData = groups.outData();
        } else if (fire) {
            n.serIndex = s.serIndex + 1;
        }
        groups.compute(push, results, load);
        next = n;
    }

    @Override
    public void commit() {
        if (writeBank >= 0) {
            banks[writeBank][writeFold] = writeWord;
        }
        s = next;
        groups.commit();
        drive();
    }

    private void drive() {
        x.setReady(s.inReady);
        logits.drive(s.serValid, s.serValid ? c.packLogit(s.serData[s.serIndex]) : null);
    }
}
