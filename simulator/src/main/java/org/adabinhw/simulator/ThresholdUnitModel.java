package org.adabinhw.simulator;

import org.adabinhw.generator.blocks.ThresholdUnitConfig;

/**
 * The cycle model of {@code threshold_unit}: per beat, {@code bit[i] = (x[i] >= T[f·simd + i])} for the
 * beat's fold {@code f}, the fold counting beats modulo {@link ThresholdUnitConfig#folds()} from reset;
 * the bits enter the same depth-2 {@code axis_fifo} output stage as in the RTL, so the timing matches
 * the RTL's cycle for cycle.
 * <p>
 * Payloads: an input beat is the {@code simd} stream values; an output beat is the bits packed into
 * 64-bit words, lane {@code i} in bit {@code i % 64} of word {@code i / 64}.
 */
public final class ThresholdUnitModel implements Block {
    /** Depth of the output stage, as in {@code threshold_unit.v}. */
    static final int OUTPUT_STAGE_DEPTH = 2;

    private final String name;
    private final ThresholdUnitConfig config;
    private final int[] thresholds;
    private final Stream<int[]> values;
    private final Stream<long[]> bits;
    private final FifoCore<long[]> stage = new FifoCore<>(OUTPUT_STAGE_DEPTH);
    private int fold;
    private int nextFold;

    /**
     * A model with its thresholds and streams.
     *
     * @param name       instance name
     * @param config     the unit
     * @param thresholds one per channel (checked against the configuration)
     * @param values     the consumed stream ({@code s_axis_values})
     * @param bits       the produced stream ({@code m_axis_bits})
     */
    public ThresholdUnitModel(String name, ThresholdUnitConfig config, int[] thresholds, Stream<int[]> values,
                              Stream<long[]> bits) {
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
    public void compute() {
        boolean accept = values.valid() && stage.inReady();
        long[] b = accept ? compare(values.data(), fold) : null;
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

    private long[] compare(int[] x, int f) {
        int simd = config.simd();
        if (x.length != simd) {
            throw new IllegalArgumentException(name + ": a beat holds " + simd + " values, got " + x.length);
        }
        long[] out = new long[(simd + 63) / 64];
        int base = f * simd;
        for (int i = 0; i < simd; i++) {
            if (x[i] >= thresholds[base + i]) {
                out[i >>> 6] |= 1L << (i & 63);
            }
        }
        return out;
    }
}
