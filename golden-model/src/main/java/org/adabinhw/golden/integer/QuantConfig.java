package org.adabinhw.golden.integer;

/**
 * The widths of the integer datapath, fixed per compiled network. See {@code docs/arithmetic.md}.
 *
 * @param streamWidth    bits of a real-valued feature (residual stream) value, signed, 8..31
 * @param fracBits       fractional bits of the stream format, 0 ≤ fracBits < streamWidth
 * @param binaryConstWidth bits of the two per-channel multipliers of a binary conv (signed), 8..32;
 *                       27 fits a DSP48E2's 27-bit port
 * @param multiplierWidth bits of the other constant multipliers (real-conv and linear weights, Maxout
 *                       slopes, BN scales), signed, 8..32; 24 fits a DSP58's 24-bit port
 * @param logitWidth     bits of an output logit, signed, 16..32
 */
public record QuantConfig(int streamWidth, int fracBits, int binaryConstWidth, int multiplierWidth, int logitWidth) {
    /**
     * The default: 28-bit stream with 20 fractional bits, 27-bit binary-conv constants, 24-bit multipliers,
     * 32-bit logits. Narrower formats flip activation bits that then cascade through the network; the
     * measurements behind this choice are in {@code docs/arithmetic.md}.
     */
    public static final QuantConfig DEFAULT = new QuantConfig(28, 20, 27, 24, 32);

    public QuantConfig {
        check(streamWidth >= 8 && streamWidth <= 31, "streamWidth must be 8..31, got " + streamWidth);
        check(fracBits >= 0 && fracBits < streamWidth, "fracBits must be 0.." + (streamWidth - 1) + ", got " + fracBits);
        check(binaryConstWidth >= 8 && binaryConstWidth <= 32, "binaryConstWidth must be 8..32, got " + binaryConstWidth);
        check(multiplierWidth >= 8 && multiplierWidth <= 32, "multiplierWidth must be 8..32, got " + multiplierWidth);
        check(logitWidth >= 16 && logitWidth <= 32, "logitWidth must be 16..32, got " + logitWidth);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Largest stream value, {@code 2^(W−1) − 1}. */
    public int streamMax() {
        return (int) ((1L << (streamWidth - 1)) - 1);
    }

    /** Smallest stream value, {@code −2^(W−1)}. */
    public int streamMin() {
        return (int) -(1L << (streamWidth - 1));
    }

    /** A copy with another stream format. */
    public QuantConfig withStream(int width, int frac) {
        return new QuantConfig(width, frac, binaryConstWidth, multiplierWidth, logitWidth);
    }
}
