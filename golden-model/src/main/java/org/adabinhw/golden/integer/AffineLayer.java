package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * A batch norm that no convolution absorbed: per channel
 * {@code saturate(roundShift(x · mul[c] + add[c], shift))}.
 *
 * @param name  layer name
 * @param input input tensor name
 * @param shape input (= output) shape
 * @param mul   per-channel multiplier
 * @param add   per-channel addend, at scale {@code 2^(F + shift)}
 * @param shift final rounding shift
 * @param q     formats
 */
public record AffineLayer(String name, String input, Shape shape, int[] mul, long[] add, int shift, QuantConfig q)
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
            long r = Fixed.roundShift((long) x[i] * mul[c] + add[c], shift);
            long v = Fixed.saturate(r, q.streamWidth());
            sat += v != r ? 1 : 0;
            y[i] = (int) v;
        }
        if (stats != null) {
            stats.saturated(name, sat, y.length);
        }
        return y;
    }
}
