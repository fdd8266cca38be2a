package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.StreamDwcConfig;

/**
 * The cycle model of {@code stream_dwc}, register for register: down-conversion holds an input beat in a
 * shift register and issues its {@link StreamDwcConfig#ratio()} pieces one per cycle; up-conversion collects
 * ratio − 1 beats and issues them with the last one in the cycle it is accepted; both issue into the same
 * depth-2 {@code axis_fifo} output stage under the same credit count as the RTL.
 * <p>
 * Payloads are the data bits of a beat: {@code inLanes} lanes in, {@code outLanes} lanes out, lane {@code i}
 * in bits {@code [i·w, i·w + w)}.
 */
public final class StreamDwcModel implements Block {
    /** Depth of the output stage, as in {@code stream_dwc.v}. */
    static final int STAGE_DEPTH = 2;

    private final String name;
    private final StreamDwcConfig config;
    private final Stream<BigInteger> in;
    private final Stream<BigInteger> out;
    private final FifoCore<BigInteger> stage = new FifoCore<>(STAGE_DEPTH);
    private final BigInteger outMask;

    private boolean inReady;
    private int sub;
    private int held;
    /** Down: the input beat being split (valid when {@code bufferValid}). Up: the pieces collected so far. */
    private BigInteger buffer;
    private boolean bufferValid;

    private boolean nInReady;
    private int nSub;
    private int nHeld;
    private BigInteger nBuffer;
    private boolean nBufferValid;

    /**
     * A model between two streams.
     *
     * @param name   instance name
     * @param config the converter
     * @param in     the consumed stream ({@code s_axis_x})
     * @param out    the produced stream ({@code m_axis_y})
     */
    public StreamDwcModel(String name, StreamDwcConfig config, Stream<BigInteger> in, Stream<BigInteger> out) {
        this.name = name;
        this.config = config;
        this.in = in;
        this.out = out;
        this.outMask = BigInteger.ONE.shiftLeft(config.outputWidth()).subtract(BigInteger.ONE);
    }

    @Override
    public String name() {
        return name;
    }

    /** The configuration. */
    public StreamDwcConfig config() {
        return config;
    }

    @Override
    public void reset() {
        inReady = true;
        sub = 0;
        held = 0;
        buffer = BigInteger.ZERO;
        bufferValid = false;
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return !(in.valid() && inReady) && !stage.popping(out.ready()) && !(config.isDown() && bufferValid && held < STAGE_DEPTH);
    }

    @Override
    public void compute() {
        int last = config.ratio() - 1;
        boolean accept = in.valid() && inReady;
        BigInteger data = accept ? checked(in.data()) : null;
        boolean pop = stage.outValid() && out.ready();
        boolean isLast = sub == last;
        boolean push;
        BigInteger pushData = null;
        if (config.isDown()) {
            boolean issue = bufferValid && held < STAGE_DEPTH;
            if (accept && bufferValid && !(issue && isLast)) {
                throw new IllegalStateException(name + ": a beat was accepted into a full buffer");
            }
            push = issue;
            if (issue) {
                pushData = buffer.and(outMask);
            }
            nBufferValid = accept || (bufferValid && !(issue && isLast));
            nSub = !issue ? sub : isLast ? 0 : sub + 1;
            nHeld = held + (push ? 1 : 0) - (pop ? 1 : 0);
            nInReady = !nBufferValid || (nSub == last && nHeld < STAGE_DEPTH);
            nBuffer = accept ? data : issue ? buffer.shiftRight(config.outputWidth()) : buffer;
        } else {
            int piecesWidth = config.outputWidth() - config.inputWidth();
            BigInteger joined = accept ? data.shiftLeft(piecesWidth).or(buffer) : null;
            push = accept && isLast;
            if (push) {
                pushData = joined;
            }
            nBufferValid = false;
            nSub = !accept ? sub : isLast ? 0 : sub + 1;
            nHeld = held + (push ? 1 : 0) - (pop ? 1 : 0);
            nInReady = nSub != last || nHeld < STAGE_DEPTH;
            nBuffer = accept ? joined.shiftRight(config.inputWidth()) : buffer;
        }
        if (push && !stage.inReady()) {
            throw new IllegalStateException(name + ": a beat arrived at a full output stage (credit error)");
        }
        stage.compute(push, pushData, out.ready());
    }

    @Override
    public void commit() {
        inReady = nInReady;
        sub = nSub;
        held = nHeld;
        buffer = nBuffer;
        bufferValid = nBufferValid;
        stage.commit();
        drive();
    }

    private BigInteger checked(BigInteger beat) {
        if (beat.signum() < 0 || beat.bitLength() > config.inputWidth()) {
            throw new IllegalArgumentException(name + ": input beat " + beat.toString(16) + " does not fit "
                    + config.inputWidth() + " bits");
        }
        return beat;
    }

    private void drive() {
        in.setReady(inReady);
        out.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }
}
