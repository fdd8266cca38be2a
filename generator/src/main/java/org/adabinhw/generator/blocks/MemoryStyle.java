package org.adabinhw.generator.blocks;

import java.util.List;
import java.util.Locale;

import org.adabinhw.generator.estimate.Family;

/**
 * Where a memory lives, the value of its {@code ram_style}/{@code rom_style} attribute in the core: the one rule
 * that decides both what the generated RTL asks synthesis for and what the estimate counts.
 * <p>
 * The rule (docs/architecture.md §"Memories"): a memory goes to block RAM when its read is registered and
 * block RAM saves at least {@code lutsPerBram} LUTs per block RAM unit (RAMB18 or EBR) it takes, LUTs as
 * {@link #logicLuts} counts them; otherwise a ROM is logic and a RAM distributed RAM (LUTRAM) on Xilinx, flip-flops
 * on iCE40, which has none.
 */
public enum MemoryStyle {
    /** Logic: LUTs for a ROM, flip-flops and multiplexers for a RAM. */
    LOGIC,
    /** Distributed RAM (Xilinx LUTRAM). */
    DISTRIBUTED,
    /** Block RAM: RAMB18/RAMB36 on Xilinx, EBR on iCE40. */
    BLOCK;

    /** Xilinx 7-series and UltraScale+ block RAM aspect ratios (depth, width) of a RAMB18 in simple dual-port mode. */
    private static final int[][] RAMB18 = {{16384, 1}, {8192, 2}, {4096, 4}, {2048, 9}, {1024, 18}, {512, 36}};
    /** The same of a RAMB36. */
    private static final int[][] RAMB36 = {{32768, 1}, {16384, 2}, {8192, 4}, {4096, 9}, {2048, 18}, {1024, 36}, {512, 72}};
    /** iCE40 SB_RAM40_4K read widths (Yosys's {@code $__ICE40_RAM4K_}: 2048 × 2 … 256 × 16). */
    private static final int[] EBR_WIDTHS = {2, 4, 8, 16};
    /** Address bits of an EBR at its narrowest width. */
    private static final int EBR_ABITS = 11;

    /** The attribute value, e.g. {@code "block"}. */
    public String attribute() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** LUTs block RAM must save per unit it takes: a Zynq-7020 has 190 LUT per RAMB18, an iCE40 UP5K 176 per EBR. */
    static int lutsPerBram(Family f) {
        return f == Family.ICE40 ? 48 : 64;
    }

    /**
     * The style of the memories that share one style parameter on a family: block RAM when every one can be
     * and it saves at least {@code lutsPerBram} LUTs per unit over them all; otherwise logic for ROMs, LUTRAM for
     * RAMs (flip-flops on iCE40). Memories without a parameter are always logic.
     */
    public static MemoryStyle of(List<Memory> group, Family f) {
        long soft = 0;
        long units = 0;
        boolean blockable = true;
        boolean rom = true;
        for (Memory m : group) {
            if (m.parameter() == null) {
                return LOGIC;
            }
            soft += m.copies() * (m.rom() ? logicLuts(m.width(), m.depth(), f) : ramLuts(m.width(), m.depth(), f));
            units += m.copies() * bramUnits(m.width(), m.depth(), f, m.rom());
            blockable &= m.blockable();
            rom &= m.rom();
        }
        if (blockable && soft >= (long) lutsPerBram(f) * units) {
            return BLOCK;
        }
        return rom || f == Family.ICE40 ? LOGIC : DISTRIBUTED;
    }

    /** LUTs of a ROM in logic: one LUT per output bit and 64 (LUT6) or 16 (LUT4) words, before muxes. */
    public static long logicLuts(int width, int depth, Family f) {
        int words = f.lut6() ? 64 : 16;
        return (long) width * ((depth + words - 1) / words);
    }

    /** LUTs of a RAM outside block RAM: LUTRAM on Xilinx ({@link #lutramLuts}), flip-flops' worth on iCE40. */
    static long ramLuts(int width, int depth, Family f) {
        return f == Family.ICE40 ? (long) width * depth : lutramLuts(width, depth);
    }

    /**
     * LUTs of a distributed RAM with one write and one read port as Yosys maps it: one word, a RAM32M per 8 bits; up
     * to 32 words, a RAM32M
     * (4 LUTs) per 6 bits; up to 64 words a RAM64M (4 LUTs) per 3 bits; deeper, one RAM64M per 3 bits and 64 words.
     */
    public static long lutramLuts(int width, int depth) {
        if (depth == 1) {
            // One word: the write and read address are the same, so a RAM32M holds 8 bits (its fourth port too).
            return 4L * ((width + 7) / 8);
        }
        if (depth <= 32) {
            return 4L * ((width + 5) / 6);
        }
        return 4L * ((width + 2) / 3) * ((depth + 63) / 64);
    }

    /**
     * Block RAM units (RAMB18 on Xilinx, a RAMB36 counting 2; EBR on iCE40) of a {@code width × depth} memory as
     * Yosys 0.23 maps it: the cheapest tiling by one primitive's aspect ratios, banks of a deep memory side by side
     * in a wide ratio ({@code tiles}), RAMB36 where it costs no more.
     */
    public static long bramUnits(int width, int depth, Family f) {
        return bramUnits(width, depth, f, false);
    }

    /**
     * Block RAM units of a memory, a ROM or a RAM: the banks of a deep RAM share a primitive only in whole write-enable
     * groups (9 bits of a Xilinx block RAM at 9 bits wide and more), so a RAM's bank is rounded up to them; a 28-bit FIFO
     * of 2,303 words takes five 512 × 36 RAMB18s (five 36-bit banks), not four. iCE40 EBRs write by the bit.
     */
    public static long bramUnits(int width, int depth, Family f, boolean rom) {
        if (f == Family.ICE40) {
            return ice40(width, depth, rom)[0];
        }
        return Math.min(tiles(RAMB18, width, depth, rom ? 0 : 9), 2 * tiles(RAMB36, width, depth, rom ? 0 : 9));
    }

    /**
     * The address banks of a block RAM memory in its cheapest tiling ({@link #bramUnits}; of equally cheap ones, the
     * fewest banks): 1 when one primitive is deep enough; more mean a multiplexer on the read data.
     */
    public static long bramBanks(int width, int depth, Family f) {
        return bramBanks(width, depth, f, false);
    }

    /** The address banks of a ROM's or a RAM's block RAM tiling ({@link #bramUnits(int, int, Family, boolean)}). */
    public static long bramBanks(int width, int depth, Family f, boolean rom) {
        if (f == Family.ICE40) {
            return ice40(width, depth, rom)[1];
        }
        long n18 = tiles(RAMB18, width, depth, rom ? 0 : 9);
        long n36 = tiles(RAMB36, width, depth, rom ? 0 : 9);
        return 2 * n36 <= n18 ? banks(RAMB36, width, depth, rom ? 0 : 9) : banks(RAMB18, width, depth, rom ? 0 : 9);
    }

    private static long banks(int[][] ratios, int width, int depth, int group) {
        long best = Long.MAX_VALUE;
        long banks = 1;
        for (int[] r : ratios) {
            long b = (depth + r[0] - 1) / r[0];
            long n = (b * bankWidth(width, b, r[1], group) + r[1] - 1) / r[1];
            if (n < best || n == best && b < banks) {
                best = n;
                banks = b;
            }
        }
        return banks;
    }

    /** The primitive and count Yosys uses for a block RAM memory, e.g. {@code 4 × RAMB36E1}. */
    public static String primitive(int width, int depth, Family f) {
        return primitive(width, depth, f, false);
    }

    /** The primitive and count Yosys uses for a ROM's or a RAM's block RAM. */
    public static String primitive(int width, int depth, Family f, boolean rom) {
        return switch (f) {
            case ICE40 -> ice40(width, depth, rom)[0] + " × SB_RAM40_4K";
            case XILINX_7, XILINX_USP -> {
                long n18 = tiles(RAMB18, width, depth, rom ? 0 : 9);
                long n36 = tiles(RAMB36, width, depth, rom ? 0 : 9);
                String suffix = f == Family.XILINX_7 ? "E1" : "E2";
                yield 2 * n36 <= n18 ? n36 + " × RAMB36" + suffix : n18 + " × RAMB18" + suffix;
            }
        };
    }

    /**
     * The EBRs and address banks of a {@code width × depth} memory as Yosys 0.23's {@code memory_libmap} maps it on
     * iCE40 (its geometry search, for one write and one read port of a single write enable): per write mode (write
     * widths 2/4/8 without a bit mask, each word padded to the unit; or 16 with a bit mask, words packed bit by bit)
     * and per base width {@code b} of 2/4/8/16, {@code ⌈depth / (2048·2/b)⌉} banks laid side by side
     * and cut {@code b} bits to an EBR; the cheapest by Yosys's cost, 64 per EBR plus half a point per read-multiplexer
     * input bit and per bank write enable, the first of equal cost (its running best kept as an integer, as Yosys
     * does). A ROM packs bit by bit in both modes. Checked against 254 RAM shapes synthesised here.
     *
     * @return {EBRs, banks}
     */
    private static long[] ice40(int width, int depth, boolean rom) {
        long[] best = null;
        double bestCost = 0;
        for (int mode = 0; mode < 2; mode++) {
            boolean masked = rom || mode == 1;
            int maxWrite = masked ? 3 : 2;
            long[] got = null;
            double gotCost = 0;
            for (int base = 0; base < EBR_WIDTHS.length; base++) {
                int unit = rom ? base : Math.min(base, maxWrite);
                if (unit != base && got != null) {
                    break;
                }
                int unitWidth = EBR_WIDTHS[unit];
                int granule = masked ? 1 : unitWidth;
                long swizzle = (long) (width + granule - 1) / granule * granule;
                long banks = (depth + (1L << (EBR_ABITS - base)) - 1) >> (EBR_ABITS - base);
                long units = (banks * swizzle + unitWidth - 1) / unitWidth;
                double cost = 64.0 * units + 0.5 * (banks - 1) * width + (rom || banks == 1 ? 0 : 0.5 * banks);
                if (got == null || cost < (int) gotCost) {
                    got = new long[] {units, banks};
                    gotCost = cost;
                }
            }
            if (best == null || gotCost < bestCost) {
                best = got;
                bestCost = gotCost;
            }
        }
        return best;
    }

    /** Bits of one block RAM unit, parity included (RAMB18: 18 kbit; EBR: 4 kbit). */
    public static int unitBits(Family f) {
        return f == Family.ICE40 ? 4096 : 18432;
    }

    /**
     * Primitives of one kind for a {@code width × depth} memory: per aspect ratio {@code d × w}, the memory is cut
     * into {@code ⌈depth/d⌉} banks by address, the banks laid side by side ({@code ⌈depth/d⌉·width} bits) and
     * tiled {@code w} bits to a primitive, parity bits included; the cheapest ratio.
     */
    private static long tiles(int[][] ratios, int width, int depth, int group) {
        long best = Long.MAX_VALUE;
        for (int[] r : ratios) {
            long banks = (depth + r[0] - 1) / r[0];
            long n = (banks * bankWidth(width, banks, r[1], group) + r[1] - 1) / r[1];
            best = Math.min(best, n);
        }
        return best;
    }

    /**
     * Bits one address bank takes in a primitive of {@code ratioWidth}-bit words: the width itself for a ROM
     * ({@code group} 0) or a memory of one bank; for a written memory cut into several banks, the width rounded up to
     * whole write-enable groups of {@code min(group, ratioWidth)} bits: 9 on Xilinx block RAM.
     */
    private static long bankWidth(int width, long banks, int ratioWidth, int maxGroup) {
        if (maxGroup == 0 || banks == 1) {
            return width;
        }
        int group = Math.min(maxGroup, ratioWidth);
        return (long) (width + group - 1) / group * group;
    }
}
