package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.StreamAddConfig;
import org.adabinhw.golden.integer.Fixed;

/**
 * The cycle model of {@code stream_add}, register for register: per input a one-beat holding register whose
 * emptiness is the input's ready, the pair going out when both beats are there (arriving now or held) and the
 * depth-2 {@code axis_fifo} output stage is ready, the lane-by-lane saturating sum into that stage.
 * <p>
 * Payloads are TDATA: a beat is the {@code lanes} packed stream values ({@link StreamAddConfig#packValues}).
 */
public final class StreamAddModel implements Block {
    /** Depth of the output stage, as in {@code stream_add.v}. */
    static final int OUTPUT_STAGE_DEPTH = 2;

    private final String name;
    private final StreamAddConfig config;
    private final Stream<BigInteger> a;
    private final Stream<BigInteger> b;
    private final Stream<BigInteger> y;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);

    private boolean aFree;
    private boolean bFree;
    private BigInteger aHold;
    private BigInteger bHold;
    private boolean nAFree;
    private boolean nBFree;
    private BigInteger nAHold;
    private BigInteger nBHold;

    /**
     * A model between three streams.
     *
     * @param name   instance name
     * @param config the adder
     * @param a      the first consumed stream ({@code s_axis_a})
     * @param b      the second consumed stream ({@code s_axis_b})
     * @param y      the produced stream ({@code m_axis_y})
     */
    public StreamAddModel(String name, StreamAddConfig config, Stream<BigInteger> a, Stream<BigInteger> b,
                          Stream<BigInteger> y) {
        this.name = name;
        this.config = config;
        this.a = a;
        this.b = b;
        this.y = y;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        aFree = true;
        bFree = true;
        aHold = null;
        bHold = null;
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return !(a.valid() && aFree) && !(b.valid() && bFree) && (aFree || bFree) && stage.still(false, y.ready());
    }

    @Override
    public void compute() {
        boolean takeA = a.valid() && aFree;
        boolean takeB = b.valid() && bFree;
        boolean haveA = takeA || !aFree;
        boolean haveB = takeB || !bFree;
        boolean pair = haveA && haveB;
        boolean push = pair && stage.inReady();
        nAFree = !haveA || push;
        nBFree = !haveB || push;
        nAHold = takeA && !push ? a.data() : aHold;
        nBHold = takeB && !push ? b.data() : bHold;
        BigInteger sum = pair ? sum(aFree ? a.data() : aHold, bFree ? b.data() : bHold) : null;
        stage.compute(pair, sum, y.ready());
    }

    @Override
    public void commit() {
        aFree = nAFree;
        bFree = nBFree;
        aHold = nAHold;
        bHold = nBHold;
        stage.commit();
        drive();
    }

    private BigInteger sum(BigInteger x, BigInteger z) {
        long[] u = config.unpackValues(x);
        long[] v = config.unpackValues(z);
        long[] s = new long[u.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Fixed.saturate(u[i] + v[i], config.streamWidth());
        }
        return config.packValues(s);
    }

    private void drive() {
        a.setReady(aFree);
        b.setReady(bFree);
        y.drive(stage.outValid(), stage.outData());
    }
}
