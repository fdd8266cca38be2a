package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.Lanes;

/** Window streams and output streams of the pooling model tests, computed directly from C×H×W tensors. */
final class PoolWindows {
    private PoolWindows() {
    }

    /**
     * The window beats of one image: per output pixel in raster order, per tap (ky, kx) and channel fold f, the
     * values of channels f·SIMD … in lanes of {@code w} bits and tap_valid above them (all 0 in the padding).
     */
    static List<BigInteger> windows(int[] x, int c, int h, int wd, int simd, int w, int k, int s, int p) {
        int oh = (h + 2 * p - k) / s + 1;
        int ow = (wd + 2 * p - k) / s + 1;
        List<BigInteger> beats = new ArrayList<>();
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                for (int ky = 0; ky < k; ky++) {
                    for (int kx = 0; kx < k; kx++) {
                        int iy = oy * s - p + ky;
                        int ix = ox * s - p + kx;
                        boolean valid = iy >= 0 && iy < h && ix >= 0 && ix < wd;
                        for (int f = 0; f < c / simd; f++) {
                            long[] v = new long[simd];
                            for (int i = 0; valid && i < simd; i++) {
                                v[i] = x[((f * simd + i) * h + iy) * wd + ix];
                            }
                            BigInteger b = Lanes.pack(v, w);
                            beats.add(valid ? b.setBit(simd * w) : b);
                        }
                    }
                }
            }
        }
        return beats;
    }

    /** The output beats of a C×OH×OW result: per pixel, C/SIMD beats of SIMD lanes. */
    static List<BigInteger> values(int[] y, int c, int pixels, int simd, int w) {
        List<BigInteger> out = new ArrayList<>();
        for (int px = 0; px < pixels; px++) {
            for (int f = 0; f < c / simd; f++) {
                long[] v = new long[simd];
                for (int i = 0; i < simd; i++) {
                    v[i] = y[(f * simd + i) * pixels + px];
                }
                out.add(Lanes.pack(v, w));
            }
        }
        return out;
    }

    /** A random tensor of {@code w}-bit values, a quarter of them at each end of the range. */
    static int[] image(SplittableRandom r, int size, int w) {
        int min = -(1 << (w - 1));
        int max = (1 << (w - 1)) - 1;
        int[] x = new int[size];
        for (int i = 0; i < size; i++) {
            int u = r.nextInt(4);
            x[i] = u == 0 ? min : u == 1 ? max : r.nextInt(min, max + 1);
        }
        return x;
    }
}
