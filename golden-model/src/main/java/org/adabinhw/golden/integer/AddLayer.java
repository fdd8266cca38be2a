package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * Residual addition: {@code saturate(a + b)} elementwise.
 *
 * @param name  layer name
 * @param a     first input tensor name
 * @param b     second input tensor name
 * @param shape shape of both inputs and of the output
 * @param q     formats
 */
public record AddLayer(String name, String a, String b, Shape shape, QuantConfig q) implements IntLayer {
    @Override
    public List<String> inputs() {
        return List.of(a, b);
    }

    @Override
    public Shape outShape() {
        return shape;
    }

    @Override
    public int[] apply(List<int[]> in, Stats stats) {
        int[] x = in.get(0);
        int[] z = in.get(1);
        int[] y = new int[x.length];
        long sat = 0;
        for (int i = 0; i < x.length; i++) {
            long r = (long) x[i] + z[i];
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
