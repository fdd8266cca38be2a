package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.AxisTlastConfig;

/**
 * The cycle model of {@code axis_tlast}: the stream passes through as wires (a {@link Combinational} block)
 * and {@code tlast} comes from the beat counter register, which advances when the upstream TVALID and the
 * downstream TREADY are both high, as in the RTL.
 * <p>
 * Payloads: the consumed beat is the data ({@link AxisTlastConfig#dataWidth()} bits); the produced beat is
 * {@code {tlast, data}} ({@link AxisTlastConfig#beatWithLastWidth()} bits), which is what the verification
 * top of an accelerator puts on its output, so that the two can be compared beat for beat.
 */
public final class AxisTlastModel implements Combinational {
    private final String name;
    private final AxisTlastConfig config;
    private final Stream<BigInteger> in;
    private final Stream<BigInteger> out;
    private int count;
    private int nextCount;

    /**
     * A model between two streams.
     *
     * @param name   instance name
     * @param config the block
     * @param in     the consumed stream ({@code s_axis})
     * @param out    the produced stream ({@code m_axis} with {@code tlast} on top of TDATA)
     */
    public AxisTlastModel(String name, AxisTlastConfig config, Stream<BigInteger> in, Stream<BigInteger> out) {
        this.name = name;
        this.config = config;
        this.in = in;
        this.out = out;
    }

    @Override
    public String name() {
        return name;
    }

    /** The configuration. */
    public AxisTlastConfig config() {
        return config;
    }

    @Override
    public void reset() {
        count = 0;
    }

    @Override
    public void compute() {
        boolean move = in.valid() && out.ready();
        nextCount = !move ? count : count == config.frame() - 1 ? 0 : count + 1;
    }

    @Override
    public void commit() {
        count = nextCount;
    }

    @Override
    public void settle() {
        boolean v = in.nextValid();
        BigInteger d = null;
        if (v) {
            d = in.nextData();
            if (d.signum() < 0 || d.bitLength() > config.dataWidth()) {
                throw new IllegalArgumentException(name + ": beat " + d.toString(16) + " does not fit "
                        + config.dataWidth() + " bits");
            }
            if (count == config.frame() - 1) {
                d = d.setBit(config.dataWidth());
            }
        }
        out.drive(v, d);
        in.setReady(out.nextReady());
    }
}
