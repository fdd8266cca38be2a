package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * Average pooling: the exact sum of the in-image taps of each window times the reciprocal of the window's
 * divisor {@code d} (PyTorch's count rule, see {@code divisor}): {@code saturate(roundShift(sum · R[d], 16))}
 * with {@code R[d] = round(2^16 / d)}. Exact when {@code d} is a power of two.
 *
 * @param name            layer name
 * @param input           input tensor name
 * @param in              input shape
 * @param out             output shape
 * @param kernel          window size
 * @param stride          stride
 * @param padding         padding
 * @param countIncludePad PyTorch's {@code count_include_pad}
 * @param q               formats
 */
public record AvgPoolLayer(String name, String input, Shape in, Shape out, int kernel, int stride, int padding,
                           boolean countIncludePad, QuantConfig q) implements IntLayer {
    /** Fractional bits of the reciprocal constants. */
    public static final int RECIPROCAL_SHIFT = 16;

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return out;
    }

    /** The reciprocal constant {@code round(2^16 / d)}. */
    public static long reciprocal(int d) {
        return ((1L << RECIPROCAL_SHIFT) + d / 2) / d;
    }

    /** The divisor of output position (oy, ox): in-image taps, or with count_include_pad the padded window. */
    public int divisor(int oy, int ox) {
        int y0 = oy * stride - padding;
        int x0 = ox * stride - padding;
        if (countIncludePad) {
            return (Math.min(y0 + kernel, in.height() + padding) - y0) * (Math.min(x0 + kernel, in.width() + padding) - x0);
        }
        return (Math.min(y0 + kernel, in.height()) - Math.max(y0, 0)) * (Math.min(x0 + kernel, in.width()) - Math.max(x0, 0));
    }

    @Override
    public int[] apply(List<int[]> inputs, Stats stats) {
        int[] x = inputs.get(0);
        int[] y = new int[out.size()];
        long sat = 0;
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int y0 = oy * stride - padding;
                    int x0 = ox * stride - padding;
                    long sum = 0;
                    for (int iy = Math.max(y0, 0); iy < Math.min(y0 + kernel, in.height()); iy++) {
                        for (int ix = Math.max(x0, 0); ix < Math.min(x0 + kernel, in.width()); ix++) {
                            sum += x[(c * in.height() + iy) * in.width() + ix];
                        }
                    }
                    long r = Fixed.roundShift(sum * reciprocal(divisor(oy, ox)), RECIPROCAL_SHIFT);
                    long v = Fixed.saturate(r, q.streamWidth());
                    sat += v != r ? 1 : 0;
                    y[(c * out.height() + oy) * out.width() + ox] = (int) v;
                }
            }
        }
        if (stats != null) {
            stats.saturated(name, sat, y.length);
        }
        return y;
    }
}
