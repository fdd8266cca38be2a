package org.adabinhw.golden.integer;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import org.adabinhw.golden.ir.Shape;

/**
 * A binary convolution with its batch norm folded in, the contract of the binary matrix-vector unit.
 * <ol>
 * <li>Threshold: input bit {@code a = (x >= threshold[c])}, x a stream value.</li>
 * <li>Per output position, over the valid taps of the window (zero padding contributes nothing):
 *     {@code Px = popcount(XNOR(a, w) & valid)} and {@code Pa = popcount(a & valid)}.</li>
 * <li>{@code acc = mx[o]·Px + ma[o]·Pa + bias[o][borderClass]} (exact, fits 48 bits);
 *     output {@code saturate(roundShift(acc, shift))} in the stream format.</li>
 * </ol>
 * Weight bits are stored as {@code outChannels × kh·kw × words} 64-bit words, channel {@code c} in bit
 * {@code c % 64} of word {@code c / 64}; bits beyond the channel count are 0.
 */
public final class BinaryConvLayer implements IntLayer {
    /** Output channels computed together: each activation word loaded is XORed with this many weight words. */
    private static final int CHANNEL_BLOCK = 4;

    private final String name;
    private final String input;
    private final ConvGeometry geometry;
    private final int[] threshold;
    private final SeThreshold se;
    private final long[] weightBits;
    private final int[] mx;
    private final int[] ma;
    private final long[] bias;
    private final int shift;
    private final QuantConfig q;
    private final int words;

    /**
     * @param name       layer name
     * @param input      input tensor name
     * @param geometry   window geometry
     * @param threshold  per input channel, the stream value at and above which the bit is 1
     * @param weightBits packed weight bits (see class comment)
     * @param mx         per output channel, multiplier of Px
     * @param ma         per output channel, multiplier of Pa
     * @param bias       per output channel and border class ({@code o * classes + cls})
     * @param shift      final rounding shift
     * @param q          formats
     */
    public BinaryConvLayer(String name, String input, ConvGeometry geometry, int[] threshold, long[] weightBits,
                           int[] mx, int[] ma, long[] bias, int shift, QuantConfig q) {
        this(name, input, geometry, threshold, null, weightBits, mx, ma, bias, shift, q);
    }

    /**
     * The same with SD-BNN's dynamic threshold: when {@code se} is not null, each image's thresholds are
     * {@code se.thresholds(x)} and {@code threshold} is not used.
     */
    public BinaryConvLayer(String name, String input, ConvGeometry geometry, int[] threshold, SeThreshold se,
                           long[] weightBits, int[] mx, int[] ma, long[] bias, int shift, QuantConfig q) {
        this.se = se;
        this.name = name;
        this.input = input;
        this.geometry = geometry;
        this.threshold = threshold;
        this.weightBits = weightBits;
        this.mx = mx;
        this.ma = ma;
        this.bias = bias;
        this.shift = shift;
        this.q = q;
        this.words = words(geometry.in().channels());
        int o = geometry.out().channels();
        int taps = geometry.kernelH() * geometry.kernelW();
        if (threshold.length != geometry.in().channels() || weightBits.length != o * taps * words
                || mx.length != o || ma.length != o || bias.length != o * geometry.classes() || shift < 0) {
            throw new IllegalArgumentException("binary conv " + name + ": inconsistent constant tables");
        }
    }

    /** 64-bit words per pixel for {@code channels} bits. */
    public static int words(int channels) {
        return (channels + 63) / 64;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return geometry.out();
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public int[] threshold() {
        return threshold.clone();
    }

    /** SD-BNN's dynamic threshold, or null when the thresholds are the constants of {@link #threshold()}. */
    public SeThreshold se() {
        return se;
    }

    public long[] weightBits() {
        return weightBits.clone();
    }

    public int[] mx() {
        return mx.clone();
    }

    public int[] ma() {
        return ma.clone();
    }

    /** Bias table, {@code o * classes + cls}. */
    public long[] bias() {
        return bias.clone();
    }

    public int shift() {
        return shift;
    }

    /** The activation bits of an input tensor, packed per pixel: {@code bits[(y*W + x)*words + c/64]}. */
    public long[] activationBits(int[] x) {
        int[] threshold = se == null ? this.threshold : se.thresholds(x);
        Shape s = geometry.in();
        int plane = s.plane();
        long[] bits = new long[plane * words];
        for (int c = 0; c < s.channels(); c++) {
            int t = threshold[c];
            long m = 1L << (c & 63);
            int w = c >>> 6;
            for (int p = 0; p < plane; p++) {
                if (x[c * plane + p] >= t) {
                    bits[p * words + w] |= m;
                }
            }
        }
        return bits;
    }

    @Override
    public int[] apply(List<int[]> in, Stats stats) {
        long[] bits = activationBits(in.get(0));
        Shape is = geometry.in();
        Shape os = geometry.out();
        int iw = is.width();
        int kw = geometry.kernelW();
        int taps = geometry.kernelH() * kw;
        int stride = geometry.stride();
        int pad = geometry.padding();
        int classes = geometry.classes();
        // Per border class, its valid (tap, word) pairs: the word's offset from the window origin in the
        // activation bits, and its index in one output channel's weights. No bounds checks in the loops below.
        int[][] tapOffset = new int[classes][];
        int[][] tapWeight = new int[classes][];
        for (int c = 0; c < classes; c++) {
            boolean[] valid = geometry.validTaps(c);
            int[] off = new int[taps * words];
            int[] wi = new int[taps * words];
            int n = 0;
            for (int t = 0; t < taps; t++) {
                for (int w = 0; valid[t] && w < words; w++, n++) {
                    off[n] = ((t / kw) * iw + t % kw) * words + w;
                    wi[n] = t * words + w;
                }
            }
            tapOffset[c] = Arrays.copyOf(off, n);
            tapWeight[c] = Arrays.copyOf(wi, n);
        }
        // Per output position, what every output channel shares: border class, window origin, Nv·C and Pa.
        int positions = os.plane();
        int[] cls = new int[positions];
        int[] origin = new int[positions];
        int[] validBits = new int[positions];
        int[] paWin = new int[positions];
        for (int oy = 0; oy < os.height(); oy++) {
            for (int ox = 0; ox < os.width(); ox++) {
                int p = oy * os.width() + ox;
                int c = geometry.classOf(oy, ox);
                int a0 = ((oy * stride - pad) * iw + ox * stride - pad) * words;
                int pa = 0;
                for (int off : tapOffset[c]) {
                    pa += Long.bitCount(bits[a0 + off]);
                }
                cls[p] = c;
                origin[p] = a0;
                validBits[p] = tapOffset[c].length / words * is.channels();
                paWin[p] = pa;
            }
        }
        int outChannels = os.channels();
        int perChannel = taps * words;
        int[] out = new int[os.size()];
        long[] sat = new long[1];
        IntStream.range(0, (outChannels + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK).parallel().forEach(block -> {
            int o0 = block * CHANNEL_BLOCK;
            long satLocal = 0;
            if (o0 + CHANNEL_BLOCK <= outChannels) {
                int w0 = o0 * perChannel;
                int w1 = w0 + perChannel;
                int w2 = w1 + perChannel;
                int w3 = w2 + perChannel;
                for (int p = 0; p < positions; p++) {
                    int[] off = tapOffset[cls[p]];
                    int[] wi = tapWeight[cls[p]];
                    int a0 = origin[p];
                    int m0 = 0;
                    int m1 = 0;
                    int m2 = 0;
                    int m3 = 0;
                    for (int i = 0; i < off.length; i++) {
                        long a = bits[a0 + off[i]];
                        int w = wi[i];
                        m0 += Long.bitCount(a ^ weightBits[w0 + w]);
                        m1 += Long.bitCount(a ^ weightBits[w1 + w]);
                        m2 += Long.bitCount(a ^ weightBits[w2 + w]);
                        m3 += Long.bitCount(a ^ weightBits[w3 + w]);
                    }
                    satLocal += store(out, o0, p, positions, validBits[p] - m0, paWin[p], cls[p], classes);
                    satLocal += store(out, o0 + 1, p, positions, validBits[p] - m1, paWin[p], cls[p], classes);
                    satLocal += store(out, o0 + 2, p, positions, validBits[p] - m2, paWin[p], cls[p], classes);
                    satLocal += store(out, o0 + 3, p, positions, validBits[p] - m3, paWin[p], cls[p], classes);
                }
            } else {
                for (int o = o0; o < outChannels; o++) {
                    int wo = o * perChannel;
                    for (int p = 0; p < positions; p++) {
                        int[] off = tapOffset[cls[p]];
                        int[] wi = tapWeight[cls[p]];
                        int a0 = origin[p];
                        int m = 0;
                        for (int i = 0; i < off.length; i++) {
                            m += Long.bitCount(bits[a0 + off[i]] ^ weightBits[wo + wi[i]]);
                        }
                        satLocal += store(out, o, p, positions, validBits[p] - m, paWin[p], cls[p], classes);
                    }
                }
            }
            if (satLocal > 0) {
                synchronized (sat) {
                    sat[0] += satLocal;
                }
            }
        });
        if (stats != null) {
            stats.saturated(name, sat[0], out.length);
        }
        return out;
    }

    /** Writes output channel {@code o} at position {@code p} from its popcounts; returns 1 if it saturated. */
    private int store(int[] out, int o, int p, int positions, int px, int pa, int cls, int classes) {
        long acc = (long) mx[o] * px + (long) ma[o] * pa + bias[o * classes + cls];
        long r = Fixed.roundShift(acc, shift);
        long v = Fixed.saturate(r, q.streamWidth());
        out[o * positions + p] = (int) v;
        return v != r ? 1 : 0;
    }
}
