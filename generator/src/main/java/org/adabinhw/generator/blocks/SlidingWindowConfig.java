package org.adabinhw.generator.blocks;

import java.util.ArrayList;
import java.util.List;

import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;

/**
 * One {@code sliding_window}: the line buffer of a streaming convolution, turning a pixel stream into the
 * stream of its K×K windows ({@code rtl/sliding_window/sliding_window.v}).
 * <p>
 * <b>Input.</b> Pixels in raster order, {@link #folds()} beats per pixel, beat {@code f} carrying channels
 * {@code f·simd … f·simd + simd − 1}, lane {@code i} in {@code TDATA[i·E + E − 1 : i·E]}. Images follow
 * each other without a gap; the block counts pixels itself.
 * <p>
 * <b>Output.</b> For each output pixel in raster order, {@link #beatsPerWindow()} beats in the order
 * {@code ky} (outer), {@code kx}, fold {@code f} (inner). A beat is {@code {tap_valid, simd lanes}}: bit
 * {@code simd·E} is 1 when input pixel {@code (oy·S − P + ky, ox·S − P + kx)} lies inside the image; a tap
 * in the zero padding has {@code tap_valid = 0} and all lanes 0.
 *
 * @param channels     channels per pixel, 1..{@value #MAX_CHANNELS}
 * @param simd         channels per beat; must divide {@code channels}
 * @param elementWidth bits of one lane, 1..31 (1 for activation bits, the stream width for values)
 * @param kernel       kernel size K (square), 1..{@value #MAX_KERNEL}
 * @param stride       stride S, 1 or 2
 * @param padding      zero padding P on every side, {@code 0 ≤ P < K}
 * @param height       input height H, pixels, at least K − 2P (at least one output row)
 * @param width        input width W, pixels, at least K − 2P (at least one output column)
 */
public record SlidingWindowConfig(int channels, int simd, int elementWidth, int kernel, int stride, int padding,
                                  int height, int width) implements BlockConfig {
    /** The most channels. */
    public static final int MAX_CHANNELS = 65536;
    /** The largest kernel. */
    public static final int MAX_KERNEL = 11;
    /** The largest image side. */
    public static final int MAX_SIZE = 4096;
    /** The widest beat, in data bits (lanes only). */
    public static final int MAX_BEAT_WIDTH = 16384;
    /** The largest buffer, in bits. */
    public static final long MAX_BUFFER_BITS = 1L << 32;
    /** The most buffer words (the core's address arithmetic is at most 32 bits wide, signed). */
    public static final long MAX_BUFFER_WORDS = 1L << 30;

    /** Rejects illegal values, naming them and the legal ones. */
    public SlidingWindowConfig {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("sliding_window: channels = " + channels + " is illegal; legal: 1.."
                    + MAX_CHANNELS);
        }
        if (simd < 1 || simd > channels || channels % simd != 0) {
            throw new IllegalArgumentException("sliding_window: SIMD = " + simd + " does not divide channels = "
                    + channels);
        }
        if (elementWidth < 1 || elementWidth > 31) {
            throw new IllegalArgumentException("sliding_window: elementWidth = " + elementWidth
                    + " is illegal; legal: 1..31");
        }
        if ((long) simd * elementWidth > MAX_BEAT_WIDTH) {
            throw new IllegalArgumentException("sliding_window: SIMD = " + simd + " × elementWidth = " + elementWidth
                    + " = " + (long) simd * elementWidth + " bits per beat exceeds " + MAX_BEAT_WIDTH);
        }
        if (kernel < 1 || kernel > MAX_KERNEL) {
            throw new IllegalArgumentException("sliding_window: kernel = " + kernel + " is illegal; legal: 1.."
                    + MAX_KERNEL);
        }
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("sliding_window: stride = " + stride + " is illegal; legal: 1, 2");
        }
        if (padding < 0 || padding >= kernel) {
            throw new IllegalArgumentException("sliding_window: padding = " + padding + " is illegal for kernel = "
                    + kernel + "; legal: 0.." + (kernel - 1));
        }
        for (int[] side : new int[][] {{height, 'H'}, {width, 'W'}}) {
            if (side[0] < 1 || side[0] > MAX_SIZE || side[0] + 2 * padding < kernel) {
                throw new IllegalArgumentException("sliding_window: " + (char) side[1] + " = " + side[0]
                        + " is illegal for kernel = " + kernel + ", padding = " + padding + "; legal: "
                        + Math.max(1, kernel - 2 * padding) + ".." + MAX_SIZE);
            }
        }
        if ((long) (kernel + stride) * width * (channels / simd) > MAX_BUFFER_WORDS) {
            throw new IllegalArgumentException("sliding_window: the line buffer of " + (kernel + stride) + " rows × W = "
                    + width + " × " + channels / simd + " beats per pixel exceeds " + MAX_BUFFER_WORDS + " words");
        }
        if ((long) (kernel + stride) * width * channels * elementWidth > MAX_BUFFER_BITS) {
            throw new IllegalArgumentException("sliding_window: the line buffer of " + (kernel + stride) + " rows × W = "
                    + width + " × " + channels + " channels × " + elementWidth + " bits exceeds " + MAX_BUFFER_BITS
                    + " bits");
        }
    }

    /** Beats per pixel, {@code channels / simd}. */
    public int folds() {
        return channels / simd;
    }

    /** Output height, {@code (H + 2P − K) / S + 1}. */
    public int outHeight() {
        return (height + 2 * padding - kernel) / stride + 1;
    }

    /** Output width, {@code (W + 2P − K) / S + 1}. */
    public int outWidth() {
        return (width + 2 * padding - kernel) / stride + 1;
    }

    /** Output beats per window, {@code K·K·C/SIMD}. */
    public int beatsPerWindow() {
        return kernel * kernel * folds();
    }

    /** Input beats per image, {@code H·W·C/SIMD}. */
    public int inputBeatsPerImage() {
        return height * width * folds();
    }

    /** Output beats per image, {@code OH·OW·K·K·C/SIMD}. */
    public int outputBeatsPerImage() {
        return outHeight() * outWidth() * beatsPerWindow();
    }

    /** Rows the line buffer holds, {@code K + S}: the window's K rows and the S rows being written ahead. */
    public int bufferRows() {
        return kernel + stride;
    }

    /** Words of the line buffer, {@code (K + S)·W·C/SIMD}, each {@link #beatWidth()} bits. */
    public int bufferWords() {
        return bufferRows() * width * folds();
    }

    /** Bits of the line buffer, {@code (K + S)·W·C·E}. */
    public long bufferBits() {
        return (long) bufferWords() * beatWidth();
    }

    /** Data bits of an input beat, {@code simd · elementWidth}. */
    public int beatWidth() {
        return simd * elementWidth;
    }

    /** Data bits of an output beat: the lanes and {@code tap_valid} above them. */
    public int outputWidth() {
        return beatWidth() + 1;
    }

    /** Bits of input TDATA: {@link #beatWidth()} rounded up to whole bytes. */
    public int inputTdataWidth() {
        return Lanes.byteAligned(beatWidth());
    }

    /** Bits of output TDATA: {@link #outputWidth()} rounded up to whole bytes. */
    public int outputTdataWidth() {
        return Lanes.byteAligned(outputWidth());
    }

    /** Cycles from a window beat's read being issued to its being valid on the output (no stalls): 2. */
    public int latency() {
        return 2;
    }

    /**
     * A descriptive module name,
     * {@code sliding_window_c<C>_s<SIMD>_e<E>_k<K>_st<S>_p<P>_<H>x<W>}.
     */
    public String moduleName() {
        return "sliding_window_c" + channels + "_s" + simd + "_e" + elementWidth + "_k" + kernel + "_st" + stride
                + "_p" + padding + "_" + height + "x" + width;
    }

    /** The output TDATA of a tap: {@code {1, lanes}} inside the image, 0 in the padding. */
    public BigInteger windowBeat(boolean tapValid, BigInteger lanes) {
        if (!tapValid) {
            return BigInteger.ZERO;
        }
        if (lanes.signum() < 0 || lanes.bitLength() > beatWidth()) {
            throw new IllegalArgumentException("sliding_window: lanes " + lanes.toString(16) + " do not fit "
                    + beatWidth() + " bits");
        }
        return lanes.setBit(beatWidth());
    }

    /** The bits of a count that is not a power of two (its wrap-around needs a comparison), 0 for a power of two. */
    private static double oddBits(long n) {
        return Long.bitCount(n) == 1 ? 0 : BlockConfig.log2(n);
    }

    /**
     * Bits of the core's signed address arithmetic (its {@code XW}): one more than the wider of the buffer address
     * and a coordinate over {@code -size - K .. 2·(size + K + S)}.
     */
    public int addressBits() {
        int aw = (int) BlockConfig.log2(bufferWords());
        int cw = (int) BlockConfig.log2(Math.max(height, width) + 2L * kernel + stride + 1) + 2;
        return Math.max(aw, cw) + 1;
    }

    @Override
    public String block() {
        return "sliding_window";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.ram("buffer", "line buffer", beatWidth(), bufferWords(), "BUFFER_STYLE"));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", beatWidth() + 1, 3, null));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("beat_bits", beatWidth(), "count", log2(bufferWords()) + log2(height) + log2(width) + log2(folds()),
                "taps", (double) kernel * kernel, "address_bits", addressBits(), "stride2", stride - 1.0,
                "odd_bits", oddBits(height) + oddBits(width) + oddBits(bufferWords()) + oddBits((long) width * folds()) + oddBits(folds()));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
