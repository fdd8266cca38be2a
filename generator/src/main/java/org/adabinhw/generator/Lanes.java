package org.adabinhw.generator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;

/**
 * Packing of several equal-width fields ("lanes") into one bit vector, the layout of every multi-value
 * TDATA and memory word: lane {@code i} occupies bits {@code [i·width + width − 1 : i·width]}, lane 0 the
 * least significant; signed values are stored in two's complement.
 */
public final class Lanes {
    /** Big-endian longs in a byte array, BigInteger's byte order. */
    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Lanes() {
    }

    /**
     * Packs lane values into one vector.
     *
     * @param values lane values, each in the signed or the unsigned range of {@code width} bits
     * @param width  bits per lane, 1..63
     * @return the packed vector, non-negative
     * @throws IllegalArgumentException naming the lane whose value does not fit
     */
    public static BigInteger pack(long[] values, int width) {
        checkWidth(width);
        long min = -(1L << (width - 1));
        long max = (1L << width) - 1;
        long mask = max;
        long[] words = new long[(values.length * width + 63) / 64];
        for (int i = 0; i < values.length; i++) {
            long v = values[i];
            if (v < min || v > max) {
                throw new IllegalArgumentException("lane " + i + " = " + v + " does not fit " + width + " bits");
            }
            long bits = v & mask;
            int pos = i * width;
            int w = pos >>> 6;
            int off = pos & 63;
            words[w] |= bits << off;
            if (off + width > 64) {
                words[w + 1] |= bits >>> (64 - off);
            }
        }
        return fromWords(words);
    }

    /** The non-negative number whose bits are {@code words}, word 0 the least significant. */
    public static BigInteger fromWords(long[] words) {
        byte[] bytes = new byte[words.length * 8 + 1];
        for (int w = 0; w < words.length; w++) {
            LONG_BE.set(bytes, 1 + 8 * (words.length - 1 - w), words[w]);
        }
        return new BigInteger(1, bytes);
    }

    /** The bits of a non-negative number as {@code count} words, word 0 the least significant (higher bits dropped). */
    public static long[] toWords(BigInteger vector, int count) {
        byte[] bytes = vector.toByteArray();
        int n = bytes.length;
        long[] words = new long[count];
        for (int w = 0; w < count; w++) {
            int end = n - 8 * w;
            if (end >= 8) {
                words[w] = (long) LONG_BE.get(bytes, end - 8);
            } else {
                long v = 0;
                for (int i = 0; i < end; i++) {
                    v = v << 8 | (bytes[i] & 0xFFL);
                }
                words[w] = v;
                break;
            }
        }
        return words;
    }

    /** {@link #pack(long[], int)} for int values. */
    public static BigInteger pack(int[] values, int width) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = values[i];
        }
        return pack(l, width);
    }

    /**
     * Extracts lane values from a vector.
     *
     * @param vector a packed vector, non-negative
     * @param count  lanes to extract
     * @param width  bits per lane, 1..63
     * @param signed whether lanes are two's complement
     * @return the lane values
     */
    public static long[] unpack(BigInteger vector, int count, int width, boolean signed) {
        checkWidth(width);
        if (vector.signum() < 0) {
            throw new IllegalArgumentException("a packed vector is non-negative, got " + vector);
        }
        long[] words = toWords(vector, (count * width + 63) / 64 + 1);
        long mask = (1L << width) - 1;
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            int pos = i * width;
            int w = pos >>> 6;
            int off = pos & 63;
            long v = words[w] >>> off;
            if (off + width > 64) {
                v |= words[w + 1] << (64 - off);
            }
            v &= mask;
            if (signed && (v >>> (width - 1) & 1) != 0) {
                v -= 1L << width;
            }
            out[i] = v;
        }
        return out;
    }

    /** The number of bits rounded up to whole bytes, the width of a TDATA that carries {@code bits} bits. */
    public static int byteAligned(int bits) {
        if (bits < 1) {
            throw new IllegalArgumentException("a stream carries at least 1 bit, got " + bits);
        }
        return (bits + 7) / 8 * 8;
    }

    private static void checkWidth(int width) {
        if (width < 1 || width > 63) {
            throw new IllegalArgumentException("lane width must be 1..63, got " + width);
        }
    }

    /** The divisors of {@code n ≥ 1}, ascending: the legal lane (SIMD, PE) counts of {@code n} channels. */
    public static java.util.List<Integer> divisors(int n) {
        java.util.List<Integer> d = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            if (n % i == 0) {
                d.add(i);
            }
        }
        return d;
    }
}
