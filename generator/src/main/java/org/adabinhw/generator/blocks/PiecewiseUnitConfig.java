package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;
import java.util.function.Function;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.QuantConfig;

/**
 * One {@code piecewise_unit}: a per-channel piecewise-linear function of the feature stream (Maxout, PReLU,
 * ReLU, Hardtanh), golden model {@code PiecewiseLayer.apply} ({@code rtl/piecewise_unit/piecewise_unit.v}):
 * {@code m = x > 0 ? pos[c] : neg[c]}, {@code y = min(hi, max(lo, roundShift(x·m, shift)))}.
 * <p>
 * <b>Order.</b> Pixel-major, channels folded by lanes: per pixel {@link #folds()} beats, beat {@code f}
 * carrying channels {@code f·lanes … f·lanes + lanes − 1}, channel {@code f·lanes + i} in lane {@code i} =
 * {@code TDATA[i·W + W − 1 : i·W]}, two's complement, on both streams ({@code s_axis_x}, {@code m_axis_y}).
 * <p>
 * <b>Timing.</b> One beat per cycle; {@link #latency()} cycles from a beat's acceptance to its result.
 *
 * @param channels    channels per pixel, 1..65536
 * @param lanes       channels per beat; must divide {@code channels}
 * @param streamWidth bits of one signed stream value, 2..31
 * @param multWidth   bits of one signed slope, 2..32 (24 by default: {@link QuantConfig#multiplierWidth()})
 */
public record PiecewiseUnitConfig(int channels, int lanes, int streamWidth, int multWidth) implements BlockConfig {
    /** Bits of the stored shift. */
    public static final int SHIFT_WIDTH = 6;
    /** The largest rounding shift. */
    public static final int MAX_SHIFT = 47;
    private static final String BLOCK = "piecewise_unit";

    /** Rejects illegal values, naming them and the legal ones. */
    public PiecewiseUnitConfig {
        Folding.check(BLOCK, channels, lanes, streamWidth);
        Folding.checkMultWidth(BLOCK, multWidth);
    }

    /** The unit of a layer with the network's formats (stream width, multiplier width). */
    public static PiecewiseUnitConfig of(PiecewiseLayer layer, int lanes, QuantConfig q) {
        return new PiecewiseUnitConfig(layer.shape().channels(), lanes, q.streamWidth(), q.multiplierWidth());
    }

    /** A copy with another lane count. */
    public PiecewiseUnitConfig withLanes(int newLanes) {
        return new PiecewiseUnitConfig(channels, newLanes, streamWidth, multWidth);
    }

    /** Beats per pixel, {@code channels / lanes}; also the words of each slope ROM. */
    public int folds() {
        return channels / lanes;
    }

    /** Data bits of a beat on either stream, {@code lanes · streamWidth}. */
    public int dataWidth() {
        return lanes * streamWidth;
    }

    /** Bits of TDATA on either stream: {@link #dataWidth()} rounded up to whole bytes. */
    public int tdataWidth() {
        return Lanes.byteAligned(dataWidth());
    }

    /** Bits of one slope ROM word, {@code lanes · multWidth}. */
    public int romWordWidth() {
        return lanes * multWidth;
    }

    /** Bits of the exact product of a value and a slope, {@code streamWidth + multWidth}. */
    public int productWidth() {
        return streamWidth + multWidth;
    }

    /** Cycles from a beat's acceptance to its result being valid: 3 (operands, product, round and clamp). */
    public int latency() {
        return 3;
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

    /** The smallest slope, {@code −2^(multWidth−1)}. */
    public long slopeMin() {
        return -(1L << (multWidth - 1));
    }

    /** The largest slope, {@code 2^(multWidth−1) − 1}. */
    public long slopeMax() {
        return (1L << (multWidth - 1)) - 1;
    }

    /** A descriptive module name, {@code piecewise_unit_c<channels>_l<lanes>_w<streamWidth>_m<multWidth>}. */
    public String moduleName() {
        return BLOCK + "_c" + channels + "_l" + lanes + "_w" + streamWidth + "_m" + multWidth;
    }

    /**
     * Checks a layer's constants against this configuration.
     *
     * @throws IllegalArgumentException naming the layer, the constant, its value and the legal range
     */
    public void checkLayer(PiecewiseLayer layer) {
        String what = BLOCK + ": layer " + layer.name();
        if (layer.shape().channels() != channels) {
            throw new IllegalArgumentException(what + " has " + layer.shape().channels() + " channels, the unit "
                    + channels);
        }
        if (layer.pos().length != channels || layer.neg().length != channels) {
            throw new IllegalArgumentException(what + " has " + layer.pos().length + " positive and "
                    + layer.neg().length + " negative slopes for " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            for (int[] s : new int[][] {layer.pos(), layer.neg()}) {
                if (!Folding.fits(s[c], multWidth)) {
                    throw new IllegalArgumentException(what + " channel " + c + ": " + (s == layer.pos() ? "positive" : "negative")
                            + " slope " + s[c] + " is outside " + Folding.range(multWidth) + " (" + multWidth + " bits)");
                }
            }
        }
        if (layer.shift() < 0 || layer.shift() > MAX_SHIFT) {
            throw new IllegalArgumentException(what + ": shift " + layer.shift() + " is illegal; legal: 0.." + MAX_SHIFT);
        }
        if (!Folding.fits(layer.lo(), streamWidth) || !Folding.fits(layer.hi(), streamWidth)) {
            throw new IllegalArgumentException(what + ": bounds [" + layer.lo() + ", " + layer.hi() + "] lie outside the "
                    + streamWidth + "-bit stream range " + Folding.range(streamWidth));
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

    /** The word of fold {@code f} of a slope ROM: the slopes of channels {@code f·lanes …} in lanes of multWidth bits. */
    public BigInteger romWord(int[] slopes, int fold) {
        int[] l = new int[lanes];
        System.arraycopy(slopes, fold * lanes, l, 0, lanes);
        return Lanes.pack(l, multWidth);
    }

    /** The bounds word: {@code {hi, lo}}, lo in the low {@code streamWidth} bits. */
    public BigInteger boundsWord(int lo, int hi) {
        return Lanes.pack(new int[] {lo, hi}, streamWidth);
    }

    @Override
    public String block() {
        return "piecewise_unit";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("pos_rom", "slopes for x > 0", romWordWidth(), folds(), "SLOPE_STYLE", "pos"));
        l.add(Memory.rom("neg_rom", "slopes for x <= 0", romWordWidth(), folds(), "SLOPE_STYLE", "neg"));
        l.add(Memory.table("bounds_rom", "bounds", 2 * streamWidth, 1, "bounds"));
        l.add(Memory.table("shift_rom", "shift", SHIFT_WIDTH, 1, "shift"));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", dataWidth(), 4, "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return costTerms(image -> null);
    }

    /** {@code const_bits}: the bits of the two slope words that vary between channels ({@link BlockConfig#varyingBits}), halved. */
    @Override
    public Map<String, Double> costTerms(Function<String, String> images) {
        double constBits = (BlockConfig.varyingBits(images, "pos", romWordWidth())
                + BlockConfig.varyingBits(images, "neg", romWordWidth())) / 2;
        return BlockConfig.terms("lane_bits", dataWidth(), "product_bits", (double) lanes * productWidth(), "const_bits", constBits,
                "count", log2(folds()));
    }

    @Override
    public List<Multiplier> multipliers() {
        return List.of(new Multiplier(streamWidth, multWidth, lanes, true));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
