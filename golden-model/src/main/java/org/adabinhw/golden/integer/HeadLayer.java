package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * The classifier: an optional global sum pool, then a linear layer with the pool's divisor and a
 * preceding batch norm folded in. {@code v[i]} is the per-channel sum over the feature map (with
 * {@code pool}) or the flattened input; {@code acc[j] = Σ_i weight[j][i] · v[i] + bias[j]}; logit
 * {@code saturate(roundShift(acc, shift), logitWidth)} in the stream's fractional format
 * ({@code logit ≈ value · 2^−F}).
 *
 * @param name     layer name
 * @param input    input tensor name
 * @param in       input shape
 * @param pool     whether to sum over H × W first
 * @param classes  outputs
 * @param weights  classes × features
 * @param bias     per class, at scale {@code 2^(F + shift)}
 * @param shift    rounding shift
 * @param q        formats
 */
public record HeadLayer(String name, String input, Shape in, boolean pool, int classes, int[] weights, long[] bias,
                        int shift, QuantConfig q) implements IntLayer {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return new Shape(classes, 1, 1);
    }

    /** Features per class: channels (pooled) or C·H·W. */
    public int features() {
        return pool ? in.channels() : in.size();
    }

    @Override
    public int[] apply(List<int[]> inputs, Stats stats) {
        int[] x = inputs.get(0);
        long[] v = new long[features()];
        if (pool) {
            int plane = in.plane();
            for (int c = 0; c < in.channels(); c++) {
                long s = 0;
                for (int p = 0; p < plane; p++) {
                    s += x[c * plane + p];
                }
                v[c] = s;
            }
        } else {
            for (int i = 0; i < v.length; i++) {
                v[i] = x[i];
            }
        }
        int[] y = new int[classes];
        long sat = 0;
        for (int j = 0; j < classes; j++) {
            long acc = bias[j];
            for (int i = 0; i < v.length; i++) {
                acc += weights[j * v.length + i] * v[i];
            }
            long r = Fixed.roundShift(acc, shift);
            long s = Fixed.saturate(r, q.logitWidth());
            sat += s != r ? 1 : 0;
            y[j] = (int) s;
        }
        if (stats != null) {
            stats.saturated(name, sat, y.length);
        }
        return y;
    }
}
