package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.ir.Shape;

/**
 * One {@code head_unit}: the classifier at the end of the accelerator, a global sum pool followed by a linear
 * layer into which the pool's divisor and the batch norm before it are folded (golden model:
 * {@link HeadLayer#apply} with {@code pool = true}; {@code rtl/head_unit/head_unit.v}).
 * {@code v[c] = Σ_{h,w} x[c,h,w]} exactly, {@code acc[j] = Σ_c w[j][c]·v[c] + bias[j]} exactly, logit
 * {@code sat_32(roundShift(acc, S))}.
 * <p>
 * <b>Input.</b> Pixels in raster order, {@link #folds()} beats per pixel, beat {@code f} carrying channels
 * {@code f·lanes … f·lanes + lanes − 1}, lane {@code i} in {@code TDATA[i·W + W − 1 : i·W]} (two's
 * complement, W the stream width); images back to back.
 * <p>
 * <b>Output.</b> Per image {@code classes} beats of one signed 32-bit logit each, classes 0 … J−1 in order.
 * <p>
 * <b>Timing.</b> The channel sums live in two banks (ping-pong): image n+1 is summed while the
 * {@link #macCyclesPerImage()} multiply-accumulates of image n run, {@code headPe} classes at a time, one
 * channel per cycle. Without stalls one image every {@link #cyclesPerImage()} =
 * max({@link #inputCyclesPerImage()}, {@link #macCyclesPerImage()}) cycles; the input stalls (at an image's
 * first beat) only when the MAC phase is the longer one.
 *
 * @param channels    channels C of the feature map, 1..{@value #MAX_CHANNELS}
 * @param lanes       channels per input beat; divides {@code channels}
 * @param height      rows of the feature map, 1..{@value #MAX_SIZE}
 * @param width       columns of the feature map, 1..{@value #MAX_SIZE}
 * @param classes     classes J (logits per image), 1..{@value #MAX_CLASSES}
 * @param headPe      classes computed in parallel; divides {@code classes} and is at most {@code channels} (a
 *                    group's logits leave one per cycle while the next group's C MACs run)
 * @param streamWidth bits of one signed input value, 2..31
 * @param weightWidth bits of one signed weight, 2..32 ({@code QuantConfig.multiplierWidth}, 24 by default)
 */
public record HeadUnitConfig(int channels, int lanes, int height, int width, int classes, int headPe,
                             int streamWidth, int weightWidth) implements BlockConfig {
    /** Bits of the signed biases. */
    public static final int BIAS_WIDTH = 48;
    /** Bits of a logit, the output TDATA. */
    public static final int LOGIT_WIDTH = 32;
    /** Bits of the stored shift. */
    public static final int SHIFT_WIDTH = 6;
    /** The largest rounding shift (the rounding constant must fit the accumulator). */
    public static final int MAX_SHIFT = 47;
    /** The most channels. */
    public static final int MAX_CHANNELS = 65536;
    /** The most classes. */
    public static final int MAX_CLASSES = 65536;
    /** The largest side of the feature map. */
    public static final int MAX_SIZE = 4096;
    /** The widest input beat and ROM word, in bits. */
    public static final int MAX_WIDTH = 16384;
    /** The most weight ROM words, classes·channels / headPe. */
    public static final long MAX_WEIGHT_WORDS = 1L << 24;

    /** Rejects illegal values, naming them and the legal ones. */
    public HeadUnitConfig {
        check(channels >= 1 && channels <= MAX_CHANNELS, "channels = " + channels + " is illegal; legal: 1.."
                + MAX_CHANNELS);
        check(lanes >= 1 && lanes <= channels && channels % lanes == 0,
                "lanes = " + lanes + " does not divide channels = " + channels);
        check(height >= 1 && height <= MAX_SIZE && width >= 1 && width <= MAX_SIZE, "feature map " + height + "x"
                + width + " is illegal; legal: 1.." + MAX_SIZE + " on each side");
        check(classes >= 1 && classes <= MAX_CLASSES, "classes = " + classes + " is illegal; legal: 1.." + MAX_CLASSES);
        check(headPe >= 1 && headPe <= classes && classes % headPe == 0,
                "headPe = " + headPe + " does not divide classes = " + classes);
        check(headPe <= channels, "headPe = " + headPe + " exceeds channels = " + channels
                + " (a group's logits must leave during the next group's " + channels + " MACs)");
        check(streamWidth >= 2 && streamWidth <= 31, "streamWidth = " + streamWidth + " is illegal; legal: 2..31");
        check(weightWidth >= 2 && weightWidth <= 32, "weightWidth = " + weightWidth + " is illegal; legal: 2..32");
        check((long) lanes * streamWidth <= MAX_WIDTH, "lanes = " + lanes + " × streamWidth = " + streamWidth + " = "
                + (long) lanes * streamWidth + " input bits exceeds " + MAX_WIDTH);
        check((long) headPe * BIAS_WIDTH <= MAX_WIDTH, "headPe = " + headPe + " × " + BIAS_WIDTH + " bias bits = "
                + (long) headPe * BIAS_WIDTH + " exceeds " + MAX_WIDTH);
        check((long) classes / headPe * channels <= MAX_WEIGHT_WORDS, "classes = " + classes + " × channels = "
                + channels + " / headPe = " + headPe + " weight words exceeds " + MAX_WEIGHT_WORDS);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("head_unit: " + message);
        }
    }

    /**
     * The unit of a classifier layer: its input shape, classes and formats, with the given foldings.
     *
     * @param layer  the golden model's classifier; must pool (a Linear on the flattened map is rejected)
     * @param lanes  channels per input beat
     * @param headPe classes computed in parallel
     * @throws IllegalArgumentException when the layer does not pool or the foldings are illegal
     */
    public static HeadUnitConfig of(HeadLayer layer, int lanes, int headPe) {
        if (!layer.pool()) {
            throw new IllegalArgumentException("head_unit: layer " + layer.name() + " has pool = false (a Linear on the"
                    + " flattened " + layer.in() + " map); only pooled classifiers (global average pool, then Linear)"
                    + " are supported in hardware");
        }
        Shape in = layer.in();
        return new HeadUnitConfig(in.channels(), lanes, in.height(), in.width(), layer.classes(), headPe,
                layer.q().streamWidth(), layer.q().multiplierWidth());
    }

    /** {@link #of(HeadLayer, int, int)} with one class at a time ({@code headPe = 1}). */
    public static HeadUnitConfig of(HeadLayer layer, int lanes) {
        return of(layer, lanes, 1);
    }

    /** A copy with other foldings. */
    public HeadUnitConfig withFolding(int newLanes, int newHeadPe) {
        return new HeadUnitConfig(channels, newLanes, height, width, classes, newHeadPe, streamWidth, weightWidth);
    }

    /** Input beats per pixel, {@code channels / lanes}; also the words of a bank of sums. */
    public int folds() {
        return channels / lanes;
    }

    /** Pixels per image, {@code height · width}. */
    public int pixels() {
        return height * width;
    }

    /** Groups of {@code headPe} classes, {@code classes / headPe}. */
    public int groups() {
        return classes / headPe;
    }

    /** Input beats (cycles) per image, {@code pixels · folds}. */
    public long inputCyclesPerImage() {
        return (long) pixels() * folds();
    }

    /** Cycles of the MAC phase per image, {@code classes · channels / headPe}. */
    public long macCyclesPerImage() {
        return (long) groups() * channels;
    }

    /** Cycles per image in steady state without stalls, {@code max(inputCyclesPerImage, macCyclesPerImage)}. */
    public long cyclesPerImage() {
        return Math.max(inputCyclesPerImage(), macCyclesPerImage());
    }

    /**
     * Cycles from an image's last input beat (accepted) to its first logit (valid), when the MAC phase is idle
     * by then: 2 cycles to the first MAC (the last sum is written, then the MAC phase starts), {@code channels − 1}
     * more to the first group's last MAC, then 5 (ROM and sums read, product, accumulation, round and saturate
     * into the group FIFO, serialiser).
     */
    public int latency() {
        return channels + 6;
    }

    /**
     * Run length without stalls of {@code images} images back to back, from the cycle of the first input beat to
     * that of the last logit: {@code T_in + (images − 1)·max(T_in, T_mac) + T_mac + headPe + 5}.
     */
    public long runLength(long images) {
        if (images < 1) {
            throw new IllegalArgumentException("head_unit: a run has at least one image, got " + images);
        }
        return inputCyclesPerImage() + (images - 1) * cyclesPerImage() + macCyclesPerImage() + headPe + 5;
    }

    /** Bits of a channel sum, {@code streamWidth + ⌈log2 pixels⌉}. */
    public int sumWidth() {
        return streamWidth + ceilLog2(pixels());
    }

    /** Bits of a product of a weight and a sum, {@code weightWidth + sumWidth}. */
    public int productWidth() {
        return weightWidth + sumWidth();
    }

    /** Bits of the accumulator: {@code max(productWidth + ⌈log2 channels⌉, 48) + 1}, exact for every input. */
    public int accWidth() {
        return Math.max(productWidth() + ceilLog2(channels), BIAS_WIDTH) + 1;
    }

    /** Data bits of an input beat, {@code lanes · streamWidth}. */
    public int inputWidth() {
        return lanes * streamWidth;
    }

    /** Data bits of an output beat, 32. */
    public int outputWidth() {
        return LOGIT_WIDTH;
    }

    /** Bits of one weight ROM word, {@code headPe · weightWidth}. */
    public int weightWordWidth() {
        return headPe * weightWidth;
    }

    /** Bits of one bias ROM word, {@code headPe · 48}. */
    public int biasWordWidth() {
        return headPe * BIAS_WIDTH;
    }

    /** The smallest input value, {@code −2^(W−1)}. */
    public int valueMin() {
        return -(1 << (streamWidth - 1));
    }

    /** The largest input value, {@code 2^(W−1) − 1}. */
    public int valueMax() {
        return (1 << (streamWidth - 1)) - 1;
    }

    /** The smallest weight, {@code −2^(weightWidth−1)}. */
    public long weightMin() {
        return -(1L << (weightWidth - 1));
    }

    /** The largest weight, {@code 2^(weightWidth−1) − 1}. */
    public long weightMax() {
        return (1L << (weightWidth - 1)) - 1;
    }

    /** A descriptive module name. */
    public String moduleName() {
        return "head_unit_c" + channels + "_l" + lanes + "_h" + height + "_w" + width + "_j" + classes + "_p" + headPe
                + "_sw" + streamWidth + "_ww" + weightWidth;
    }

    /**
     * Checks a classifier layer against this configuration: it pools, has this shape, classes and stream width,
     * 32-bit logits, weights of {@code weightWidth} bits, 48-bit biases and a shift of 0..{@value #MAX_SHIFT}.
     *
     * @throws IllegalArgumentException naming the layer, the value and the legal range
     */
    public void checkLayer(HeadLayer layer) {
        String n = "head_unit: layer " + layer.name();
        HeadUnitConfig expect = of(layer, lanes, headPe);
        if (expect.channels != channels || expect.height != height || expect.width != width || expect.classes != classes) {
            throw new IllegalArgumentException(n + " has input " + layer.in() + " and " + layer.classes()
                    + " classes, the unit " + channels + "x" + height + "x" + width + " and " + classes);
        }
        if (expect.streamWidth != streamWidth) {
            throw new IllegalArgumentException(n + " has a " + expect.streamWidth + "-bit stream, the unit "
                    + streamWidth + " bits");
        }
        if (layer.q().logitWidth() != LOGIT_WIDTH) {
            throw new IllegalArgumentException(n + " has " + layer.q().logitWidth() + "-bit logits; the unit produces "
                    + LOGIT_WIDTH + "-bit logits");
        }
        if (layer.shift() < 0 || layer.shift() > MAX_SHIFT) {
            throw new IllegalArgumentException(n + " shift = " + layer.shift() + " is illegal; legal: 0.." + MAX_SHIFT);
        }
        int[] w = layer.weights();
        if (w.length != classes * channels) {
            throw new IllegalArgumentException(n + " has " + w.length + " weights for " + classes + " classes × "
                    + channels + " channels");
        }
        for (int k = 0; k < w.length; k++) {
            if (w[k] < weightMin() || w[k] > weightMax()) {
                throw new IllegalArgumentException(n + " weight [" + k / channels + "][" + k % channels + "] = " + w[k]
                        + " is outside [" + weightMin() + ", " + weightMax() + "] (" + weightWidth + " bits)");
            }
        }
        long[] b = layer.bias();
        if (b.length != classes) {
            throw new IllegalArgumentException(n + " has " + b.length + " biases for " + classes + " classes");
        }
        long bMax = (1L << (BIAS_WIDTH - 1)) - 1;
        for (int j = 0; j < classes; j++) {
            if (b[j] < -bMax - 1 || b[j] > bMax) {
                throw new IllegalArgumentException(n + " bias [" + j + "] = " + b[j] + " is outside [" + (-bMax - 1)
                        + ", " + bMax + "] (" + BIAS_WIDTH + " bits)");
            }
        }
    }

    /** The input TDATA of one beat: {@code lanes} stream values, lane 0 first. */
    public BigInteger packValues(int[] values) {
        if (values.length != lanes) {
            throw new IllegalArgumentException("head_unit: a beat holds " + lanes + " values, got " + values.length);
        }
        for (int i = 0; i < lanes; i++) {
            if (values[i] < valueMin() || values[i] > valueMax()) {
                throw new IllegalArgumentException("head_unit: lane " + i + " = " + values[i] + " is outside the "
                        + streamWidth + "-bit stream range");
            }
        }
        return Lanes.pack(values, streamWidth);
    }

    /** The {@code lanes} stream values of an input TDATA (padding ignored). */
    public long[] unpackValues(BigInteger tdata) {
        return Lanes.unpack(tdata, lanes, streamWidth, true);
    }

    /** The output TDATA of one logit (32-bit two's complement). */
    public BigInteger packLogit(long logit) {
        if (logit < Integer.MIN_VALUE || logit > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("head_unit: logit " + logit + " does not fit " + LOGIT_WIDTH + " bits");
        }
        return BigInteger.valueOf(logit & 0xffffffffL);
    }

    /** The logit of an output TDATA. */
    public long unpackLogit(BigInteger tdata) {
        return Lanes.unpack(tdata, 1, LOGIT_WIDTH, true)[0];
    }

    private static int ceilLog2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    @Override
    public String block() {
        return "head_unit";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("weight_rom", "weights", weightWordWidth(), groups() * channels, "WEIGHT_STYLE", "weights"));
        l.add(Memory.rom("bias_rom", "biases", biasWordWidth(), groups(), "BIAS_STYLE", "bias"));
        l.add(Memory.table("shift_rom", "shift", SHIFT_WIDTH, 1, "shift"));
        l.add(Memory.ram("bank0", "channel sums (two banks)", lanes * sumWidth(), folds(), "BANK_STYLE").times(2));
        l.addAll(Memory.fifo("group_fifo.mem", "group FIFO", headPe * LOGIT_WIDTH, 5, "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("sum_bits", (double) lanes * sumWidth(), "acc_bits", (double) headPe * accWidth(), "product_bits", (double) headPe * productWidth(), "count", log2(folds()) + log2(pixels()) + log2(groups()) + log2(channels));
    }

    @Override
    public List<Multiplier> multipliers() {
        return List.of(new Multiplier(sumWidth(), weightWidth, headPe, true));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
