package org.adabinhw.generator.estimate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FPGA resources, used both for what a design needs and for what a part has.
 * <p>
 * Units: {@code lut} counts logic LUTs (LUT6 on Xilinx, LUT4 on iCE40) not used as memory; {@code lutram} counts
 * LUTs used as memory (distributed RAM, Xilinx only; a RAM32M or RAM64M is 4, a RAM32X1D or RAM64X1D 2,
 * a RAM128X1D 4); {@code ff} flip-flops; {@code bram} block RAM in its smallest unit (RAMB18 on Xilinx, a RAMB36
 * counting 2; a 4-kbit EBR on iCE40); {@code uram} URAM288 on UltraScale+, SPRAM (256 kbit) on iCE40 UltraPlus;
 * {@code dsp} DSP48E1/DSP48E2 or SB_MAC16.
 */
public record Resources(long lut, long ff, long lutram, long bram, long uram, long dsp) {
    /** No resources. */
    public static final Resources ZERO = new Resources(0, 0, 0, 0, 0, 0);
    /** The resource names, in the order of the components. */
    public static final String[] NAMES = {"lut", "ff", "lutram", "bram", "uram", "dsp"};

    /** The sum of two. */
    public Resources plus(Resources o) {
        return new Resources(lut + o.lut, ff + o.ff, lutram + o.lutram, bram + o.bram, uram + o.uram, dsp + o.dsp);
    }

    /** The value of one resource by its name in {@link #NAMES}. */
    public long get(String name) {
        return switch (name) {
            case "lut" -> lut;
            case "ff" -> ff;
            case "lutram" -> lutram;
            case "bram" -> bram;
            case "uram" -> uram;
            case "dsp" -> dsp;
            default -> throw new IllegalArgumentException("unknown resource '" + name + "'");
        };
    }

    /** The resources as a map from {@link #NAMES} to values, in that order. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String n : NAMES) {
            m.put(n, get(n));
        }
        return m;
    }
}
