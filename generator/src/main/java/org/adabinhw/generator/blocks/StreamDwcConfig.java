package org.adabinhw.generator.blocks;

import java.util.Map;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.Lanes;

/**
 * One {@code stream_dwc}: a lane width converter between a producer folded by {@link #inLanes} and a
 * consumer folded by {@link #outLanes} ({@code rtl/stream_dwc/stream_dwc.v}). The sequence of lanes is
 * unchanged: lane {@code i} of beat {@code f} carries channel {@code f·L + i} on both sides ({@code L} that
 * side's lanes), so each pixel of {@link #channels} channels keeps its channel order.
 * <p>
 * <b>Legal pairs.</b> The lane counts differ, one divides the other, and both divide the channels (an
 * output beat never straddles two pixels). Other pairs take two converters through their greatest common
 * divisor: {@link #chain}. Equal lane counts need no converter and are rejected.
 * <p>
 * <b>Timing.</b> Down-conversion ({@code inLanes = R·outLanes}) emits one output beat per cycle and takes one
 * input beat every R cycles, latency 2; up-conversion ({@code outLanes = R·inLanes}) takes one input beat per
 * cycle and emits one output beat every R cycles, latency 1 from the R-th input beat. Without stalls a run
 * of P pixels lasts {@link #runLength(long)} = P·max(input, output beats per pixel) + latency cycles.
 *
 * @param channels  channels (lanes) per pixel, 1..{@value #MAX_CHANNELS}, a multiple of both lane counts
 * @param inLanes   lanes per input beat, ≥ 1
 * @param outLanes  lanes per output beat, ≥ 1, not {@code inLanes}, dividing or divided by it
 * @param laneWidth bits of one lane, 1..63 (1 for activation bits, the stream width for values)
 */
public record StreamDwcConfig(int channels, int inLanes, int outLanes, int laneWidth) implements BlockConfig {
    /** The most channels. */
    public static final int MAX_CHANNELS = 65536;
    /** The widest beat, in data bits. */
    public static final int MAX_BEAT_WIDTH = 16384;

    /** Rejects illegal values, naming them and the legal ones. */
    public StreamDwcConfig {
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("stream_dwc: channels = " + channels + " is illegal; legal: 1.."
                    + MAX_CHANNELS);
        }
        if (laneWidth < 1 || laneWidth > 63) {
            throw new IllegalArgumentException("stream_dwc: laneWidth = " + laneWidth + " is illegal; legal: 1..63");
        }
        for (int[] side : new int[][] {{inLanes, 'i'}, {outLanes, 'o'}}) {
            String what = side[1] == 'i' ? "inLanes" : "outLanes";
            if (side[0] < 1 || side[0] > channels || channels % side[0] != 0) {
                throw new IllegalArgumentException("stream_dwc: " + what + " = " + side[0] + " does not divide channels = "
                        + channels + "; legal lane counts: " + Divisors.text(channels));
            }
            if ((long) side[0] * laneWidth > MAX_BEAT_WIDTH) {
                throw new IllegalArgumentException("stream_dwc: " + what + " = " + side[0] + " × laneWidth = " + laneWidth
                        + " = " + (long) side[0] * laneWidth + " bits per beat exceeds " + MAX_BEAT_WIDTH);
            }
        }
        if (inLanes == outLanes) {
            throw new IllegalArgumentException("stream_dwc: inLanes = outLanes = " + inLanes
                    + ": nothing to convert (connect the streams directly)");
        }
        if (Math.max(inLanes, outLanes) % Math.min(inLanes, outLanes) != 0) {
            throw new IllegalArgumentException("stream_dwc: neither of inLanes = " + inLanes + " and outLanes = "
                    + outLanes + " divides the other; chain two converters through gcd = " + gcd(inLanes, outLanes)
                    + " (StreamDwcConfig.chain)");
        }
    }

    /**
     * The converters that take a stream folded by {@code inLanes} to one folded by {@code outLanes}, in stream
     * order: none for equal lane counts, one when one count divides the other, otherwise two through
     * {@code gcd(inLanes, outLanes)} (down to the gcd, then up).
     *
     * @throws IllegalArgumentException when a lane count does not divide the channels
     */
    public static List<StreamDwcConfig> chain(int channels, int inLanes, int outLanes, int laneWidth) {
        if (inLanes == outLanes) {
            // Validate the lane count with an otherwise legal pair; the result is empty.
            if (inLanes < 1 || channels < 1 || channels % inLanes != 0) {
                throw new IllegalArgumentException("stream_dwc: lanes = " + inLanes + " does not divide channels = "
                        + channels + "; legal lane counts: " + Divisors.text(channels));
            }
            return List.of();
        }
        int g = gcd(inLanes, outLanes);
        if (g == inLanes || g == outLanes) {
            return List.of(new StreamDwcConfig(channels, inLanes, outLanes, laneWidth));
        }
        return List.of(new StreamDwcConfig(channels, inLanes, g, laneWidth),
                new StreamDwcConfig(channels, g, outLanes, laneWidth));
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Whether this converter splits beats ({@code inLanes > outLanes}). */
    public boolean isDown() {
        return inLanes > outLanes;
    }

    /** Output beats per input beat (down) or input beats per output beat (up), ≥ 2. */
    public int ratio() {
        return isDown() ? inLanes / outLanes : outLanes / inLanes;
    }

    /** Input beats per pixel, {@code channels / inLanes}. */
    public int inBeatsPerPixel() {
        return channels / inLanes;
    }

    /** Output beats per pixel, {@code channels / outLanes}. */
    public int outBeatsPerPixel() {
        return channels / outLanes;
    }

    /** Data bits of an input beat, {@code inLanes · laneWidth}. */
    public int inputWidth() {
        return inLanes * laneWidth;
    }

    /** Data bits of an output beat, {@code outLanes · laneWidth}. */
    public int outputWidth() {
        return outLanes * laneWidth;
    }

    /** Bits of input TDATA: {@link #inputWidth()} rounded up to whole bytes. */
    public int inputTdataWidth() {
        return Lanes.byteAligned(inputWidth());
    }

    /** Bits of output TDATA: {@link #outputWidth()} rounded up to whole bytes. */
    public int outputTdataWidth() {
        return Lanes.byteAligned(outputWidth());
    }

    /**
     * Cycles without stalls from the acceptance of the input beat that completes an output beat's data to that
     * output beat being valid: 2 down (the first output beat of an input beat), 1 up.
     */
    public int latency() {
        return isDown() ? 2 : 1;
    }

    /** Cycles per pixel without stalls: the busier side's beats, {@code max(in, out) beats per pixel}. */
    public int cyclesPerPixel() {
        return Math.max(inBeatsPerPixel(), outBeatsPerPixel());
    }

    /** Run length without stalls of {@code pixels} pixels, from the first input beat to the last output beat. */
    public long runLength(long pixels) {
        if (pixels < 1) {
            throw new IllegalArgumentException("stream_dwc: a run has at least one pixel, got " + pixels);
        }
        return pixels * cyclesPerPixel() + latency();
    }

    /** A descriptive module name, {@code stream_dwc_c<channels>_i<inLanes>_o<outLanes>_w<laneWidth>}. */
    public String moduleName() {
        return "stream_dwc_c" + channels + "_i" + inLanes + "_o" + outLanes + "_w" + laneWidth;
    }

    /**
     * The output beats of a run of input beats, as the converter emits them: the same lanes regrouped.
     *
     * @param in input TDATA, {@code inLanes} lanes each (bits above them must be 0), a multiple of
     *           {@code ratio()} beats when up-converting
     */
    public List<BigInteger> convert(List<BigInteger> in) {
        if (!isDown() && in.size() % ratio() != 0) {
            throw new IllegalArgumentException("stream_dwc: " + in.size() + " input beats do not fill whole output beats of "
                    + ratio());
        }
        BigInteger outMask = BigInteger.ONE.shiftLeft(outputWidth()).subtract(BigInteger.ONE);
        List<BigInteger> out = new ArrayList<>();
        if (isDown()) {
            for (BigInteger b : in) {
                checkBeat(b, inputWidth());
                for (int j = 0; j < ratio(); j++) {
                    out.add(b.shiftRight(j * outputWidth()).and(outMask));
                }
            }
        } else {
            for (int i = 0; i < in.size(); i += ratio()) {
                BigInteger v = BigInteger.ZERO;
                for (int j = 0; j < ratio(); j++) {
                    BigInteger b = in.get(i + j);
                    checkBeat(b, inputWidth());
                    v = v.or(b.shiftLeft(j * inputWidth()));
                }
                out.add(v);
            }
        }
        return out;
    }

    private static void checkBeat(BigInteger b, int width) {
        if (b.signum() < 0 || b.bitLength() > width) {
            throw new IllegalArgumentException("stream_dwc: beat " + b.toString(16) + " does not fit " + width + " bits");
        }
    }

    @Override
    public String block() {
        return "stream_dwc";
    }

    @Override
    public List<Memory> memories() {
        return Memory.fifo("output_stage.mem", "output FIFO", outputWidth(), 2, null);
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("in_bits", inputWidth(), "out_bits", outputWidth(), "buffer_bits", Math.max(inputWidth(), outputWidth()),
                "count", log2(ratio() + 1));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
