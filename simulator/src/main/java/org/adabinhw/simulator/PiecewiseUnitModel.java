package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.PiecewiseUnitConfig;
import org.adabinhw.golden.integer.Fixed;
import org.adabinhw.golden.integer.PiecewiseLayer;

/**
 * The cycle model of {@code piecewise_unit}, register for register: the fold counter, the credit count behind
 * the registered input ready, stage 1 (the beat), stage 2 (the products {@code x·m},
 * {@code m = x > 0 ? pos[c] : neg[c]}), then the rounding shift and the clamp {@code min(hi, max(lo, ·))} into
 * the same depth-4 {@code axis_fifo} output stage as the RTL.
 * <p>
 * Payloads are TDATA: a beat is the {@code lanes} packed stream values ({@link PiecewiseUnitConfig#packValues}).
 */
public final class PiecewiseUnitModel implements Block {
    private final String name;
    private final ElementwisePipeline pipeline;

    /**
     * A model with its layer's constants and streams.
     *
     * @param name   instance name
     * @param config the unit
     * @param layer  the golden model's layer (checked against the configuration)
     * @param x      the consumed stream ({@code s_axis_x})
     * @param y      the produced stream ({@code m_axis_y})
     */
    public PiecewiseUnitModel(String name, PiecewiseUnitConfig config, PiecewiseLayer layer, Stream<BigInteger> x,
                              Stream<BigInteger> y) {
        config.checkLayer(layer);
        this.name = name;
        int[] pos = layer.pos().clone();
        int[] neg = layer.neg().clone();
        int shift = layer.shift();
        long lo = layer.lo();
        long hi = layer.hi();
        ElementwisePipeline.LaneMath math = new ElementwisePipeline.LaneMath() {
            @Override
            public long stage2(long v, int channel) {
                return v * (v > 0 ? pos[channel] : neg[channel]);
            }

            @Override
            public long output(long product) {
                return Math.min(hi, Math.max(lo, Fixed.roundShift(product, shift)));
            }
        };
        this.pipeline = new ElementwisePipeline(name, config.lanes(), config.folds(), math, config::unpackValues,
                config::packValues, x, y);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        pipeline.reset();
    }

    @Override
    public boolean idle() {
        return pipeline.idle();
    }

    @Override
    public void compute() {
        pipeline.compute();
    }

    @Override
    public void commit() {
        pipeline.commit();
    }
}
