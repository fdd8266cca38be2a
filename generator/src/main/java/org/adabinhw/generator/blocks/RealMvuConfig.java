package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.ir.Shape;

/**
 * One {@code real_mvu}: the multiply-accumulate unit of a real-valued convolution (golden model:
 * {@code RealConvLayer.apply}), the stem on the uint8 image or a 1×1 shortcut on the feature stream, folded
 * by PE output channels per output beat and SIMD input channels per input beat
 * ({@code rtl/real_mvu/real_mvu.v}).
 * <p>
 * <b>Input.</b> For each output pixel in raster order, {@link #beats()} = K·K·C/SIMD window beats in the
 * order ky (outer), kx, channel fold f (inner); TDATA = {tap_valid (bit SIMD·E), SIMD lanes of E =
 * {@link #laneWidth()} bits}, channel {@code f·simd + j} in lane {@code j}. Lanes are unsigned 8-bit pixels
 * when {@code pixelInput}, two's complement stream values otherwise. A padded tap has tap_valid = 0 and
 * lanes 0; it contributes nothing (the border class's bias carries the rest). Images follow each other.
 * <p>
 * <b>Output.</b> Per output pixel {@link #outGroups()} = O/lanes beats, beat {@code k} carrying channels
 * {@code k·lanes … k·lanes + lanes − 1} (a fold's PE sums leave through {@code lanes} shared output stages,
 * {@link #groups()} = PE/lanes groups on consecutive cycles, {@code groups ≤ beats}), lane {@code i} in {@code TDATA[i·W + W − 1 : i·W]}, two's complement:
 * {@code sat_W(roundShift(Σ w·x + bias[o][class], shift))}, the sum exact in {@link #accWidth()} bits.
 * <p>
 * <b>Timing.</b> Without stalls one output pixel every {@link #cyclesPerPixel()} = outFolds·beats cycles
 * (the first output fold is computed while the window streams in, the others replay the window buffer);
 * {@link #latency()} cycles from the issue of a fold's last beat to its output beat.
 *
 * @param channels    input channels C, 1..65536
 * @param outChannels output channels O, 1..65536
 * @param kernel      kernel size K (K×K taps), 1..15
 * @param simd        input channels per beat; divides {@code channels}
 * @param pe          output channels per output beat; divides {@code outChannels}
 * @param inHeight    input rows, ≥ 1
 * @param inWidth     input columns, ≥ 1
 * @param stride      stride, ≥ 1
 * @param padding     zero padding on every side, 0..K−1
 * @param pixelInput  whether the input lanes are the image's unsigned 8-bit pixels (the stem) rather than
 *                    signed {@code streamWidth}-bit stream values
 * @param streamWidth bits of one signed stream value (the output, and the input unless {@code pixelInput}), 2..31
 * @param weightWidth bits of one signed weight, 2..32 ({@code QuantConfig.multiplierWidth}, 24 by default)
 * @param lanes       output channels per output beat; divides {@code pe}, {@code pe / lanes ≤ beats()}
 */
public record RealMvuConfig(int channels, int outChannels, int kernel, int simd, int pe, int inHeight, int inWidth,
                            int stride, int padding, boolean pixelInput, int streamWidth, int weightWidth, int lanes) implements BorderClasses, BlockConfig, MvuOutput {
    /** Bits of the signed biases (the golden model's 48-bit accumulator constants). */
    public static final int BIAS_WIDTH = 48;
    /** Bits of an unsigned input pixel. */
    public static final int PIXEL_WIDTH = 8;
    /** Bits of the stored shift; shifts lie in 0..{@value #MAX_SHIFT}. */
    public static final int SHIFT_WIDTH = 6;
    /** The largest rounding shift (the rounding constant must fit the accumulator). */
    public static final int MAX_SHIFT = 47;
    /**
     * The widest accumulator: the golden model and the simulator sum in a {@code long}, and its rounding adds
     * up to 2^46 without overflow only below 2^62.
     */
    public static final int MAX_ACC_WIDTH = 63;
    /** The widest operand, in bits (SIMD lanes, PE output lanes, a weight ROM word). */
    public static final int MAX_WIDTH = 65536;

    /** Rejects illegal values, naming them and the legal ones. */
    public RealMvuConfig {
        check(channels >= 1 && channels <= 65536, "channels = " + channels + " is illegal; legal: 1..65536");
        check(outChannels >= 1 && outChannels <= 65536, "outChannels = " + outChannels + " is illegal; legal: 1..65536");
        check(kernel >= 1 && kernel <= 15, "kernel = " + kernel + " is illegal; legal: 1..15");
        check(simd >= 1 && simd <= channels && channels % simd == 0,
                "SIMD = " + simd + " does not divide channels = " + channels);
        check(pe >= 1 && pe <= outChannels && outChannels % pe == 0,
                "PE = " + pe + " does not divide outChannels = " + outChannels);
        check(stride >= 1, "stride = " + stride + " is illegal; legal: >= 1");
        check(padding >= 0 && padding < kernel, "padding = " + padding + " is illegal for kernel " + kernel
                + "; legal: 0.." + (kernel - 1));
        check(inHeight >= 1 && inWidth >= 1, "input size " + inHeight + "x" + inWidth + " is illegal; legal: >= 1x1");
        check(inHeight + 2 * padding >= kernel && inWidth + 2 * padding >= kernel, "input " + inHeight + "x" + inWidth
                + " with padding " + padding + " is smaller than the kernel " + kernel);
        check(streamWidth >= 2 && streamWidth <= 31, "streamWidth = " + streamWidth + " is illegal; legal: 2..31");
        check(weightWidth >= 2 && weightWidth <= 32, "weightWidth = " + weightWidth + " is illegal; legal: 2..32");
        int lane = pixelInput ? PIXEL_WIDTH : streamWidth;
        check((long) simd * lane + 1 <= MAX_WIDTH, "SIMD = " + simd + " × " + lane + "-bit lanes exceeds "
                + (MAX_WIDTH - 1) + " input bits");
        check(lanes >= 1 && pe % lanes == 0, "lanes = " + lanes + " does not divide PE = " + pe);
        check(pe / lanes <= (long) kernel * kernel * (channels / simd), "PE/lanes = " + pe / lanes
                + " groups exceed the " + (long) kernel * kernel * (channels / simd)
                + " beats of a fold (the drain of a fold must end before the next one's)");
        check((long) lanes * streamWidth <= MAX_WIDTH, "lanes = " + lanes + " × streamWidth = " + streamWidth
                + " output bits exceeds " + MAX_WIDTH);
        check((long) pe * simd * weightWidth <= MAX_WIDTH, "PE = " + pe + " × SIMD = " + simd + " × weightWidth = "
                + weightWidth + " weight bits per beat exceeds " + MAX_WIDTH);
        long fanIn = (long) kernel * kernel * channels;
        int acc = accWidth(fanIn, lane + (pixelInput ? 1 : 0) + weightWidth);
        check(acc <= MAX_ACC_WIDTH, "a fan-in of " + fanIn + " taps·channels with " + lane + "-bit "
                + (pixelInput ? "unsigned" : "signed") + " inputs and " + weightWidth + "-bit weights needs " + acc
                + " accumulator bits; the exact sum is limited to " + MAX_ACC_WIDTH);
    }

    /** The unit with one output stage per PE (lanes = PE). */
    public RealMvuConfig(int channels, int outChannels, int kernel, int simd, int pe, int inHeight, int inWidth,
                         int stride, int padding, boolean pixelInput, int streamWidth, int weightWidth) {
        this(channels, outChannels, kernel, simd, pe, inHeight, inWidth, stride, padding, pixelInput, streamWidth,
                weightWidth, pe);
    }

    private static int accWidth(long fanIn, int productWidth) {
        return Math.max(productWidth + ceilLog2(fanIn), BIAS_WIDTH) + 1;
    }

    private static int ceilLog2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("real_mvu: " + message);
        }
    }

    /**
     * The unit of a convolution's geometry (square kernel, same stride and padding on both axes).
     *
     * @param g           the convolution's geometry
     * @param pixelInput  whether the input is the uint8 image (the stem)
     * @param simd        input channels per beat
     * @param pe          output channels per output beat
     * @param streamWidth bits of a stream value
     * @param weightWidth bits of a weight
     * @throws IllegalArgumentException naming the geometry when the kernel is not square, or the values
     */
    public static RealMvuConfig of(ConvGeometry g, boolean pixelInput, int simd, int pe, int streamWidth,
                                   int weightWidth) {
        return of(g, pixelInput, simd, pe, pe, streamWidth, weightWidth);
    }

    /** The unit of a convolution's geometry with {@code lanes} output lanes. */
    public static RealMvuConfig of(ConvGeometry g, boolean pixelInput, int simd, int pe, int lanes, int streamWidth,
                                   int weightWidth) {
        String what = describe(g);
        if (g.kernelH() != g.kernelW()) {
            throw new IllegalArgumentException("real_mvu: the kernel " + g.kernelH() + "x" + g.kernelW() + " of " + what
                    + " is not square");
        }
        RealMvuConfig c;
        try {
            c = new RealMvuConfig(g.in().channels(), g.out().channels(), g.kernelH(), simd, pe, g.in().height(),
                    g.in().width(), g.stride(), g.padding(), pixelInput, streamWidth, weightWidth, lanes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (" + what + ")", e);
        }
        if (c.outHeight() != g.out().height() || c.outWidth() != g.out().width()) {
            throw new IllegalArgumentException("real_mvu: " + what + " has an output of " + g.out().height() + "x"
                    + g.out().width() + ", the window arithmetic gives " + c.outHeight() + "x" + c.outWidth());
        }
        return c;
    }

    private static String describe(ConvGeometry g) {
        return "the convolution " + g.in() + " -> " + g.out() + ", kernel " + g.kernelH() + "x" + g.kernelW() + ", stride "
                + g.stride() + ", padding " + g.padding();
    }

    /** A copy with other foldings (lanes = PE). */
    public RealMvuConfig withFolding(int newSimd, int newPe) {
        return withFolding(newSimd, newPe, newPe);
    }

    /** A copy with other foldings. */
    public RealMvuConfig withFolding(int newSimd, int newPe, int newLanes) {
        return new RealMvuConfig(channels, outChannels, kernel, newSimd, newPe, inHeight, inWidth, stride, padding,
                pixelInput, streamWidth, weightWidth, newLanes);
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

    /** Products summed into one output value, K·K·C. */
    public long fanIn() {
        return (long) taps() * channels;
    }

    /** Bits of one input lane: {@value #PIXEL_WIDTH} for pixels, else the stream width. */
    public int laneWidth() {
        return pixelInput ? PIXEL_WIDTH : streamWidth;
    }

    /** Bits of one product of a weight and a lane: weightWidth + laneWidth, one more for unsigned lanes. */
    public int productWidth() {
        return weightWidth + laneWidth() + (pixelInput ? 1 : 0);
    }

    /**
     * Bits of the accumulator: the exact sum of {@link #fanIn()} products
     * ({@code productWidth + ⌈log2 fanIn⌉} bits) or a {@value #BIAS_WIDTH}-bit bias, whichever is wider, plus
     * one for their sum; at most {@value #MAX_ACC_WIDTH}.
     */
    public int accWidth() {
        return accWidth(fanIn(), productWidth());
    }

    /** Bits of a PE's window sum before the bias: the exact sum of {@link #fanIn()} products. */
    public int dotWidth() {
        return productWidth() + (fanIn() <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(fanIn() - 1));
    }

    /** Cycles per output pixel without stalls: outFolds·beats. */
    public long cyclesPerPixel() {
        return (long) outFolds() * beats();
    }

    /** Cycles from the issue of a fold's last beat to its first output beat being valid: 6. */
    public int latency() {
        return 6;
    }

    /** Run length without stalls of {@code pixels} output pixels, from first input beat to last output beat. */
    public long runLength(long pixels) {
        return pixels * cyclesPerPixel() + latency() - 1 + groups();
    }

    /** Address bits of the bias ROM, also the width of the class table words. */
    public int biasAddressWidth() {
        int words = outGroups() * classes();
        return words > 1 ? 32 - Integer.numberOfLeadingZeros(words - 1) : 1;
    }

    /** Data bits of an input beat, SIMD·laneWidth + 1 (tap_valid on top). */
    public int inputWidth() {
        return simd * laneWidth() + 1;
    }

    /** Data bits of an output beat, lanes·W. */
    public int outputWidth() {
        return lanes * streamWidth;
    }

    /** The smallest input lane value: 0 for pixels, −2^(W−1) for stream values. */
    public long laneMin() {
        return pixelInput ? 0 : valueMin();
    }

    /** The largest input lane value: 255 for pixels, 2^(W−1) − 1 for stream values. */
    public long laneMax() {
        return pixelInput ? (1L << PIXEL_WIDTH) - 1 : valueMax();
    }

    /** The smallest output value, −2^(W−1). */
    public long valueMin() {
        return -(1L << (streamWidth - 1));
    }

    /** The largest output value, 2^(W−1) − 1. */
    public long valueMax() {
        return (1L << (streamWidth - 1)) - 1;
    }

    /** The smallest weight, −2^(weightWidth−1). */
    public long weightMin() {
        return -(1L << (weightWidth - 1));
    }

    /** The largest weight, 2^(weightWidth−1) − 1. */
    public long weightMax() {
        return (1L << (weightWidth - 1)) - 1;
    }

    /** A descriptive module name. */
    public String moduleName() {
        return "real_mvu_c" + channels + "_o" + outChannels + "_k" + kernel + "_s" + simd + "_p" + pe + "_h" + inHeight
                + "_w" + inWidth + "_st" + stride + "_pad" + padding + (pixelInput ? "_px" : "") + "_sw" + streamWidth
                + "_ww" + weightWidth + (lanes == pe ? "" : "_l" + lanes);
    }

    /**
     * The input TDATA of one window beat.
     *
     * @param lanes    the {@code simd} lane values, each in [{@link #laneMin()}, {@link #laneMax()}]
     * @param tapValid whether the tap lies inside the image (lanes must be 0 otherwise)
     */
    public BigInteger packWindowBeat(long[] lanes, boolean tapValid) {
        if (lanes.length != simd) {
            throw new IllegalArgumentException("real_mvu: a window beat holds " + simd + " lanes, got " + lanes.length);
        }
        for (int j = 0; j < simd; j++) {
            if (lanes[j] < laneMin() || lanes[j] > laneMax()) {
                throw new IllegalArgumentException("real_mvu: lane " + j + " = " + lanes[j] + " is outside ["
                        + laneMin() + ", " + laneMax() + "]");
            }
            if (!tapValid && lanes[j] != 0) {
                throw new IllegalArgumentException("real_mvu: a padded tap carries " + lanes[j] + " in lane " + j);
            }
        }
        BigInteger v = Lanes.pack(lanes, laneWidth());
        return tapValid ? v.setBit(simd * laneWidth()) : v;
    }

    /** The lane values of an input beat's TDATA (unsigned pixels or signed stream values). */
    public long[] windowLanes(BigInteger tdata) {
        return Lanes.unpack(tdata, simd, laneWidth(), !pixelInput);
    }

    /** The tap_valid bit of an input beat's TDATA. */
    public boolean windowTapValid(BigInteger tdata) {
        return tdata.testBit(simd * laneWidth());
    }

    /** The output TDATA of one beat: {@code lanes} signed values. */
    public BigInteger packValues(long[] values) {
        if (values.length != lanes) {
            throw new IllegalArgumentException("real_mvu: an output beat holds " + lanes + " values, got " + values.length);
        }
        for (int i = 0; i < lanes; i++) {
            if (values[i] < valueMin() || values[i] > valueMax()) {
                throw new IllegalArgumentException("real_mvu: value " + i + " = " + values[i] + " is outside ["
                        + valueMin() + ", " + valueMax() + "]");
            }
        }
        return Lanes.pack(values, streamWidth);
    }

    /** The {@code lanes} signed values of an output beat's TDATA. */
    public long[] values(BigInteger tdata) {
        return Lanes.unpack(tdata, lanes, streamWidth, true);
    }

    @Override
    public String block() {
        return "real_mvu";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("weight_rom", "weights", pe * simd * weightWidth, outFolds() * beats(), "WEIGHT_STYLE", "weights"));
        l.add(Memory.rom("bias_rom", "biases per border class", lanes * BIAS_WIDTH, outGroups() * classes(), "BIAS_STYLE", "bias"));
        l.add(Memory.table("shift_rom", "shift", SHIFT_WIDTH, 1, "shift"));
        l.add(Memory.table("row_class_rom", "row classes", biasAddressWidth(), outHeight(), "row_class"));
        l.add(Memory.table("col_class_rom", "column classes", biasAddressWidth(), outWidth(), "col_class"));
        l.add(new Memory("window", "window buffer", simd * laneWidth() + 1, beats(), false, false, "WINDOW_STYLE", 1));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", outputWidth(), outputDepth(), "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("products", (double) pe * simd * productWidth(), "adder_tree", (double) pe * (simd - 1) * dotWidth(),
                "pe_acc", (double) pe * dotWidth(),
                "hold", groups() > 1 ? (double) pe * dotWidth() : 0, "group_mux", (double) lanes * dotWidth() * (groups() - 1),
                "pe_out", (double) lanes * (streamWidth + accWidth()), "lane_bits", (double) simd * laneWidth(),
                "count", log2(beats()) + log2(outFolds()) + log2(outHeight()) + log2(outWidth()) + log2(outGroups()));
    }

    @Override
    public List<Multiplier> multipliers() {
        return List.of(new Multiplier(weightWidth, laneWidth() + (pixelInput ? 1 : 0), pe * simd));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
