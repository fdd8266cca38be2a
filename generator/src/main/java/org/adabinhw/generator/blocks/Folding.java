package org.adabinhw.generator.blocks;

import java.util.List;

/**
 * The checks that every element-wise block on the feature stream ({@code piecewise_unit}, {@code affine_unit},
 * {@code stream_add}) makes of its channels, lanes and stream width, with the same messages.
 */
final class Folding {
    /** The most channels. */
    static final int MAX_CHANNELS = 65536;
    /** The widest beat, in data bits. */
    static final int MAX_BEAT_WIDTH = 16384;

    private Folding() {
    }

    /** Rejects illegal channels, lanes and stream widths, naming the block, the value and the legal ones. */
    static void check(String block, int channels, int lanes, int streamWidth) {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException(block + ": channels = " + channels + " is illegal; legal: 1.."
                    + MAX_CHANNELS);
        }
        if (lanes < 1 || lanes > channels || channels % lanes != 0) {
            throw new IllegalArgumentException(block + ": lanes = " + lanes + " does not divide channels = " + channels
                    + "; legal lanes: " + divisors(channels));
        }
        if (streamWidth < 2 || streamWidth > 31) {
            throw new IllegalArgumentException(block + ": streamWidth = " + streamWidth + " is illegal; legal: 2..31");
        }
        if ((long) lanes * streamWidth > MAX_BEAT_WIDTH) {
            throw new IllegalArgumentException(block + ": lanes = " + lanes + " × streamWidth = " + streamWidth + " = "
                    + (long) lanes * streamWidth + " bits per beat exceeds " + MAX_BEAT_WIDTH);
        }
    }

    /** Rejects an illegal multiplier width. */
    static void checkMultWidth(String block, int multWidth) {
        if (multWidth < 2 || multWidth > 32) {
            throw new IllegalArgumentException(block + ": multWidth = " + multWidth + " is illegal; legal: 2..32");
        }
    }

    /** The divisors of {@code n}, at most 24 of them listed. */
    static String divisors(int n) {
        List<String> d = org.adabinhw.generator.Lanes.divisors(n).stream().map(String::valueOf).toList();
        return String.join(", ", d.subList(0, Math.min(24, d.size()))) + (d.size() > 24 ? ", ..." : "");
    }

    /** Whether {@code v} is a signed value of {@code width} bits. */
    static boolean fits(long v, int width) {
        return v >= -(1L << (width - 1)) && v <= (1L << (width - 1)) - 1;
    }

    /** {@code [min, max]} of a signed width, for messages. */
    static String range(int width) {
        return "[" + -(1L << (width - 1)) + ", " + ((1L << (width - 1)) - 1) + "]";
    }
}
