package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;

import org.adabinhw.generator.blocks.StreamForkConfig;

/**
 * The cycle model of {@code stream_fork}: one {@value StreamForkConfig#STAGE_DEPTH}-beat {@code axis_fifo}
 * stage per output, a credit count per output and the registered input ready they decide, as in the RTL, so
 * that it matches the RTL cycle for cycle under any back-pressure.
 * <p>
 * Payloads are the data bits of a beat ({@link StreamForkConfig#dataWidth()} bits, TDATA without padding).
 */
public final class StreamForkModel implements Block {
    private final String name;
    private final StreamForkConfig config;
    private final Stream<BigInteger> in;
    private final List<Stream<BigInteger>> outs;
    private final List<FifoCore<BigInteger>> stages;
    private final int[] held;
    private final int[] nextHeld;
    private boolean inReady;
    private boolean nextInReady;

    /**
     * A model between one input and its output streams.
     *
     * @param name   instance name
     * @param config the fork
     * @param in     the consumed stream ({@code s_axis_x})
     * @param outs   the produced streams ({@code m_axis_y0}, …), {@link StreamForkConfig#outputs()} of them
     */
    public StreamForkModel(String name, StreamForkConfig config, Stream<BigInteger> in, List<Stream<BigInteger>> outs) {
        if (outs.size() != config.outputs()) {
            throw new IllegalArgumentException(name + ": " + outs.size() + " output streams for a fork of "
                    + config.outputs());
        }
        this.name = name;
        this.config = config;
        this.in = in;
        this.outs = List.copyOf(outs);
        this.stages = outs.stream().map(o -> new FifoCore<BigInteger>(StreamForkConfig.STAGE_DEPTH)).toList();
        this.held = new int[outs.size()];
        this.nextHeld = new int[outs.size()];
    }

    @Override
    public String name() {
        return name;
    }

    /** The configuration. */
    public StreamForkConfig config() {
        return config;
    }

    @Override
    public void reset() {
        inReady = true;
        Arrays.fill(held, 0);
        stages.forEach(FifoCore::reset);
        drive();
    }

    @Override
    public boolean idle() {
        if (in.valid() && inReady) {
            return false;
        }
        for (int k = 0; k < outs.size(); k++) {
            if (stages.get(k).outValid() && outs.get(k).ready()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void compute() {
        boolean push = in.valid() && inReady;
        BigInteger data = push ? checked(in.data()) : null;
        boolean room = true;
        for (int k = 0; k < outs.size(); k++) {
            FifoCore<BigInteger> st = stages.get(k);
            boolean pop = st.outValid() && outs.get(k).ready();
            nextHeld[k] = held[k] + (push ? 1 : 0) - (pop ? 1 : 0);
            room &= nextHeld[k] < StreamForkConfig.STAGE_DEPTH;
            if (push && !st.inReady()) {
                throw new IllegalStateException(name + ": a beat arrived at the full stage of output " + k + " (credit error)");
            }
            st.compute(push, data, outs.get(k).ready());
        }
        nextInReady = room;
    }

    @Override
    public void commit() {
        inReady = nextInReady;
        System.arraycopy(nextHeld, 0, held, 0, held.length);
        stages.forEach(FifoCore::commit);
        drive();
    }

    private BigInteger checked(BigInteger beat) {
        if (beat.signum() < 0 || beat.bitLength() > config.dataWidth()) {
            throw new IllegalArgumentException(name + ": beat " + beat.toString(16) + " does not fit "
                    + config.dataWidth() + " bits");
        }
        return beat;
    }

    private void drive() {
        in.setReady(inReady);
        for (int k = 0; k < outs.size(); k++) {
            FifoCore<BigInteger> st = stages.get(k);
            outs.get(k).drive(st.outValid(), st.outValid() ? st.outData() : null);
        }
    }
}
