package org.adabinhw.golden.integer;

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
    private final String name;
    private final String input;
    private final ConvGeometry geometry;
    private final int[] threshold;
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
        int plane = is.plane();
        int[] pa = new int[plane];
        for (int p = 0; p < plane; p++) {
            int n = 0;
            for (int w = 0; w < words; w++) {
                n += Long.bitCount(bits[p * words + w]);
            }
            pa[p] = n;
        }
        int kh = geometry.kernelH();
        int kw = geometry.kernelW();
        int taps = kh * kw;
        int stride = geometry.stride();
        int pad = geometry.padding();
        int classes = geometry.classes();
        int channels = is.channels();
        int[] out = new int[os.size()];
        long[] sat = new long[1];
        IntStream.range(0, os.channels()).parallel().forEach(o -> {
            int wBase = o * taps * words;
            long satLocal = 0;
            for (int oy = 0; oy < os.height(); oy++) {
                for (int ox = 0; ox < os.width(); ox++) {
                    int mismatches = 0;
                    int valid = 0;
                    int paWin = 0;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * stride - pad + ky;
                        if (iy < 0 || iy >= is.height()) {
                            continue;
                        }
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * stride - pad + kx;
                            if (ix < 0 || ix >= is.width()) {
                                continue;
                            }
                            int p = iy * is.width() + ix;
                            int a = p * words;
                            int wt = wBase + (ky * kw + kx) * words;
                            for (int w = 0; w < words; w++) {
                                mismatches += Long.bitCount(bits[a + w] ^ weightBits[wt + w]);
                            }
                            valid++;
                            paWin += pa[p];
                        }
                    }
                    int px = valid * channels - mismatches;
                    long acc = (long) mx[o] * px + (long) ma[o] * paWin + bias[o * classes + geometry.classOf(oy, ox)];
                    long r = Fixed.roundShift(acc, shift);
                    long v = Fixed.saturate(r, q.streamWidth());
                    if (v != r) {
                        satLocal++;
                    }
                    out[(o * os.height() + oy) * os.width() + ox] = (int) v;
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
}
