package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.ir.Shape;

/**
 * One {@code avg_pool}: average pooling over the windows of a {@code sliding_window} (golden model:
 * {@code AvgPoolLayer.apply}): the exact sum of the in-image taps times the reciprocal {@code R[d]} of the
 * window's divisor, {@code sat_W(roundShift(sum · R[d], 16))}, SIMD channels per beat
 * ({@code rtl/avg_pool/avg_pool.v}). The divisor depends only on the window's border class (the classes of
 * {@link ConvGeometry}); the reciprocals live in a ROM of one word per class, indexed by a row and a column
 * class table, so the Verilog does not depend on {@code count_include_pad}.
 * <p>
 * <b>Input.</b> For each output pixel in raster order, {@link #beatsPerPixel()} = K·K·C/SIMD window beats in the
 * order ky (outer), kx, channel fold f (inner); TDATA = {tap_valid (bit SIMD·W), SIMD lanes of W bits}, channel
 * {@code f·simd + i} in lane {@code i}; a padded tap has tap_valid = 0 and lanes 0 ({@link #windowBeat}).
 * <p>
 * <b>Output.</b> Per output pixel {@link #folds()} beats, beat {@code f} carrying channels {@code f·simd …},
 * lane {@code i} in {@code TDATA[i·W + W − 1 : i·W]}.
 * <p>
 * <b>Timing.</b> One input beat per cycle without stalls, so one output pixel every {@link #cyclesPerPixel()}
 * cycles; {@link #latency()} cycles from the acceptance of a fold's last beat to its output beat.
 *
 * @param channels    channels C, 1..65536
 * @param simd        channels per beat; divides {@code channels}
 * @param streamWidth bits of one signed value W, 2..31
 * @param kernel      window size K (K×K taps), 1..11
 * @param stride      stride, 1 or 2 (the sliding window's)
 * @param padding     padding on every side, 0..K/2 (PyTorch's rule)
 * @param inHeight    input rows, max(1, K − 2·padding)..4096
 * @param inWidth     input columns, likewise
 */
public record AvgPoolConfig(int channels, int simd, int streamWidth, int kernel, int stride, int padding, int inHeight,
                            int inWidth) implements BorderClasses, BlockConfig {
    static final String BLOCK = "avg_pool";
    /** Bits of a stored reciprocal: {@code R ≤ 2^16} (divisor 1), unsigned. */
    public static final int RECIPROCAL_WIDTH = AvgPoolLayer.RECIPROCAL_SHIFT + 1;

    /** Rejects illegal values, naming them and the legal ones. */
    public AvgPoolConfig {
        Pooling.check(BLOCK, channels, simd, streamWidth, kernel, stride, padding, inHeight, inWidth);
    }

    /**
     * The block of a golden layer; the stream width is the layer's.
     *
     * @param layer the golden model's layer
     * @param simd  channels per beat; divides the layer's channels
     * @throws IllegalArgumentException naming the layer, when its geometry is not one the sliding window produces
     *                                  (stride not 1 or 2, a kernel above 11, PyTorch {@code ceil_mode} windows that
     *                                  hang past the padding) or a value is illegal
     */
    public static AvgPoolConfig of(AvgPoolLayer layer, int simd) {
        Pooling.checkLayerGeometry(BLOCK, layer.name(), layer.in(), layer.out(), layer.kernel(), layer.stride(),
                layer.padding());
        return Pooling.forLayer(BLOCK, layer.name(), () -> new AvgPoolConfig(layer.in().channels(), simd,
                layer.q().streamWidth(), layer.kernel(), layer.stride(), layer.padding(), layer.in().height(),
                layer.in().width()));
    }

    /** A copy with another SIMD. */
    public AvgPoolConfig withSimd(int newSimd) {
        return new AvgPoolConfig(channels, newSimd, streamWidth, kernel, stride, padding, inHeight, inWidth);
    }

    /** The sliding window that feeds this block: same channels, folding, lane width and geometry. */
    public SlidingWindowConfig slidingWindow() {
        return new SlidingWindowConfig(channels, simd, streamWidth, kernel, stride, padding, inHeight, inWidth);
    }

    /** The window geometry, as the golden model describes it (for the border classes). */
    public ConvGeometry geometry() {
        return new ConvGeometry(new Shape(channels, inHeight, inWidth), new Shape(channels, outHeight(), outWidth()),
                kernel, kernel, stride, padding);
    }

    /** Output rows, {@code (H + 2p − K) / s + 1}. */
    public int outHeight() {
        return Pooling.outSize(inHeight, kernel, stride, padding);
    }

    /** Output columns, {@code (W + 2p − K) / s + 1}. */
    public int outWidth() {
        return Pooling.outSize(inWidth, kernel, stride, padding);
    }

    /** Output pixels per image. */
    public int outPixels() {
        return outHeight() * outWidth();
    }

    /** Window taps, K·K. */
    public int taps() {
        return kernel * kernel;
    }

    /** Beats per tap and per output pixel on the output, {@code channels / simd}. */
    public int folds() {
        return channels / simd;
    }

    /** Input beats per output pixel, K·K·C/SIMD. */
    public int beatsPerPixel() {
        return taps() * folds();
    }

    /** Bits of a class number, the width of the class table words. */
    public int classWidth() {
        int n = classes();
        return n > 1 ? 32 - Integer.numberOfLeadingZeros(n - 1) : 1;
    }

    /** Cycles per output pixel without stalls: one per input beat, K·K·C/SIMD. */
    public long cyclesPerPixel() {
        return beatsPerPixel();
    }

    /** Cycles from the acceptance of a fold's last beat to its output beat being valid: 4. */
    public int latency() {
        return 4;
    }

    /** Run length without stalls of {@code pixels} output pixels, from first input beat to last output beat. */
    public long runLength(long pixels) {
        return pixels * cyclesPerPixel() + latency();
    }

    /** Bits of the lanes of a beat, SIMD·W. */
    public int lanesWidth() {
        return simd * streamWidth;
    }

    /** Data bits of an input beat: the lanes and tap_valid above them, SIMD·W + 1. */
    public int inputWidth() {
        return lanesWidth() + 1;
    }

    /** Data bits of an output beat, SIMD·W. */
    public int outputWidth() {
        return lanesWidth();
    }

    /** The smallest value, −2^(W−1). */
    public long valueMin() {
        return -(1L << (streamWidth - 1));
    }

    /** The largest value, 2^(W−1) − 1. */
    public long valueMax() {
        return (1L << (streamWidth - 1)) - 1;
    }

    /** A descriptive module name, {@code avg_pool_c<C>_s<SIMD>_w<W>_k<K>_st<S>_p<P>_<H>x<W>}. */
    public String moduleName() {
        return BLOCK + "_c" + channels + "_s" + simd + "_w" + streamWidth + "_k" + kernel + "_st" + stride + "_p"
                + padding + "_" + inHeight + "x" + inWidth;
    }

    /**
     * The input TDATA of one window beat.
     *
     * @param tapValid whether the tap lies inside the image (the values must be 0 otherwise)
     * @param values   the {@code simd} values of the beat's channels
     */
    public BigInteger windowBeat(boolean tapValid, long[] values) {
        return Pooling.windowBeat(BLOCK, simd, streamWidth, tapValid, values);
    }

    /** The output TDATA of one beat: {@code simd} signed values. */
    public BigInteger packValues(long[] values) {
        return Pooling.packValues(BLOCK, simd, streamWidth, values);
    }

    /** The {@code simd} signed values of an output TDATA. */
    public long[] unpackValues(BigInteger tdata) {
        return Lanes.unpack(tdata, simd, streamWidth, true);
    }

    /** Bits of one running sum: STREAM_WIDTH + ⌈log2(taps + 1)⌉. */
    public int sumWidth() {
        return streamWidth + (int) BlockConfig.log2(taps() + 1L);
    }

    @Override
    public String block() {
        return "avg_pool";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.table("recip_rom", "reciprocals", RECIPROCAL_WIDTH, classes(), "recip"));
        l.add(Memory.table("row_class_rom", "row classes", classWidth(), outHeight(), "row_class"));
        l.add(Memory.table("col_class_rom", "column classes", classWidth(), outWidth(), "col_class"));
        if (folds() > 1) {
            l.add(Memory.ram("sums", "running sums", simd * sumWidth(), folds(), "SUMS_STYLE"));
        }
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", lanesWidth(), 5, "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("sum_bits", (double) simd * sumWidth(), "lane_bits", lanesWidth(), "product_bits", (double) simd * (sumWidth() + RECIPROCAL_WIDTH), "count", log2(folds()) + log2(outHeight()) + log2(outWidth()));
    }

    @Override
    public List<Multiplier> multipliers() {
        return List.of(new Multiplier(sumWidth(), RECIPROCAL_WIDTH + 1, simd));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
