package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * A piecewise-linear nonlinearity (Maxout, PReLU, ReLU, Hardtanh): per channel
 * {@code m = x > 0 ? pos[c] : neg[c]}, {@code y = clamp(roundShift(x · m, shift), lo, hi)} (the clamp is the
 * stream's saturation, or Hardtanh's bounds). {@code x = 0} gives 0.
 *
 * @param name  layer name
 * @param input input tensor name
 * @param shape input (= output) shape
 * @param pos   per-channel slope for x &gt; 0, at scale {@code 2^shift}
 * @param neg   per-channel slope for x ≤ 0, at scale {@code 2^shift}
 * @param shift rounding shift
 * @param lo    lower clamp (stream value)
 * @param hi    upper clamp (stream value)
 */
public record PiecewiseLayer(String name, String input, Shape shape, int[] pos, int[] neg, int shift, int lo, int hi)
        implements IntLayer {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return shape;
    }

    @Override
    public int[] apply(List<int[]> in, Stats stats) {
        int[] x = in.get(0);
        int[] y = new int[x.length];
        int plane = shape.plane();
        long sat = 0;
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            long r = Fixed.roundShift((long) x[i] * (x[i] > 0 ? pos[c] : neg[c]), shift);
            long v = Math.min(hi, Math.max(lo, r));
            sat += v != r ? 1 : 0;
            y[i] = (int) v;
        }
        if (stats != null) {
            stats.saturated(name, sat, y.length);
        }
        return y;
    }
}
