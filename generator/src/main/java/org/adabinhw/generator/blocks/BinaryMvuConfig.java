package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.ir.Shape;

/**
 * One {@code binary_mvu}: the binary matrix-vector unit of a binary convolution (golden model:
 * {@code BinaryConvLayer.apply}), folded by PE output channels per output beat and SIMD input channels per
 * input beat ({@code rtl/binary_mvu/binary_mvu.v}).
 * <p>
 * <b>Input.</b> For each output pixel in raster order, {@link #beats()} = K·K·C/SIMD window beats in the
 * order ky (outer), kx, channel fold f (inner); TDATA = {tap_valid (bit SIMD), SIMD activation bits}, channel
 * {@code f·simd + i} in bit {@code i}; a padded tap has tap_valid = 0 and bits 0. Images follow each other.
 * <p>
 * <b>Output.</b> Per output pixel {@link #outGroups()} = O/lanes beats, beat {@code k} carrying channels
 * {@code k·lanes … k·lanes + lanes − 1}, lane {@code i} in {@code TDATA[i·W + W − 1 : i·W]}, two's complement.
 * A fold's PE popcounts leave through {@code lanes} shared affine stages, {@link #groups()} = PE/lanes groups
 * on consecutive cycles ({@code groups ≤ beats}, so the drain never holds up the accumulation).
 * <p>
 * <b>Timing.</b> Without stalls one output pixel every {@link #cyclesPerPixel()} = outFolds·beats cycles
 * (the first output fold is computed while the window streams in, the others replay the window buffer);
 * {@link #latency()} cycles from the issue of a fold's last beat to its output beat.
 *
 * @param channels     input channels C, ≥ 1
 * @param outChannels  output channels O, ≥ 1
 * @param kernel       kernel size K (K×K taps), ≥ 1
 * @param simd         input channels per beat; divides {@code channels}
 * @param pe           output channels per output beat; divides {@code outChannels}
 * @param inHeight     input rows, ≥ 1
 * @param inWidth      input columns, ≥ 1
 * @param stride       stride, ≥ 1
 * @param padding      zero padding on every side, 0..K−1
 * @param streamWidth  bits of one signed output value, 2..31
 * @param constWidth   bits of the signed multipliers mx and ma, 2..32
 * @param lanes        output channels per output beat, the affine stages; divides {@code pe},
 *                     {@code pe / lanes ≤ beats()}
 */
public record BinaryMvuConfig(int channels, int outChannels, int kernel, int simd, int pe, int inHeight, int inWidth,
                              int stride, int padding, int streamWidth, int constWidth, int lanes) implements BorderClasses, BlockConfig, MvuOutput {
    /** Bits of the signed biases and the accumulator. */
    public static final int ACC_WIDTH = 48;
    /** Bits of the stored shift; shifts lie in 0..{@value #MAX_SHIFT}. */
    public static final int SHIFT_WIDTH = 6;
    /** The largest rounding shift. */
    public static final int MAX_SHIFT = 47;
    /** The widest operand, in bits (SIMD and PE·W). */
    public static final int MAX_WIDTH = 16384;

    /** Rejects illegal values, naming them and the legal ones. */
    public BinaryMvuConfig {
        check(channels >= 1 && channels <= 65536, "channels = " + channels + " is illegal; legal: 1..65536");
        check(outChannels >= 1 && outChannels <= 65536, "outChannels = " + outChannels + " is illegal; legal: 1..65536");
        check(kernel >= 1 && kernel <= 15, "kernel = " + kernel + " is illegal; legal: 1..15");
        check(simd >= 1 && simd <= channels && channels % simd == 0,
                "SIMD = " + simd + " does not divide channels = " + channels);
        check(pe >= 1 && pe <= outChannels && outChannels % pe == 0,
                "PE = " + pe + " does not divide outChannels = " + outChannels);
        check(simd + 1 <= MAX_WIDTH, "SIMD = " + simd + " exceeds " + (MAX_WIDTH - 1));
        check(stride >= 1, "stride = " + stride + " is illegal; legal: >= 1");
        check(padding >= 0 && padding < kernel, "padding = " + padding + " is illegal for kernel " + kernel
                + "; legal: 0.." + (kernel - 1));
        check(inHeight >= 1 && inWidth >= 1, "input size " + inHeight + "x" + inWidth + " is illegal; legal: >= 1x1");
        check(inHeight + 2 * padding >= kernel && inWidth + 2 * padding >= kernel, "input " + inHeight + "x" + inWidth
                + " with padding " + padding + " is smaller than the kernel " + kernel);
        check(streamWidth >= 2 && streamWidth <= 31, "streamWidth = " + streamWidth + " is illegal; legal: 2..31");
        check(lanes >= 1 && pe % lanes == 0, "lanes = " + lanes + " does not divide PE = " + pe);
        check(pe / lanes <= (long) kernel * kernel * (channels / simd), "PE/lanes = " + pe / lanes
                + " groups exceed the " + (long) kernel * kernel * (channels / simd)
                + " beats of a fold (the drain of a fold must end before the next one's)");
        check((long) lanes * streamWidth <= MAX_WIDTH, "lanes = " + lanes + " × streamWidth = " + streamWidth
                + " output bits exceeds " + MAX_WIDTH);
        check(constWidth >= 2 && constWidth <= 32, "constWidth = " + constWidth + " is illegal; legal: 2..32");
        long maxPx = (long) kernel * kernel * channels;
        int pxWidth = 64 - Long.numberOfLeadingZeros(maxPx) + 1;
        check(constWidth + pxWidth + 1 <= ACC_WIDTH, "constWidth = " + constWidth + " with up to " + maxPx
                + " taps·channels needs " + (constWidth + pxWidth + 1) + " accumulator bits; the unit has " + ACC_WIDTH);
    }

    /** The unit with one affine stage per PE (lanes = PE). */
    public BinaryMvuConfig(int channels, int outChannels, int kernel, int simd, int pe, int inHeight, int inWidth,
                           int stride, int padding, int streamWidth, int constWidth) {
        this(channels, outChannels, kernel, simd, pe, inHeight, inWidth, stride, padding, streamWidth, constWidth, pe);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("binary_mvu: " + message);
        }
    }

    /**
     * The unit of a convolution's geometry (square kernel, same stride and padding on both axes).
     *
     * @throws IllegalArgumentException when the kernel is not square or the geometry is illegal
     */
    public static BinaryMvuConfig of(ConvGeometry g, int simd, int pe, int streamWidth, int constWidth) {
        return of(g, simd, pe, pe, streamWidth, constWidth);
    }

    /** The unit of a convolution's geometry with {@code lanes} output lanes. */
    public static BinaryMvuConfig of(ConvGeometry g, int simd, int pe, int lanes, int streamWidth, int constWidth) {
        if (g.kernelH() != g.kernelW()) {
            throw new IllegalArgumentException("binary_mvu: kernel " + g.kernelH() + "x" + g.kernelW()
                    + " is not square");
        }
        BinaryMvuConfig c = new BinaryMvuConfig(g.in().channels(), g.out().channels(), g.kernelH(), simd, pe,
                g.in().height(), g.in().width(), g.stride(), g.padding(), streamWidth, constWidth, lanes);
        if (c.outHeight() != g.out().height() || c.outWidth() != g.out().width()) {
            throw new IllegalArgumentException("binary_mvu: geometry output " + g.out().height() + "x" + g.out().width()
                    + " differs from the convolution's " + c.outHeight() + "x" + c.outWidth());
        }
        return c;
    }

    /** A copy with other foldings (lanes = PE). */
    public BinaryMvuConfig withFolding(int newSimd, int newPe) {
        return withFolding(newSimd, newPe, newPe);
    }

    /** A copy with other foldings. */
    public BinaryMvuConfig withFolding(int newSimd, int newPe, int newLanes) {
        return new BinaryMvuConfig(channels, outChannels, kernel, newSimd, newPe, inHeight, inWidth, stride, padding,
                streamWidth, constWidth, newLanes);
    }

    /** The geometry of the convolution (as the golden model describes it). */
    public ConvGeometry geometry() {
        return new ConvGeometry(new Shape(channels, inHeight, inWidth), new Shape(outChannels, outHeight(), outWidth()),
                kernel, kernel, stride, padding);
    }

    /** Output rows, {@code (H + 2p − K) / s + 1}. */
    public int outHeight() {
        return (inHeight + 2 * padding - kernel) / stride + 1;
    }

    /** Output columns, {@code (W + 2p − K) / s + 1}. */
    public int outWidth() {
        return (inWidth + 2 * padding - kernel) / stride + 1;
    }

    /** Output pixels per image. */
    public int outPixels() {
        return outHeight() * outWidth();
    }

    /** Kernel taps, K·K. */
    public int taps() {
        return kernel * kernel;
    }

    /** Input beats per tap, {@code channels / simd}. */
    public int folds() {
        return channels / simd;
    }

    /** Input beats per output pixel, K·K·C/SIMD. */
    public int beats() {
        return taps() * folds();
    }

    /** Output beats per output pixel, {@code outChannels / pe}. */
    public int outFolds() {
        return outChannels / pe;
    }


    /** Cycles per output pixel without stalls: outFolds·beats. */
    public long cyclesPerPixel() {
        return (long) outFolds() * beats();
    }

    /** Cycles from the issue of a fold's last beat to its first output beat being valid: 5. */
    public int latency() {
        return 5;
    }

    /** Run length without stalls of {@code pixels} output pixels, from first input beat to last output beat. */
    public long runLength(long pixels) {
        return pixels * cyclesPerPixel() + latency() - 1 + groups();
    }

    /** Bits of Px and Pa in the RTL, one spare bit included. */
    public int pxWidth() {
        return 64 - Long.numberOfLeadingZeros((long) taps() * channels) + 1;
    }

    /** Address bits of the bias ROM, also the width of the class table words. */
    public int biasAddressWidth() {
        int words = outGroups() * classes();
        return words > 1 ? 32 - Integer.numberOfLeadingZeros(words - 1) : 1;
    }

    /** Data bits of an input beat, SIMD + 1. */
    public int inputWidth() {
        return simd + 1;
    }

    /** Data bits of an output beat, lanes·W. */
    public int outputWidth() {
        return lanes * streamWidth;
    }

    /** The smallest output value, −2^(W−1). */
    public long valueMin() {
        return -(1L << (streamWidth - 1));
    }

    /** The largest output value, 2^(W−1) − 1. */
    public long valueMax() {
        return (1L << (streamWidth - 1)) - 1;
    }

    /** A descriptive module name. */
    public String moduleName() {
        return "binary_mvu_c" + channels + "_o" + outChannels + "_k" + kernel + "_s" + simd + "_p" + pe + "_h" + inHeight
                + "_w" + inWidth + "_st" + stride + "_pad" + padding + "_sw" + streamWidth + (lanes == pe ? "" : "_l" + lanes);
    }

    /**
     * The input TDATA of one window beat.
     *
     * @param bits     activation bits, lane {@code i} in bit {@code i % 64} of word {@code i / 64}
     * @param tapValid whether the tap lies inside the image (bits must be 0 otherwise)
     */
    public BigInteger packWindowBeat(long[] bits, boolean tapValid) {
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < simd; i++) {
            if ((bits[i >>> 6] >>> (i & 63) & 1) != 0) {
                if (!tapValid) {
                    throw new IllegalArgumentException("binary_mvu: a padded tap carries a 1 in lane " + i);
                }
                v = v.setBit(i);
            }
        }
        return tapValid ? v.setBit(simd) : v;
    }

    /** The output TDATA of one beat: {@code lanes} signed values. */
    public BigInteger packValues(long[] values) {
        if (values.length != lanes) {
            throw new IllegalArgumentException("binary_mvu: an output beat holds " + lanes + " values, got " + values.length);
        }
        return Lanes.pack(values, streamWidth);
    }

    @Override
    public String block() {
        return "binary_mvu";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("weight_rom", "weights", pe * simd, outFolds() * beats(), "WEIGHT_STYLE", "weights"));
        l.add(Memory.rom("mx_rom", "multipliers mx", lanes * constWidth, outGroups(), "CONST_STYLE", "mx"));
        l.add(Memory.rom("ma_rom", "multipliers ma", lanes * constWidth, outGroups(), "CONST_STYLE", "ma"));
        l.add(Memory.rom("bias_rom", "biases per border class", lanes * ACC_WIDTH, outGroups() * classes(), "BIAS_STYLE", "bias"));
        l.add(Memory.table("shift_rom", "shift", SHIFT_WIDTH, 1, "shift"));
        l.add(Memory.table("row_class_rom", "row classes", biasAddressWidth(), outHeight(), "row_class"));
        l.add(Memory.table("col_class_rom", "column classes", biasAddressWidth(), outWidth(), "col_class"));
        l.add(new Memory("window", "window buffer", simd + 1, beats(), false, false, "WINDOW_STYLE", 1));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", outputWidth(), outputDepth(), "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("xnor", (double) pe * simd, "simd", simd, "pe_px", (double) pe * pxWidth(),
                "hold", groups() > 1 ? (double) pe * pxWidth() : 0, "group_mux", (double) lanes * pxWidth() * (groups() - 1),
                "pe_const", (double) lanes * (2 * constWidth + ACC_WIDTH), "pe_out", (double) lanes * streamWidth,
                "count", log2(beats()) + log2(outFolds()) + log2(outHeight()) + log2(outWidth()) + log2(outGroups()));
    }

    @Override
    public List<Multiplier> multipliers() {
        return List.of(new Multiplier(constWidth, pxWidth(), 2 * lanes));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
