package org.adabinhw.generator.estimate;

import java.util.Arrays;
import java.util.Locale;

/**
 * An FPGA family as the cost model sees it: which primitives synthesis maps to, and which Yosys flow stands in
 * for the vendor's.
 */
public enum Family {
    /** Xilinx 7-series (Zynq-7000, Artix-7, Kintex-7): LUT6, RAMB18E1/RAMB36E1, DSP48E1 (25 × 18). */
    XILINX_7("xilinx-7", "synth_xilinx -family xc7"),
    /** Xilinx UltraScale+ (Zynq MPSoC, Alveo): LUT6, RAMB18E2/RAMB36E2, URAM288, DSP48E2 (27 × 18). */
    XILINX_USP("xilinx-usp", "synth_xilinx -family xcup"),
    /** Lattice iCE40 (UltraPlus, HX): LUT4, EBR (SB_RAM40_4K), SPRAM (UltraPlus), SB_MAC16 (16 × 16). */
    ICE40("ice40", "synth_ice40");

    private final String id;
    private final String yosys;

    Family(String id, String yosys) {
        this.id = id;
        this.yosys = yosys;
    }

    /** The name used in the part database and in JSON, e.g. {@code xilinx-7}. */
    public String id() {
        return id;
    }

    /** The Yosys synthesis command that stands in for the vendor flow (without {@code -top}). */
    public String yosysSynth() {
        return yosys;
    }

    /** Whether LUTs have six inputs (Xilinx) rather than four (iCE40). */
    public boolean lut6() {
        return this != ICE40;
    }

    /** The family of an id, e.g. {@code xilinx-7}. */
    public static Family of(String id) {
        for (Family f : values()) {
            if (f.id.equals(id.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown FPGA family '" + id + "'; known: "
                + String.join(", ", Arrays.stream(values()).map(Family::id).toList()));
    }
}
