package org.adabinhw.golden.integer;

/** The integer primitives of the arithmetic contract ({@code docs/arithmetic.md}). */
public final class Fixed {
    private Fixed() {
    }

    /**
     * Rounding right shift: {@code floor((v + 2^(s−1)) / 2^s)}, i.e. round to nearest with ties toward +∞;
     * {@code s = 0} returns {@code v}. In hardware: add a constant, then an arithmetic shift.
     */
    public static long roundShift(long v, int s) {
        return s == 0 ? v : (v + (1L << (s - 1))) >> s;
    }

    /** Clamps {@code v} to the signed range of {@code width} bits. */
    public static long saturate(long v, int width) {
        long max = (1L << (width - 1)) - 1;
        long min = -(1L << (width - 1));
        return v > max ? max : Math.max(v, min);
    }

    /**
     * A compile-time constant {@code round(x · 2^s)} (nearest, ties away from zero), checked to fit in
     * {@code width} signed bits.
     */
    public static long quantise(double x, int s, int width, String what) {
        if (!Double.isFinite(x)) {
            throw new IllegalStateException(what + " = " + x + " is not finite");
        }
        double scaled = Math.scalb(x, s);
        long q = (long) (Math.signum(scaled) * Math.floor(Math.abs(scaled) + 0.5));
        if (q != saturate(q, width)) {
            throw new IllegalStateException(what + " = " + x + " does not fit " + width + " signed bits at scale 2^" + s);
        }
        return q;
    }

    /**
     * The largest shift {@code s ≤ maxShift} at which a value of magnitude {@code maxAbs} quantises into
     * {@code width} signed bits (may be negative for large values).
     */
    public static int shiftFor(double maxAbs, int width, int maxShift) {
        if (maxAbs == 0) {
            return maxShift;
        }
        long limit = (1L << (width - 1)) - 1;
        int s = maxShift;
        while (s > -64 && Math.floor(Math.scalb(maxAbs, s) + 0.5) > limit) {
            s--;
        }
        return s;
    }

    /** The number of bits of a signed integer that holds every value with magnitude ≤ {@code maxAbs}. */
    public static int signedBits(double maxAbs) {
        int b = 1;
        while (Math.scalb(1.0, b - 1) <= maxAbs) {
            b++;
        }
        return b;
    }
}
