package org.adabinhw.generator.blocks;

import java.util.ArrayList;

import java.util.List;

import java.util.Map;
import java.util.function.Function;

import java.math.BigInteger;

import org.adabinhw.generator.Lanes;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.QuantConfig;

/**
 * One {@code affine_unit}: a per-channel affine map of the feature stream, the batch norm that no convolution
 * absorbed, golden model {@code AffineLayer.apply} ({@code rtl/affine_unit/affine_unit.v}):
 * {@code y = saturate_W(roundShift(x·mul[c] + add[c], shift))}, {@code mul} of {@code multWidth} bits,
 * {@code add} of {@value #ADD_WIDTH} bits.
 * <p>
 * <b>Order.</b> Pixel-major, channels folded by lanes: per pixel {@link #folds()} beats, beat {@code f}
 * carrying channels {@code f·lanes … f·lanes + lanes − 1}, channel {@code f·lanes + i} in lane {@code i} =
 * {@code TDATA[i·W + W − 1 : i·W]}, two's complement, on both streams ({@code s_axis_x}, {@code m_axis_y}).
 * <p>
 * <b>Timing.</b> One beat per cycle; {@link #latency()} cycles from a beat's acceptance to its result.
 *
 * @param channels    channels per pixel, 1..65536
 * @param lanes       channels per beat; must divide {@code channels}
 * @param streamWidth bits of one signed stream value, 2..31; also the width the result saturates to
 * @param multWidth   bits of one signed multiplier, 2..32 (24 by default: {@link QuantConfig#multiplierWidth()})
 */
public record AffineUnitConfig(int channels, int lanes, int streamWidth, int multWidth) implements BlockConfig {
    /** Bits of one signed addend (the compiler's 48-bit constants). */
    public static final int ADD_WIDTH = 48;
    /** Bits of the stored shift. */
    public static final int SHIFT_WIDTH = 6;
    /** The largest rounding shift. */
    public static final int MAX_SHIFT = 47;
    private static final String BLOCK = "affine_unit";

    /** Rejects illegal values, naming them and the legal ones. */
    public AffineUnitConfig {
        Folding.check(BLOCK, channels, lanes, streamWidth);
        Folding.checkMultWidth(BLOCK, multWidth);
    }

    /** The unit of a layer, with the layer's stream width and the network's multiplier width. */
    public static AffineUnitConfig of(AffineLayer layer, int lanes) {
        return new AffineUnitConfig(layer.shape().channels(), lanes, layer.q().streamWidth(),
                layer.q().multiplierWidth());
    }

    /** A copy with another lane count. */
    public AffineUnitConfig withLanes(int newLanes) {
        return new AffineUnitConfig(channels, newLanes, streamWidth, multWidth);
    }

    /** Beats per pixel, {@code channels / lanes}; also the words of each constant ROM. */
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

    /** Bits of one word of the multiplier ROM, {@code lanes · multWidth}. */
    public int mulWordWidth() {
        return lanes * multWidth;
    }

    /** Bits of one word of the addend ROM, {@code lanes · ADD_WIDTH}. */
    public int addWordWidth() {
        return lanes * ADD_WIDTH;
    }

    /** Bits of the exact {@code x·mul + add}: {@code max(streamWidth + multWidth, ADD_WIDTH) + 1}. */
    public int accWidth() {
        return Math.max(streamWidth + multWidth, ADD_WIDTH) + 1;
    }

    /** Cycles from a beat's acceptance to its result being valid: 3 (operands, multiply-add, round and saturate). */
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

    /** A descriptive module name, {@code affine_unit_c<channels>_l<lanes>_w<streamWidth>_m<multWidth>}. */
    public String moduleName() {
        return BLOCK + "_c" + channels + "_l" + lanes + "_w" + streamWidth + "_m" + multWidth;
    }

    /**
     * Checks a layer's constants and formats against this configuration.
     *
     * @throws IllegalArgumentException naming the layer, the constant, its value and the legal range
     */
    public void checkLayer(AffineLayer layer) {
        String what = BLOCK + ": layer " + layer.name();
        if (layer.shape().channels() != channels) {
            throw new IllegalArgumentException(what + " has " + layer.shape().channels() + " channels, the unit "
                    + channels);
        }
        if (layer.q().streamWidth() != streamWidth) {
            throw new IllegalArgumentException(what + " saturates to a " + layer.q().streamWidth()
                    + "-bit stream, the unit to " + streamWidth + " bits");
        }
        if (layer.mul().length != channels || layer.add().length != channels) {
            throw new IllegalArgumentException(what + " has " + layer.mul().length + " multipliers and "
                    + layer.add().length + " addends for " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            if (!Folding.fits(layer.mul()[c], multWidth)) {
                throw new IllegalArgumentException(what + " channel " + c + ": multiplier " + layer.mul()[c]
                        + " is outside " + Folding.range(multWidth) + " (" + multWidth + " bits)");
            }
            if (!Folding.fits(layer.add()[c], ADD_WIDTH)) {
                throw new IllegalArgumentException(what + " channel " + c + ": addend " + layer.add()[c]
                        + " is outside " + Folding.range(ADD_WIDTH) + " (" + ADD_WIDTH + " bits)");
            }
        }
        if (layer.shift() < 0 || layer.shift() > MAX_SHIFT) {
            throw new IllegalArgumentException(what + ": shift " + layer.shift() + " is illegal; legal: 0.." + MAX_SHIFT);
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

    /** The word of fold {@code f} of the multiplier ROM: channels {@code f·lanes …} in lanes of multWidth bits. */
    public BigInteger mulWord(int[] mul, int fold) {
        long[] l = new long[lanes];
        for (int i = 0; i < lanes; i++) {
            l[i] = mul[fold * lanes + i];
        }
        return Lanes.pack(l, multWidth);
    }

    /** The word of fold {@code f} of the addend ROM: channels {@code f·lanes …} in lanes of 48 bits. */
    public BigInteger addWord(long[] add, int fold) {
        long[] l = new long[lanes];
        System.arraycopy(add, fold * lanes, l, 0, lanes);
        return Lanes.pack(l, ADD_WIDTH);
    }

    @Override
    public String block() {
        return "affine_unit";
    }

    @Override
    public List<Memory> memories() {
        List<Memory> l = new ArrayList<>();
        l.add(Memory.rom("mul_rom", "multipliers", mulWordWidth(), folds(), "CONST_STYLE", "mul"));
        l.add(Memory.rom("add_rom", "addends", addWordWidth(), folds(), "CONST_STYLE", "add"));
        l.add(Memory.table("shift_rom", "shift", SHIFT_WIDTH, 1, "shift"));
        l.addAll(Memory.fifo("output_stage.mem", "output FIFO", dataWidth(), 4, "FIFO_STYLE"));
        return l;
    }

    @Override
    public Map<String, Double> costTerms() {
        return costTerms(image -> null);
    }

    /**
     * {@code const_bits}: the bits of the multiplier and addend words that vary between channels
     * ({@link BlockConfig#varyingBits}).
     */
    @Override
    public Map<String, Double> costTerms(Function<String, String> images) {
        double constBits = BlockConfig.varyingBits(images, "mul", mulWordWidth())
                + BlockConfig.varyingBits(images, "add", addWordWidth());
        return BlockConfig.terms("lane_bits", dataWidth(), "acc_bits", (double) lanes * accWidth(), "const_bits", constBits,
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
