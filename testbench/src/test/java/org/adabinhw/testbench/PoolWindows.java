package org.adabinhw.testbench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.Lanes;

/**
 * What the pooling ITs feed and expect, computed directly from C×H×W tensors: the window beats a
 * {@code sliding_window} emits (per output pixel in raster order, taps ky, kx, channel folds; {@code {tap_valid,
 * lanes}}, all zeros in the padding), the output beats of a golden result, and random images with values at both
 * ends of the stream range.
 */
final class PoolWindows {
    private PoolWindows() {
    }

    /** The geometry of one pooling block: channels, SIMD, lane width, kernel, stride, padding, input size. */
    record Geometry(int channels, int simd, int width, int kernel, int stride, int padding, int height, int inWidth) {
        int outHeight() {
            return (height + 2 * padding - kernel) / stride + 1;
        }

        int outWidth() {
            return (inWidth + 2 * padding - kernel) / stride + 1;
        }

        int outPixels() {
            return outHeight() * outWidth();
        }

        int folds() {
            return channels / simd;
        }
    }

    /** The window beats of one image {@code x} (C×H×W). */
    static List<BigInteger> windows(Geometry g, int[] x) {
        List<BigInteger> beats = new ArrayList<>();
        for (int oy = 0; oy < g.outHeight(); oy++) {
            for (int ox = 0; ox < g.outWidth(); ox++) {
                for (int ky = 0; ky < g.kernel(); ky++) {
                    for (int kx = 0; kx < g.kernel(); kx++) {
                        int iy = oy * g.stride() - g.padding() + ky;
                        int ix = ox * g.stride() - g.padding() + kx;
                        boolean valid = iy >= 0 && iy < g.height() && ix >= 0 && ix < g.inWidth();
                        for (int f = 0; f < g.folds(); f++) {
                            long[] v = new long[g.simd()];
                            for (int i = 0; valid && i < g.simd(); i++) {
                                v[i] = x[((f * g.simd() + i) * g.height() + iy) * g.inWidth() + ix];
                            }
                            BigInteger b = Lanes.pack(v, g.width());
                            beats.add(valid ? b.setBit(g.simd() * g.width()) : b);
                        }
                    }
                }
            }
        }
        return beats;
    }

    /** The output beats of a C×OH×OW result {@code y}: per output pixel, C/SIMD beats of SIMD lanes. */
    static List<BigInteger> values(Geometry g, int[] y) {
        int pixels = g.outPixels();
        List<BigInteger> out = new ArrayList<>();
        for (int p = 0; p < pixels; p++) {
            for (int f = 0; f < g.folds(); f++) {
                long[] v = new long[g.simd()];
                for (int i = 0; i < g.simd(); i++) {
                    v[i] = y[(f * g.simd() + i) * pixels + p];
                }
                out.add(Lanes.pack(v, g.width()));
            }
        }
        return out;
    }

    /**
     * A random image. Image 0 of a run: every value at the lower end, the upper end or uniform, a third each
     * (rounding and ties everywhere). Others: per channel, all values at the upper end, all at the lower end (the
     * saturating averages, the maximum that equals the padding's stand-in), or that mix.
     */
    static int[] image(Geometry g, SplittableRandom r, int index) {
        int min = -(1 << (g.width() - 1));
        int max = (1 << (g.width() - 1)) - 1;
        int plane = g.height() * g.inWidth();
        int[] x = new int[g.channels() * plane];
        for (int i = 0; i < x.length; i++) {
            int kind = index == 0 ? 2 : (i / plane + index) % 3;
            int u = kind == 2 ? r.nextInt(3) : kind;
            x[i] = u == 0 ? max : u == 1 ? min : r.nextInt(min, max + 1);
        }
        return x;
    }
}
