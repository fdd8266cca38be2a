package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.function.Supplier;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.ir.Shape;

/**
 * What {@code max_pool} and {@code avg_pool} share: the legal geometries (those a {@code sliding_window} produces
 * and PyTorch accepts), the checks of a golden layer's geometry, and the beat codecs.
 */
final class Pooling {
    /** The most channels. */
    static final int MAX_CHANNELS = 65536;
    /** The largest image side. */
    static final int MAX_SIZE = SlidingWindowConfig.MAX_SIZE;
    /** The widest beat, in data bits (lanes only). */
    static final int MAX_LANES_WIDTH = SlidingWindowConfig.MAX_BEAT_WIDTH;

    private Pooling() {
    }

    /** Rejects illegal values of a pooling block, naming them and the legal ones. */
    static void check(String block, int channels, int simd, int streamWidth, int kernel, int stride, int padding,
                      int inHeight, int inWidth) {
        check(block, channels >= 1 && channels <= MAX_CHANNELS, "channels = " + channels + " is illegal; legal: 1.."
                + MAX_CHANNELS);
        check(block, simd >= 1 && simd <= channels && channels % simd == 0,
                "SIMD = " + simd + " does not divide channels = " + channels);
        check(block, streamWidth >= 2 && streamWidth <= 31, "streamWidth = " + streamWidth + " is illegal; legal: 2..31");
        check(block, (long) simd * streamWidth <= MAX_LANES_WIDTH, "SIMD = " + simd + " × streamWidth = " + streamWidth
                + " = " + (long) simd * streamWidth + " bits per beat exceeds " + MAX_LANES_WIDTH);
        check(block, kernel >= 1 && kernel <= SlidingWindowConfig.MAX_KERNEL, "kernel = " + kernel
                + " is illegal; legal: 1.." + SlidingWindowConfig.MAX_KERNEL + " (the sliding window's)");
        check(block, stride == 1 || stride == 2, "stride = " + stride + " is illegal; legal: 1, 2 (the sliding window's)");
        // PyTorch's rule; it also puts at least one tap of every window inside the image.
        check(block, padding >= 0 && 2 * padding <= kernel, "padding = " + padding + " is illegal for kernel = " + kernel
                + "; legal: 0.." + kernel / 2);
        for (int[] side : new int[][] {{inHeight, 'H'}, {inWidth, 'W'}}) {
            check(block, side[0] >= Math.max(1, kernel - 2 * padding) && side[0] <= MAX_SIZE, (char) side[1] + " = "
                    + side[0] + " is illegal for kernel = " + kernel + ", padding = " + padding + "; legal: "
                    + Math.max(1, kernel - 2 * padding) + ".." + MAX_SIZE);
        }
    }

    private static void check(String block, boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(block + ": " + message);
        }
    }

    /** Output size along one axis, {@code (size + 2p − K) / s + 1}: every window the sliding window produces. */
    static int outSize(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    /**
     * Checks that a golden pooling layer's geometry is one the sliding window produces: stride 1 or 2, a kernel
     * it supports, and no window beyond {@code (H + 2p − K) / s + 1} (PyTorch's {@code ceil_mode} adds a last
     * window that hangs past the padding, which the golden model clips and the sliding window cannot emit).
     *
     * @throws IllegalArgumentException naming the block, the layer and why
     */
    static void checkLayerGeometry(String block, String layer, Shape in, Shape out, int kernel, int stride, int padding) {
        String prefix = block + ": layer " + layer + ": ";
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException(prefix + "stride " + stride
                    + " is not one the sliding window produces (1 or 2)");
        }
        if (kernel < 1 || kernel > SlidingWindowConfig.MAX_KERNEL) {
            throw new IllegalArgumentException(prefix + "kernel " + kernel + " is outside the sliding window's 1.."
                    + SlidingWindowConfig.MAX_KERNEL);
        }
        if (padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException(prefix + "padding " + padding + " exceeds half the kernel " + kernel);
        }
        if (in.height() + 2 * padding < kernel || in.width() + 2 * padding < kernel) {
            throw new IllegalArgumentException(prefix + "the " + kernel + "x" + kernel + " window is larger than the input "
                    + in + " padded by " + padding);
        }
        if (out.channels() != in.channels()) {
            throw new IllegalArgumentException(prefix + "output " + out + " has other channels than the input " + in);
        }
        int oh = outSize(in.height(), kernel, stride, padding);
        int ow = outSize(in.width(), kernel, stride, padding);
        if (out.height() != oh || out.width() != ow) {
            String why = out.height() > oh || out.width() > ow
                    ? "its last window hangs past the padding (PyTorch ceil_mode), which the sliding window cannot produce"
                    : "the sliding window produces more windows";
            throw new IllegalArgumentException(prefix + "output " + out.height() + "x" + out.width() + " of input "
                    + in.height() + "x" + in.width() + " (kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + ") is not the sliding window's " + oh + "x" + ow + ": " + why);
        }
    }

    /** Runs a constructor, prefixing its message with the layer's name. */
    static <T> T forLayer(String block, String layer, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage().startsWith(block + ": ") ? e.getMessage().substring(block.length() + 2) : e.getMessage();
            throw new IllegalArgumentException(block + ": layer " + layer + ": " + m, e);
        }
    }

    /**
     * The input TDATA of one window beat, {@code {tap_valid, lanes}}.
     *
     * @param tapValid whether the tap lies inside the image (lanes must be 0 otherwise)
     * @param values   the {@code simd} lane values, each in the signed range of {@code streamWidth} bits
     */
    static BigInteger windowBeat(String block, int simd, int streamWidth, boolean tapValid, long[] values) {
        if (values.length != simd) {
            throw new IllegalArgumentException(block + ": a window beat holds " + simd + " values, got " + values.length);
        }
        long min = -(1L << (streamWidth - 1));
        long max = (1L << (streamWidth - 1)) - 1;
        for (int i = 0; i < simd; i++) {
            if (values[i] < min || values[i] > max) {
                throw new IllegalArgumentException(block + ": lane " + i + " = " + values[i] + " is outside the "
                        + streamWidth + "-bit stream range");
            }
            if (!tapValid && values[i] != 0) {
                throw new IllegalArgumentException(block + ": a padded tap carries " + values[i] + " in lane " + i);
            }
        }
        BigInteger lanes = Lanes.pack(values, streamWidth);
        return tapValid ? lanes.setBit(simd * streamWidth) : lanes;
    }

    /** The output TDATA of one beat: {@code simd} signed values. */
    static BigInteger packValues(String block, int simd, int streamWidth, long[] values) {
        if (values.length != simd) {
            throw new IllegalArgumentException(block + ": an output beat holds " + simd + " values, got " + values.length);
        }
        return Lanes.pack(values, streamWidth);
    }
}
