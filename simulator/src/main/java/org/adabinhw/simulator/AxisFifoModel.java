package org.adabinhw.simulator;

import org.adabinhw.generator.blocks.AxisFifoConfig;

/**
 * The cycle model of {@code axis_fifo}: same capacity, latency, registered ready and throughput as the RTL
 * (see {@link AxisFifoConfig}), and the occupancy statistics FIFO sizing needs.
 *
 * @param <T> the payload type (the model does not look at it)
 */
public final class AxisFifoModel<T> implements Block {
    private final String name;
    private final AxisFifoConfig config;
    private final Stream<T> in;
    private final Stream<T> out;
    private final FifoCore<T> core;

    /**
     * A FIFO model between two streams.
     *
     * @param name   instance name
     * @param config the FIFO
     * @param in     the stream it consumes ({@code s_axis_in})
     * @param out    the stream it produces ({@code m_axis_out})
     */
    public AxisFifoModel(String name, AxisFifoConfig config, Stream<T> in, Stream<T> out) {
        this.name = name;
        this.config = config;
        this.in = in;
        this.out = out;
        this.core = new FifoCore<>(config.depth());
    }

    @Override
    public String name() {
        return name;
    }

    /** The configuration. */
    public AxisFifoConfig config() {
        return config;
    }

    @Override
    public void reset() {
        core.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return core.still(in.valid(), out.ready());
    }

    @Override
    public void compute() {
        core.compute(in.valid(), in.data(), out.ready());
    }

    @Override
    public void commit() {
        core.commit();
        drive();
    }

    private void drive() {
        in.setReady(core.inReady());
        out.drive(core.outValid(), core.outValid() ? core.outData() : null);
    }

    /** Beats held now. */
    public int occupancy() {
        return core.occupancy();
    }

    /** The largest number of beats held at once since reset. */
    public int peakOccupancy() {
        return core.peakOccupancy();
    }
}
