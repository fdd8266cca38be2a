package org.adabinhw.generator.blocks;

import java.util.List;
import java.util.Map;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Shape;

/**
 * One {@code shortcut_a}: the option-A shortcut of a residual network (golden model: {@code ShortcutLayer}),
 * {@code x[:, ::stride, ::stride]} with {@link #padChannels} zero channels before and after
 * ({@code rtl/shortcut_a/shortcut_a.v}).
 * <p>
 * <b>Input.</b> Images of {@link #height}×{@link #width} pixels in raster order, {@link #folds()} beats per
 * pixel, beat {@code f} carrying channels {@code f·lanes … f·lanes + lanes − 1}, lane {@code i} in
 * {@code TDATA[i·w + w − 1 : i·w]}; images back to back.
 * <p>
 * <b>Output.</b> The pixels {@code (y, x)} with {@code y % stride == 0} and {@code x % stride == 0} in raster
 * order, {@link #outHeight()}×{@link #outWidth()} = ⌈H/s⌉×⌈W/s⌉ (the golden layer's shape), each as
 * {@link #outFolds()} beats of {@code lanes} lanes: {@link #padFolds()} zero beats, the pixel's input beats
 * unchanged, {@link #padFolds()} zero beats. The beats of the other pixels are accepted and dropped.
 * <p>
 * <b>Timing.</b> One action per cycle (a zero beat, a kept or a dropped input beat), so an output beat per
 * cycle on a kept pixel; the input stalls while zeros are emitted, and a pixel's leading zeros wait until its
 * first input beat is offered (nothing of an image leaves before it begins to arrive). {@link #latency()} = 1;
 * without stalls
 * {@link #cyclesPerImage()} cycles per image and {@link #runLength(long)} for a run.
 *
 * @param channels    input channels C, 1..{@value #MAX_CHANNELS}, a multiple of {@code lanes}
 * @param height      input rows H, 1..{@value #MAX_SIZE}
 * @param width       input columns W, 1..{@value #MAX_SIZE}
 * @param stride      subsampling s, 1..{@value #MAX_SIZE}
 * @param padChannels zero channels before and after, 0..{@value #MAX_CHANNELS}, a multiple of {@code lanes}
 * @param lanes       channels per beat on both sides, dividing {@code channels} and {@code padChannels}
 * @param laneWidth   bits of one channel value, 1..63
 */
public record ShortcutAConfig(int channels, int height, int width, int stride, int padChannels, int lanes,
                              int laneWidth) implements BlockConfig {
    /** The most channels, and the most padding channels. */
    public static final int MAX_CHANNELS = 65536;
    /** The largest image side and stride. */
    public static final int MAX_SIZE = 4096;
    /** The widest beat, in data bits. */
    public static final int MAX_BEAT_WIDTH = 16384;

    /** Rejects illegal values, naming them and the legal ones. */
    public ShortcutAConfig {
        check(channels >= 1 && channels <= MAX_CHANNELS, "channels = " + channels + " is illegal; legal: 1.." + MAX_CHANNELS);
        check(height >= 1 && height <= MAX_SIZE && width >= 1 && width <= MAX_SIZE,
                "input size " + height + "x" + width + " is illegal; legal: 1.." + MAX_SIZE + " on each side");
        check(stride >= 1 && stride <= MAX_SIZE, "stride = " + stride + " is illegal; legal: 1.." + MAX_SIZE);
        check(padChannels >= 0 && padChannels <= MAX_CHANNELS,
                "padChannels = " + padChannels + " is illegal; legal: 0.." + MAX_CHANNELS);
        check(laneWidth >= 1 && laneWidth <= 63, "laneWidth = " + laneWidth + " is illegal; legal: 1..63");
        check(lanes >= 1 && channels % lanes == 0 && padChannels % lanes == 0, "lanes = " + lanes
                + " does not divide both channels = " + channels + " and padChannels = " + padChannels
                + "; legal lane counts: " + Divisors.text(channels, padChannels));
        check((long) lanes * laneWidth <= MAX_BEAT_WIDTH, "lanes = " + lanes + " × laneWidth = " + laneWidth + " = "
                + (long) lanes * laneWidth + " bits per beat exceeds " + MAX_BEAT_WIDTH);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("shortcut_a: " + message);
        }
    }

    /**
     * The block of a golden {@link ShortcutLayer}.
     *
     * @param layer     the layer, whose shapes must be those of an option-A shortcut
     * @param lanes     channels per beat
     * @param laneWidth bits of one value (the stream width)
     * @throws IllegalArgumentException naming the layer and the value when they do not fit
     */
    public static ShortcutAConfig of(ShortcutLayer layer, int lanes, int laneWidth) {
        Shape in = layer.in();
        ShortcutAConfig c;
        try {
            c = new ShortcutAConfig(in.channels(), in.height(), in.width(), layer.stride(), layer.padChannels(), lanes,
                    laneWidth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("layer " + layer.name() + ": " + e.getMessage(), e);
        }
        c.checkLayer(layer);
        return c;
    }

    /**
     * Checks that a golden layer is this block's: same input shape, stride, padding and output shape.
     *
     * @throws IllegalArgumentException naming the layer and what differs
     */
    public void checkLayer(ShortcutLayer layer) {
        Shape in = layer.in();
        if (in.channels() != channels || in.height() != height || in.width() != width || layer.stride() != stride
                || layer.padChannels() != padChannels) {
            throw new IllegalArgumentException("shortcut_a: layer " + layer.name() + " has input " + in + ", stride "
                    + layer.stride() + ", padChannels " + layer.padChannels() + "; the block has input " + channels + "x"
                    + height + "x" + width + ", stride " + stride + ", padChannels " + padChannels);
        }
        if (!layer.out().equals(outShape())) {
            throw new IllegalArgumentException("shortcut_a: layer " + layer.name() + " has output " + layer.out()
                    + "; an option-A shortcut of " + in + " with stride " + stride + " and padChannels " + padChannels
                    + " gives " + outShape());
        }
    }

    /** A copy with another number of lanes. */
    public ShortcutAConfig withLanes(int newLanes) {
        return new ShortcutAConfig(channels, height, width, stride, padChannels, newLanes, laneWidth);
    }

    /** Output channels, {@code channels + 2·padChannels}. */
    public int outChannels() {
        return channels + 2 * padChannels;
    }

    /** Output rows, ⌈H/s⌉. */
    public int outHeight() {
        return (height + stride - 1) / stride;
    }

    /** Output columns, ⌈W/s⌉. */
    public int outWidth() {
        return (width + stride - 1) / stride;
    }

    /** The output shape, {@code outChannels × outHeight × outWidth}. */
    public Shape outShape() {
        return new Shape(outChannels(), outHeight(), outWidth());
    }

    /** Input beats per pixel, {@code channels / lanes}. */
    public int folds() {
        return channels / lanes;
    }

    /** Zero beats before (and after) a kept pixel's data, {@code padChannels / lanes}. */
    public int padFolds() {
        return padChannels / lanes;
    }

    /** Output beats per kept pixel, {@code outChannels / lanes}. */
    public int outFolds() {
        return outChannels() / lanes;
    }

    /** Pixels of an image that reach the output, {@code outHeight · outWidth}. */
    public long keptPixels() {
        return (long) outHeight() * outWidth();
    }

    /** Pixels of an image that are dropped, {@code H·W − keptPixels}. */
    public long droppedPixels() {
        return (long) height * width - keptPixels();
    }

    /** Input beats per image. */
    public long inputBeatsPerImage() {
        return (long) height * width * folds();
    }

    /** Output beats per image. */
    public long outputBeatsPerImage() {
        return keptPixels() * outFolds();
    }

    /** Cycles per image without stalls, one action per cycle: {@code kept·outFolds + dropped·folds}. */
    public long cyclesPerImage() {
        return outputBeatsPerImage() + droppedPixels() * folds();
    }

    /**
     * Cycles per image when the input arrives {@code inLanes} channels a cycle: a kept pixel's zero beats, and every
     * input beat, which waits for {@code lanes / inLanes} upstream beats when the block is wider than its source.
     */
    public long cyclesPerImage(int inLanes) {
        return keptPixels() * 2L * padFolds() + inputBeatsPerImage() * Math.max(1, lanes / inLanes);
    }

    /** Cycles from an input beat's acceptance or a zero beat's issue to the output beat being valid: 1. */
    public int latency() {
        return 1;
    }

    /**
     * Run length without stalls of {@code images} images back to back, from the first input beat's acceptance
     * to the last output beat: every action takes one cycle, the first input beat follows the first pixel's
     * {@link #padFolds()} zero beats, and the last output beat is the last kept pixel's, followed (in the input)
     * by the dropped pixels after it, {@code (W − 1 − (outW − 1)·s) + (H − 1 − (outH − 1)·s)·W} of them.
     */
    public long runLength(long images) {
        if (images < 1) {
            throw new IllegalArgumentException("shortcut_a: a run has at least one image, got " + images);
        }
        long trailing = (width - 1 - (long) (outWidth() - 1) * stride)
                + (height - 1 - (long) (outHeight() - 1) * stride) * width;
        return images * cyclesPerImage() - trailing * folds() - padFolds() + latency();
    }

    /** Data bits of a beat on both sides, {@code lanes · laneWidth}. */
    public int beatWidth() {
        return lanes * laneWidth;
    }

    /** Bits of TDATA on both sides: {@link #beatWidth()} rounded up to whole bytes. */
    public int tdataWidth() {
        return Lanes.byteAligned(beatWidth());
    }

    /** A descriptive module name. */
    public String moduleName() {
        return "shortcut_a_c" + channels + "_p" + padChannels + "_l" + lanes + "_st" + stride + "_w" + laneWidth + "_"
                + height + "x" + width;
    }

    @Override
    public String block() {
        return "shortcut_a";
    }

    @Override
    public List<Memory> memories() {
        return Memory.fifo("output_stage.mem", "output FIFO", beatWidth(), 2, null);
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("beat_bits", beatWidth(), "count", log2(channels) + log2(height) + log2(width));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
