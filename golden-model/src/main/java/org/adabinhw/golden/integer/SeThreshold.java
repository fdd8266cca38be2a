package org.adabinhw.golden.integer;

/**
 * SD-BNN's activation self-distribution in integers (docs/arithmetic.md §"SE threshold"): per image, the binary
 * convolution's input bit of channel {@code c} is {@code x ≥ T[c]} with {@code T[c] = −σ(z[c])} in stream units,
 * where
 * <ol>
 * <li>{@code m[c] = roundShift(Σ_{h,w} x[c,h,w] · R, 16)}, {@code R = round(2^16 / (H·W))}: the channel mean (exact
 * when {@code H·W} is a power of two);</li>
 * <li>{@code h[j] = max(0, roundShift(Σ_c w1[j][c] · m[c], s1))}, {@code w1 = q(W1, s1)};</li>
 * <li>{@code z[c] = roundShift(Σ_j w2[c][j] · h[j], s2)}, {@code w2 = q(W2, s2)};</li>
 * <li>{@code σ} from a table of {@code round(σ(k/256 − 16) · 2^F)}, {@code k = 0 … 8192}, interpolated linearly between
 * entries; 0 below −16, {@code 2^F} from 16 on.</li>
 * </ol>
 * All of {@code m}, {@code h}, {@code z} and {@code σ} carry the stream's {@code F} fractional bits.
 */
public final class SeThreshold {
    /** Table entries per unit of {@code z}: {@code 2^8}. */
    public static final int STEP_BITS = 8;
    /** The table covers {@code z ∈ [−16, 16)}. */
    public static final int RANGE = 16;

    private final int channels;
    private final int hidden;
    private final int plane;
    private final long reciprocal;
    private final int[] w1;
    private final int s1;
    private final int[] w2;
    private final int s2;
    private final int frac;
    private final long[] table;

    /**
     * @param channels C
     * @param hidden   the squeeze width
     * @param plane    H·W of the input
     * @param w1       quantised W1, hidden × C
     * @param s1       its shift
     * @param w2       quantised W2, C × hidden
     * @param s2       its shift
     * @param frac     the stream's fractional bits F (at least {@value #STEP_BITS})
     */
    public SeThreshold(int channels, int hidden, int plane, int[] w1, int s1, int[] w2, int s2, int frac) {
        if (w1.length != hidden * channels || w2.length != hidden * channels || frac < STEP_BITS || plane < 1) {
            throw new IllegalArgumentException("SE threshold: inconsistent tables");
        }
        this.channels = channels;
        this.hidden = hidden;
        this.plane = plane;
        this.reciprocal = Math.round(Math.scalb(1.0, 16) / plane);
        this.w1 = w1;
        this.s1 = s1;
        this.w2 = w2;
        this.s2 = s2;
        this.frac = frac;
        int n = 2 * RANGE << STEP_BITS;
        this.table = new long[n + 1];
        for (int k = 0; k <= n; k++) {
            double z = (double) k / (1 << STEP_BITS) - RANGE;
            table[k] = Math.round(Math.scalb(1 / (1 + Math.exp(-z)), frac));
        }
    }

    /** The sigmoid table, {@code round(σ(k/256 − 16) · 2^F)}. */
    public long[] table() {
        return table.clone();
    }

    /** {@code σ(z · 2^−F) · 2^F}, by the table. */
    public long sigmoid(long z) {
        int low = frac - STEP_BITS;
        long k = (z >> low) + ((long) RANGE << STEP_BITS);
        if (k < 0) {
            return 0;
        }
        if (k >= table.length - 1) {
            return 1L << frac;
        }
        long f = z & ((1L << low) - 1);
        return table[(int) k] + Fixed.roundShift((table[(int) k + 1] - table[(int) k]) * f, low);
    }

    /** The per-channel thresholds of one image's input tensor {@code x} (C × H × W stream values). */
    public int[] thresholds(int[] x) {
        long[] m = new long[channels];
        for (int c = 0; c < channels; c++) {
            long s = 0;
            for (int p = 0; p < plane; p++) {
                s += x[c * plane + p];
            }
            m[c] = Fixed.roundShift(s * reciprocal, 16);
        }
        long[] h = new long[hidden];
        for (int j = 0; j < hidden; j++) {
            long acc = 0;
            for (int c = 0; c < channels; c++) {
                acc += w1[j * channels + c] * m[c];
            }
            h[j] = Math.max(0, Fixed.roundShift(acc, s1));
        }
        int[] t = new int[channels];
        for (int c = 0; c < channels; c++) {
            long acc = 0;
            for (int j = 0; j < hidden; j++) {
                acc += w2[c * hidden + j] * h[j];
            }
            t[c] = (int) -sigmoid(Fixed.roundShift(acc, s2));
        }
        return t;
    }
}
