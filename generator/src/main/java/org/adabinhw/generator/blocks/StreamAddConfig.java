package org.adabinhw.generator.blocks;

import java.util.List;
import java.util.Map;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.AddLayer;

/**
 * One {@code stream_add}: the residual addition of two feature streams in the same order, golden model
 * {@code AddLayer.apply} ({@code rtl/stream_add/stream_add.v}): {@code y = saturate_W(a + b)} lane by lane,
 * the k-th beat of {@code a} with the k-th beat of {@code b}.
 * <p>
 * <b>Order.</b> Pixel-major, channels folded by lanes: per pixel {@link #folds()} beats, beat {@code f}
 * carrying channels {@code f·lanes … f·lanes + lanes − 1}, channel {@code f·lanes + i} in lane {@code i} =
 * {@code TDATA[i·W + W − 1 : i·W]}, two's complement, on all three streams ({@code s_axis_a}, {@code s_axis_b},
 * {@code m_axis_y}).
 * <p>
 * <b>Pairing.</b> Each input has a one-beat holding register, and its ready is "holding nothing": both inputs
 * are taken in the same cycle whenever both are valid and neither holds a beat, and neither runs more than one
 * beat ahead of the other. Without stalls one pair per cycle, {@link #latency()} cycle to its sum.
 *
 * @param channels    channels per pixel, 1..65536
 * @param lanes       channels per beat; must divide {@code channels}
 * @param streamWidth bits of one signed stream value, 2..31; also the width the sum saturates to
 */
public record StreamAddConfig(int channels, int lanes, int streamWidth) implements BlockConfig {
    private static final String BLOCK = "stream_add";

    /** Rejects illegal values, naming them and the legal ones. */
    public StreamAddConfig {
        Folding.check(BLOCK, channels, lanes, streamWidth);
    }

    /** The adder of a layer, with the layer's stream width. */
    public static StreamAddConfig of(AddLayer layer, int lanes) {
        return new StreamAddConfig(layer.shape().channels(), lanes, layer.q().streamWidth());
    }

    /** A copy with another lane count. */
    public StreamAddConfig withLanes(int newLanes) {
        return new StreamAddConfig(channels, newLanes, streamWidth);
    }

    /** Beats per pixel on every stream, {@code channels / lanes}. */
    public int folds() {
        return channels / lanes;
    }

    /** Data bits of a beat on every stream, {@code lanes · streamWidth}. */
    public int dataWidth() {
        return lanes * streamWidth;
    }

    /** Bits of TDATA on every stream: {@link #dataWidth()} rounded up to whole bytes. */
    public int tdataWidth() {
        return Lanes.byteAligned(dataWidth());
    }

    /** Cycles from the acceptance of a pair's later beat to its sum being valid: 1. */
    public int latency() {
        return 1;
    }

    /** Cycles per pixel without stalls: {@link #folds()}. */
    public long cyclesPerPixel() {
        return folds();
    }

    /** Run length without stalls of {@code pixels} pixels, from first input beat to last output beat. */
    public long runLength(long pixels) {
        return pixels * cyclesPerPixel() + latency();
    }

    /** The smallest stream value, {@code −2^(W−1)}. */
    public long valueMin() {
        return -(1L << (streamWidth - 1));
    }

    /** The largest stream value, {@code 2^(W−1) − 1}. */
    public long valueMax() {
        return (1L << (streamWidth - 1)) - 1;
    }

    /** A descriptive module name, {@code stream_add_c<channels>_l<lanes>_w<streamWidth>}. */
    public String moduleName() {
        return BLOCK + "_c" + channels + "_l" + lanes + "_w" + streamWidth;
    }

    /**
     * Checks a layer against this configuration.
     *
     * @throws IllegalArgumentException naming the layer and what differs
     */
    public void checkLayer(AddLayer layer) {
        String what = BLOCK + ": layer " + layer.name();
        if (layer.shape().channels() != channels) {
            throw new IllegalArgumentException(what + " has " + layer.shape().channels() + " channels, the adder "
                    + channels);
        }
        if (layer.q().streamWidth() != streamWidth) {
            throw new IllegalArgumentException(what + " saturates to a " + layer.q().streamWidth()
                    + "-bit stream, the adder to " + streamWidth + " bits");
        }
    }

    /** The TDATA of one beat: {@code lanes} stream values, lane 0 lowest. */
    public BigInteger packValues(long[] values) {
        if (values.length != lanes) {
            throw new IllegalArgumentException(BLOCK + ": a beat holds " + lanes + " values, got " + values.length);
        }
        for (int i = 0; i < lanes; i++) {
            if (values[i] < valueMin() || values[i] > valueMax()) {
                throw new IllegalArgumentException(BLOCK + ": lane " + i + " = " + values[i] + " is outside the "
                        + streamWidth + "-bit stream range");
            }
        }
        return Lanes.pack(values, streamWidth);
    }

    /** The {@code lanes} stream values of a TDATA (padding ignored). */
    public long[] unpackValues(BigInteger tdata) {
        return Lanes.unpack(tdata, lanes, streamWidth, true);
    }

    @Override
    public String block() {
        return "stream_add";
    }

    @Override
    public List<Memory> memories() {
        return Memory.fifo("output_stage.mem", "output FIFO", dataWidth(), 2, null);
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("lane_bits", (double) lanes * streamWidth, "lanes", lanes, "count", log2(folds()));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
