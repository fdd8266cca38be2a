package org.adabinhw.generator.estimate;

/**
 * How many DSP slices Yosys 0.23 gives a signed {@code a × b} multiplier: its {@code mul2dsp} mapping, written
 * again. The wider operand is port A. An operand wider than the DSP's port is split into unsigned low chunks of
 * the partial width and a signed rest, recursively, A first; every partial product whose result is narrower
 * than the family's minimum stays in LUTs.
 * <ul>
 * <li>Xilinx DSP48E1 (7-series): A ≤ 25 bits, B ≤ 18 bits, partial chunks of 17 bits (the cascade's 17-bit
 *     shift), products of fewer than 9 bits in LUTs; DSP48E2 (UltraScale+) the same with A ≤ 27 bits.</li>
 * <li>iCE40 SB_MAC16: 16 × 16 unsigned, so 17 bits signed, chunks of 16, products of fewer than 11 bits in
 *     LUTs.</li>
 * </ul>
 * The test {@code MultipliersTest} checks this against a table measured with Yosys.
 */
public final class Multipliers {
    private Multipliers() {
    }

    /**
     * Where {@code mul_split} cuts the first operand of a signed {@code a × b} product on a family: the low bits
     * multiplied apart (unsigned), or 0 for one multiplication. It cuts only where that saves DSPs: when both
     * operands are wider than the narrow port but the second fits the wide one (a 28 × 24 product is 4 DSP48E1s
     * whole and 2 cut at 17 bits, each part with the second operand on the wide port). Never on iCE40, whose
     * SB_MAC16 ports are equal.
     */
    public static int split(int a, int b, Family f) {
        if (f == Family.ICE40) {
            return 0;
        }
        int aMax = f == Family.XILINX_USP ? 27 : 25;
        int bMax = 18;
        int lo = bMax - 1;
        if (a <= lo + 1 || b > aMax) {
            return 0;
        }
        return dspSplit(a, b, lo, f) < dsp(a, b, f) ? lo : 0;
    }

    /** DSPs of a product {@code a × b} cut at {@code lo} bits of {@code a} (0: whole). */
    private static int dspSplit(int a, int b, int lo, Family f) {
        return lo == 0 ? dsp(a, b, f) : dsp(lo + 1, b, f) + dsp(a - lo, b, f);
    }

    /** DSPs of one of a core's multipliers on a family, split as the core writes it. */
    public static int dsp(org.adabinhw.generator.blocks.BlockConfig.Multiplier m, Family f) {
        return m.split() ? dspSplit(m.a(), m.b(), split(m.a(), m.b(), f), f) : dsp(m.a(), m.b(), f);
    }

    /** DSPs of a signed {@code a × b} multiplier on a family. */
    public static int dsp(int a, int b, Family f) {
        if (a < 1 || b < 1) {
            throw new IllegalArgumentException("multiplier " + a + " x " + b + " is not a multiplier");
        }
        int hi = Math.max(a, b);
        int lo = Math.min(a, b);
        return switch (f) {
            case ICE40 -> split(hi, lo, 17, 17, 16, 11);
            case XILINX_7 -> split(hi, lo, 25, 18, 17, 9);
            case XILINX_USP -> split(hi, lo, 27, 18, 17, 9);
        };
    }

    private static int split(int a, int b, int aMax, int bMax, int partial, int yMin) {
        if (a > aMax) {
            return split(partial, b, aMax, bMax, partial, yMin) + split(a - partial, b, aMax, bMax, partial, yMin);
        }
        if (b > bMax) {
            return split(a, partial, aMax, bMax, partial, yMin) + split(a, b - partial, aMax, bMax, partial, yMin);
        }
        return a + b >= yMin ? 1 : 0;
    }
}
