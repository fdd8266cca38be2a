package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.blocks.ThresholdUnitConfig;

/**
 * The cycle model of {@code threshold_unit}: per beat, {@code bit[i] = (x[i] >= T[f·simd + i])} for the
 * beat's fold {@code f}, the fold counting beats modulo {@link ThresholdUnitConfig#folds()} from reset;
 * the bits enter the same depth-2 {@code axis_fifo} output stage as in the RTL, so the timing matches
 * the RTL's cycle for cycle.
 * <p>
 * Payloads are TDATA without padding: an input beat is the {@code simd} packed stream values
 * ({@link ThresholdUnitConfig#packValues}), an output beat the {@code simd} activation bits, lane {@code i} in
 * bit {@code i} ({@link ThresholdUnitConfig#packBits}).
 */
public final class ThresholdUnitModel implements Block {
    /** Depth of the output stage, as in {@code threshold_unit.v}. */
    static final int OUTPUT_STAGE_DEPTH = 2;

    private final String name;
    private final ThresholdUnitConfig config;
    private final int[] thresholds;
    private final Stream<BigInteger> values;
    private final Stream<BigInteger> bits;
    private final FifoCore<BigInteger> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);
    private int fold;
    private int nextFold;

    /**
     * A model with its thresholds and streams.
     *
     * @param name       instance name
     * @param config     the unit
     * @param thresholds one per channel (checked against the configuration)
     * @param values     the consumed stream ({@code s_axis_values}), beats of {@link ThresholdUnitConfig#inputWidth()}
     *                   bits
     * @param bits       the produced stream ({@code m_axis_bits}), beats of {@code simd} bits
     */
    public ThresholdUnitModel(String name, ThresholdUnitConfig config, int[] thresholds, Stream<BigInteger> values,
                              Stream<BigInteger> bits) {
        config.checkThresholds(thresholds);
        this.name = name;
        this.config = config;
        this.thresholds = thresholds.clone();
        this.values = values;
        this.bits = bits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        fold = 0;
        stage.reset();
        drive();
    }

    @Override
    public boolean idle() {
        return stage.still(values.valid(), bits.ready());
    }

    @Override
    public void compute() {
        boolean accept = values.valid() && stage.inReady();
        BigInteger b = accept ? compare(values.data(), fold) : null;
        stage.compute(values.valid(), b, bits.ready());
        nextFold = accept ? (fold + 1 == config.folds() ? 0 : fold + 1) : fold;
    }

    @Override
    public void commit() {
        fold = nextFold;
        stage.commit();
        drive();
    }

    private void drive() {
        values.setReady(stage.inReady());
        bits.drive(stage.outValid(), stage.outValid() ? stage.outData() : null);
    }

    private BigInteger compare(BigInteger tdata, int f) {
        if (tdata.signum() < 0 || tdata.bitLength() > config.inputWidth()) {
            throw new IllegalArgumentException(name + ": an input beat has " + config.inputWidth() + " bits, got 0x"
                    + tdata.toString(16));
        }
        int simd = config.simd();
        int[] x = config.unpackValues(tdata);
        // Big-endian magnitude for BigInteger: lane i in byte (length − 1 − i / 8), bit i % 8.
        byte[] out = new byte[(simd + 7) / 8];
        int base = f * simd;
        for (int i = 0; i < simd; i++) {
            if (x[i] >= thresholds[base + i]) {
                out[out.length - 1 - (i >>> 3)] |= (byte) (1 << (i & 7));
            }
        }
        return new BigInteger(1, out);
    }
}
