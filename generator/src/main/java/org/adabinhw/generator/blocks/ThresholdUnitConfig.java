package org.adabinhw.generator.blocks;

import java.util.Map;
import java.util.function.Function;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.MemoryImage;

/**
 * One {@code threshold_unit}: turns a stream of signed feature values into activation bits,
 * {@code bit = (x >= T[c])} per channel {@code c}, the first step of {@code BinaryConvLayer}
 * ({@code rtl/threshold_unit/threshold_unit.v}).
 * <p>
 * <b>Order.</b> Pixel-major, channels folded by SIMD: for each pixel in raster order, {@link #folds()} beats,
 * beat {@code f} carrying channels {@code f·simd … f·simd + simd − 1}, channel {@code f·simd + i} in lane
 * {@code i}. Input lane {@code i} is {@code TDATA[i·W + W − 1 : i·W]} (two's complement, W the stream width),
 * output lane {@code i} is bit {@code i}. One output beat per input beat, same order.
 * <p>
 * <b>Thresholds</b> lie in {@code [−2^(W−1), 2^(W−1)]}: the stream range plus one value above it, which
 * gives a bit that is never 1 (the golden model clamps to this range). The ROM therefore stores
 * {@link #thresholdWidth()} = W + 1 bits per channel.
 *
 * @param channels    channels per pixel, 1..{@value #MAX_CHANNELS}
 * @param simd        channels per beat; must divide {@code channels}
 * @param streamWidth bits of one signed stream value, 2..31
 */
public record ThresholdUnitConfig(int channels, int simd, int streamWidth) implements BlockConfig {
    /** The most channels. */
    public static final int MAX_CHANNELS = 65536;
    /** The widest input TDATA, in data bits. */
    public static final int MAX_INPUT_WIDTH = 16384;

    /** Rejects illegal values, naming them and the legal ones. */
    public ThresholdUnitConfig {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("threshold_unit: channels = " + channels + " is illegal; legal: 1.."
                    + MAX_CHANNELS);
        }
        if (simd < 1 || simd > channels || channels % simd != 0) {
            throw new IllegalArgumentException("threshold_unit: SIMD = " + simd + " does not divide channels = "
                    + channels + "; legal SIMD values: " + divisorsText(channels));
        }
        if (streamWidth < 2 || streamWidth > 31) {
            throw new IllegalArgumentException("threshold_unit: streamWidth = " + streamWidth
                    + " is illegal; legal: 2..31");
        }
        if ((long) simd * streamWidth > MAX_INPUT_WIDTH) {
            throw new IllegalArgumentException("threshold_unit: SIMD = " + simd + " × streamWidth = " + streamWidth
                    + " = " + (long) simd * streamWidth + " input bits exceeds " + MAX_INPUT_WIDTH);
        }
    }

    /** A copy with another SIMD. */
    public ThresholdUnitConfig withSimd(int newSimd) {
        return new ThresholdUnitConfig(channels, newSimd, streamWidth);
    }

    /** Beats per pixel, {@code channels / simd}; also the number of ROM words. */
    public int folds() {
        return channels / simd;
    }

    /** Bits of one stored threshold, {@code streamWidth + 1}. */
    public int thresholdWidth() {
        return streamWidth + 1;
    }

    /** The smallest legal threshold, {@code −2^(W−1)}: every value passes. */
    public int thresholdMin() {
        return -(1 << (streamWidth - 1));
    }

    /** The largest legal threshold, {@code 2^(W−1)}, one above the stream range: no value passes. */
    public int thresholdMax() {
        return 1 << (streamWidth - 1);
    }

    /** The smallest stream value, {@code −2^(W−1)}. */
    public int valueMin() {
        return -(1 << (streamWidth - 1));
    }

    /** The largest stream value, {@code 2^(W−1) − 1}. */
    public int valueMax() {
        return (1 << (streamWidth - 1)) - 1;
    }

    /** Data bits of an input beat, {@code simd · streamWidth}. */
    public int inputWidth() {
        return simd * streamWidth;
    }

    /** Bits of input TDATA: {@link #inputWidth()} rounded up to whole bytes. */
    public int inputTdataWidth() {
        return Lanes.byteAligned(inputWidth());
    }

    /** Bits of output TDATA: {@code simd} rounded up to whole bytes. */
    public int outputTdataWidth() {
        return Lanes.byteAligned(simd);
    }

    /** Bits of one ROM word, {@code simd · thresholdWidth()}. */
    public int romWordWidth() {
        return simd * thresholdWidth();
    }

    /** Cycles from an input beat's acceptance to its output beat being valid (no stalls): 1. */
    public int latency() {
        return 1;
    }

    /** A descriptive module name, {@code threshold_unit_c<channels>_s<simd>_w<streamWidth>}. */
    public String moduleName() {
        return "threshold_unit_c" + channels + "_s" + simd + "_w" + streamWidth;
    }

    /**
     * Checks a threshold table against this configuration.
     *
     * @param thresholds one per channel
     * @throws IllegalArgumentException naming the channel and the value out of range, or the length
     */
    public void checkThresholds(int[] thresholds) {
        if (thresholds.length != channels) {
            throw new IllegalArgumentException("threshold_unit: " + thresholds.length + " thresholds for " + channels
                    + " channels");
        }
        for (int c = 0; c < channels; c++) {
            if (thresholds[c] < thresholdMin() || thresholds[c] > thresholdMax()) {
                throw new IllegalArgumentException("threshold_unit: threshold of channel " + c + " = " + thresholds[c]
                        + " is outside [" + thresholdMin() + ", " + thresholdMax() + "] for a " + streamWidth
                        + "-bit stream");
            }
        }
    }

    /** The input TDATA of one beat: {@code simd} stream values, lane 0 first. */
    public BigInteger packValues(int[] values) {
        if (values.length != simd) {
            throw new IllegalArgumentException("threshold_unit: a beat holds " + simd + " values, got " + values.length);
        }
        for (int i = 0; i < simd; i++) {
            if (values[i] < valueMin() || values[i] > valueMax()) {
                throw new IllegalArgumentException("threshold_unit: lane " + i + " = " + values[i]
                        + " is outside the " + streamWidth + "-bit stream range");
            }
        }
        return Lanes.pack(values, streamWidth);
    }

    /** The {@code simd} stream values of an input TDATA (padding ignored). */
    public int[] unpackValues(BigInteger tdata) {
        long[] l = Lanes.unpack(tdata, simd, streamWidth, true);
        int[] v = new int[simd];
        for (int i = 0; i < simd; i++) {
            v[i] = (int) l[i];
        }
        return v;
    }

    /** The output TDATA of one beat: bit {@code i} of {@code bits} (64 per word, lane 0 in bit 0 of word 0). */
    public BigInteger packBits(long[] bits) {
        if (bits.length != (simd + 63) / 64) {
            throw new IllegalArgumentException("threshold_unit: " + simd + " bits take " + (simd + 63) / 64
                    + " words, got " + bits.length);
        }
        BigInteger v = BigInteger.ZERO;
        for (int i = 0; i < simd; i++) {
            if ((bits[i >>> 6] >>> (i & 63) & 1) != 0) {
                v = v.setBit(i);
            }
        }
        return v;
    }

    /** The ROM word of fold {@code f}: the thresholds of channels {@code f·simd …} in lanes of W + 1 bits. */
    public BigInteger romWord(int[] thresholds, int fold) {
        int[] lanes = new int[simd];
        System.arraycopy(thresholds, fold * simd, lanes, 0, simd);
        return Lanes.pack(lanes, thresholdWidth());
    }

    private static String divisorsText(int n) {
        if (n < 1) {
            return "none (channels must be >= 1)";
        }
        List<String> d = new ArrayList<>();
        for (int i = 1; i <= n && d.size() <= 24; i++) {
            if (n % i == 0) {
                d.add(Integer.toString(i));
            }
        }
        return String.join(", ", d) + (d.size() > 24 ? ", ..." : "");
    }

    @Override
    public String block() {
        return "threshold_unit";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("rom", "thresholds", romWordWidth(), folds(), "THRESHOLD_STYLE", "thresholds"));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", simd, 2, null));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return costTerms(image -> null);
    }

    /**
     * The comparators' one and zero bits: a comparison against a constant costs synthesis more for a zero bit of the
     * constant than for a one (Yosys, 28-bit lanes: about 20 LUTs a lane against +0.1, 15 against −0.1). Over the
     * threshold ROM's words on average; half and half when the image is unknown.
     */
    @Override
    public Map<String, Double> costTerms(Function<String, String> images) {
        double bits = (double) romWordWidth();
        double ones = bits / 2;
        String text = images.apply("thresholds");
        if (text != null) {
            List<BigInteger> words = MemoryImage.words(text, romWordWidth());
            if (!words.isEmpty()) {
                ones = words.stream().mapToInt(BigInteger::bitCount).sum() / (double) words.size();
            }
        }
        return BlockConfig.terms("compare_ones", ones, "compare_zeros", bits - ones, "lanes", simd, "count", log2(folds()));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
