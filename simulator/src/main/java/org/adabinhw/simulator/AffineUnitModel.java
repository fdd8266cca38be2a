package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.AffineUnitConfig;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.Fixed;

/**
 * The cycle model of {@code affine_unit}, register for register: the fold counter, the credit count behind
 * the registered input ready, stage 1 (the beat), stage 2 (the multiply-add {@code x·mul[c] + add[c]}), then
 * the rounding shift and saturation into the same depth-4 {@code axis_fifo} output stage as the RTL.
 * <p>
 * Payloads are TDATA: a beat is the {@code lanes} packed stream values ({@link AffineUnitConfig#packValues}).
 */
public final class AffineUnitModel implements Block {
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
    public AffineUnitModel(String name, AffineUnitConfig config, AffineLayer layer, Stream<BigInteger> x,
                           Stream<BigInteger> y) {
        config.checkLayer(layer);
        this.name = name;
        int[] mul = layer.mul().clone();
        long[] add = layer.add().clone();
        int shift = layer.shift();
        int width = config.streamWidth();
        ElementwisePipeline.LaneMath math = new ElementwisePipeline.LaneMath() {
            @Override
            public long stage2(long v, int channel) {
                return v * mul[channel] + add[channel];
            }

            @Override
            public long output(long acc) {
                return Fixed.saturate(Fixed.roundShift(acc, shift), width);
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
