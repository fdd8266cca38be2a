package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * The option-A shortcut: spatial subsampling by {@code stride} and {@code padChannels} zero channels on
 * each side. Exact.
 *
 * @param name        layer name
 * @param input       input tensor name
 * @param in          input shape
 * @param out         output shape
 * @param stride      subsampling
 * @param padChannels zero channels before and after
 */
public record ShortcutLayer(String name, String input, Shape in, Shape out, int stride, int padChannels)
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
        for (int c = 0; c < in.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    y[((c + padChannels) * out.height() + oy) * out.width() + ox] =
                            x[(c * in.height() + oy * stride) * in.width() + ox * stride];
                }
            }
        }
        return y;
    }
}
