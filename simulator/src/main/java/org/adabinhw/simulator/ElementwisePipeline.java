package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.function.Function;

/**
 * The shared skeleton of {@code piecewise_unit.v} and {@code affine_unit.v}, register for register: the fold
 * counter, the credit count behind the registered input ready, stage 1 (the accepted beat and its fold),
 * stage 2 (one wide value per lane: the product or the multiply-add), and the output step into the same
 * depth-{@value #OUTPUT_STAGE_DEPTH} {@code axis_fifo} output stage. The blocks supply the per-lane math.
 */
final class ElementwisePipeline {
    /** Depth of the output stage, as in both cores. */
    static final int OUTPUT_STAGE_DEPTH = 4;

    /** The arithmetic of one lane, split where the RTL registers it. */
    interface LaneMath {
        /** Stage 2: the wide value of input {@code x} of channel {@code channel}. */
        long stage2(long x, int channel);

        /** The output step: the stream value of a stage-2 value. */
        long output(long wide);
    }

    private final String name;
    private final int lanes;
    private final int folds;
    private final LaneMath math;
    private final Function<BigInteger, long[]> unpack;
    private final Function<long[], BigInteger> pack;
    private final Stream<BigInteger> in;
    private final Stream<BigInteger> out;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);

    private boolean inReady;
    private int held;
    private int fold;
    private boolean s1Valid;
    private long[] s1X;
    private int s1Fold;
    private boolean s2Valid;
    private long[] s2Wide;

    private boolean nInReady;
    private int nHeld;
    private int nFold;
    private boolean n1Valid;
    private long[] n1X;
    private int n1Fold;
    private boolean n2Valid;
    private long[] n2Wide;

    ElementwisePipeline(String name, int lanes, int folds, LaneMath math, Function<BigInteger, long[]> unpack,
                        Function<long[], BigInteger> pack, Stream<BigInteger> in, Stream<BigInteger> out) {
        this.name = name;
        this.lanes = lanes;
        this.folds = folds;
        this.math = math;
        this.unpack = unpack;
        this.pack = pack;
        this.in = in;
        this.out = out;
    }

    void reset() {
        inReady = true;
        held = 0;
        fold = 0;
        s1Valid = false;
        s2Valid = false;
        stage.reset();
        drive();
    }

    /** Whether this cycle changes nothing: no beat accepted, none in the pipeline, none leaving. */
    boolean idle() {
        return !s1Valid && !s2Valid && !(in.valid() && inReady) && !stage.popping(out.ready());
    }

    void compute() {
        boolean accept = in.valid() && inReady;
        boolean pop = stage.outValid() && out.ready();
        nHeld = held + (accept ? 1 : 0) - (pop ? 1 : 0);
        nInReady = nHeld < OUTPUT_STAGE_DEPTH;
        nFold = accept ? (fold == folds - 1 ? 0 : fold + 1) : fold;

        n1Valid = accept;
        n1X = s1X;
        n1Fold = s1Fold;
        if (accept) {
            n1X = unpack.apply(in.data());
            n1Fold = fold;
        }

        n2Valid = s1Valid;
        n2Wide = s2Wide;
        if (s1Valid) {
            n2Wide = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                n2Wide[i] = math.stage2(s1X[i], s1Fold * lanes + i);
            }
        }

        BigInteger result = null;
        if (s2Valid) {
            long[] y = new long[lanes];
            for (int i = 0; i < lanes; i++) {
                y[i] = math.output(s2Wide[i]);
            }
            result = pack.apply(y);
            if (!stage.inReady()) {
                throw new IllegalStateException(name + ": a result arrived at a full output stage (credit error)");
            }
        }
        stage.compute(s2Valid, result, out.ready());
    }

    void commit() {
        inReady = nInReady;
        held = nHeld;
        fold = nFold;
        s1Valid = n1Valid;
        s1X = n1X;
        s1Fold = n1Fold;
        s2Valid = n2Valid;
        s2Wide = n2Wide;
        stage.commit();
        drive();
    }

    private void drive() {
        in.setReady(inReady);
        out.drive(stage.outValid(), stage.outData());
    }
}
