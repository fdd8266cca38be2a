package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * Max pooling over the in-image taps of each window (padding never wins, as PyTorch's −∞ padding). Exact.
 *
 * @param name    layer name
 * @param input   input tensor name
 * @param in      input shape
 * @param out     output shape
 * @param kernel  window size
 * @param stride  stride
 * @param padding padding
 */
public record MaxPoolLayer(String name, String input, Shape in, Shape out, int kernel, int stride, int padding)
        implements IntLayer {
    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return out;
    }

    @Override
    public int[] apply(List<int[]> inputs, Stats stats) {
        int[] x = inputs.get(0);
        int[] y = new int[out.size()];
        for (int c = 0; c < out.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int y0 = oy * stride - padding;
                    int x0 = ox * stride - padding;
                    int m = Integer.MIN_VALUE;
                    for (int iy = Math.max(y0, 0); iy < Math.min(y0 + kernel, in.height()); iy++) {
                        for (int ix = Math.max(x0, 0); ix < Math.min(x0 + kernel, in.width()); ix++) {
                            m = Math.max(m, x[(c * in.height() + iy) * in.width() + ix]);
                        }
                    }
                    y[(c * out.height() + oy) * out.width() + ox] = m;
                }
            }
        }
        return y;
    }
}
