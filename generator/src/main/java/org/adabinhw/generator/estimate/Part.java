package org.adabinhw.generator.estimate;

import java.util.List;
import java.util.Objects;

/**
 * One FPGA part of the database in {@code parts.json}: what it has and what its memory and DSP primitives look like.
 * Parts come from {@link Parts}; the constructor rejects inconsistent values with a message that names them.
 *
 * @param name            the part name in lower case, without package or speed grade, e.g. {@code xc7z020}
 * @param family          the family, which fixes the primitives synthesis maps to
 * @param description     one sentence on what the device is
 * @param boards          boards that carry the part, e.g. {@code PYNQ-Z1}; may be empty
 * @param packageName     the package of the boards above, e.g. {@code clg400}
 * @param speedGrade      the speed grade of the boards above, e.g. {@code -1}, or {@code null} where the family has
 *                        none to choose (iCE40)
 * @param capacity        the device totals in the units of {@link Resources}: {@code bram} in RAMB18 (a RAMB36 is 2)
 *                        or 4-kbit EBR, {@code lutram} the LUTs usable as distributed RAM
 * @param capacityNote    which capacity figures are read from a data sheet and which are derived, and how
 * @param lutInputs       inputs per LUT: 6 on Xilinx, 4 on iCE40
 * @param bram            the block RAM primitive
 * @param uram            the large single-clock RAM primitive (URAM288, SPRAM), or {@code null} if the part has none
 * @param dsp             the DSP primitive, or {@code null} if the part has none
 * @param typicalClockMhz the clock, in MHz, at which designs of this kind typically close on this part; a planning
 *                        figure, not a data-sheet limit
 * @param clockNote       the basis of {@code typicalClockMhz}
 * @param sources         the vendor documents the figures come from, by document number and table
 */
public record Part(String name, Family family, String description, List<String> boards, String packageName,
        String speedGrade, Resources capacity, String capacityNote, int lutInputs, BlockRam bram, UltraRam uram,
        Dsp dsp, double typicalClockMhz, String clockNote, List<String> sources) {

    /** Validates the part; see the component descriptions for the rules. */
    public Part {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(description, "description");
        boards = List.copyOf(boards);
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(capacity, "capacity");
        Objects.requireNonNull(capacityNote, "capacityNote");
        Objects.requireNonNull(bram, "bram");
        Objects.requireNonNull(clockNote, "clockNote");
        sources = List.copyOf(sources);
        String where = "part '" + name + "': ";
        if (!name.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException(where + "name is illegal; legal: lower-case letters and digits");
        }
        int legalInputs = family.lut6() ? 6 : 4;
        if (lutInputs != legalInputs) {
            throw new IllegalArgumentException(where + "lutInputs = " + lutInputs + " is illegal; legal: "
                    + legalInputs + " for " + family.id());
        }
        for (String r : Resources.NAMES) {
            if (capacity.get(r) < 0) {
                throw new IllegalArgumentException(where + "capacity." + r + " = " + capacity.get(r)
                        + " is illegal; legal: >= 0");
            }
        }
        for (String r : new String[] {"lut", "ff", "bram"}) {
            if (capacity.get(r) == 0) {
                throw new IllegalArgumentException(where + "capacity." + r + " = 0 is illegal; legal: >= 1");
            }
        }
        if (family.lut6() != (capacity.lutram() > 0)) {
            throw new IllegalArgumentException(where + "capacity.lutram = " + capacity.lutram() + " is illegal; legal: "
                    + (family.lut6() ? ">= 1 for " : "0 for ") + family.id());
        }
        if ((uram == null) != (capacity.uram() == 0)) {
            throw new IllegalArgumentException(where + "uram is " + (uram == null ? "null" : uram.primitive())
                    + " with capacity.uram = " + capacity.uram() + "; legal: null exactly when capacity.uram is 0");
        }
        if ((dsp == null) != (capacity.dsp() == 0)) {
            throw new IllegalArgumentException(where + "dsp is " + (dsp == null ? "null" : dsp.primitive())
                    + " with capacity.dsp = " + capacity.dsp() + "; legal: null exactly when capacity.dsp is 0");
        }
        if (!(typicalClockMhz > 0 && typicalClockMhz <= 1000)) {
            throw new IllegalArgumentException(where + "typicalClockMhz = " + typicalClockMhz
                    + " is illegal; legal: (0, 1000]");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(where + "sources is empty; legal: at least one document");
        }
    }

    /** The bits of block RAM on the part, parity included. */
    public long bramBits() {
        return capacity.bram() * bram.bits();
    }

    /**
     * A memory shape a RAM primitive can take, {@code depth} words of {@code width} bits; written {@code 1024x18}.
     *
     * @param depth words, at least 1
     * @param width bits per word, at least 1
     */
    public record AspectRatio(int depth, int width) {
        /** Validates depth and width. */
        public AspectRatio {
            if (depth < 1 || width < 1) {
                throw new IllegalArgumentException("aspect ratio " + depth + "x" + width
                        + " is illegal; legal: depth >= 1 and width >= 1");
            }
        }

        /** Parses {@code DEPTHxWIDTH}, e.g. {@code 1024x18}. */
        public static AspectRatio parse(String s) {
            if (s == null || !s.matches("[1-9][0-9]{0,8}x[1-9][0-9]{0,8}")) {
                throw new IllegalArgumentException("aspect ratio '" + s + "' is illegal; legal: DEPTHxWIDTH, e.g. 1024x18");
            }
            int x = s.indexOf('x');
            return new AspectRatio(Integer.parseInt(s.substring(0, x)), Integer.parseInt(s.substring(x + 1)));
        }

        /** The bits the shape holds, {@code depth × width}. */
        public long bits() {
            return (long) depth * width;
        }

        @Override
        public String toString() {
            return depth + "x" + width;
        }
    }

    /**
     * A block RAM primitive, the unit of {@link Resources#bram()}.
     *
     * @param primitive    the vendor primitive, e.g. {@code RAMB18E1}, {@code RAMB18E2}, {@code SB_RAM40_4K}
     * @param bits         bits per primitive including parity bits, e.g. 18432 for a RAMB18
     * @param dataBits     bits per primitive without parity, e.g. 16384 for a RAMB18; at most {@code bits}
     * @param aspectRatios the shapes usable with one write and one read port, as {@code DEPTHxWIDTH}; each holds at
     *                     most {@code bits}
     */
    public record BlockRam(String primitive, int bits, int dataBits, List<String> aspectRatios) {
        /** Validates the primitive; see the component descriptions for the rules. */
        public BlockRam {
            Objects.requireNonNull(primitive, "primitive");
            aspectRatios = List.copyOf(aspectRatios);
            if (bits < 1) {
                throw new IllegalArgumentException("bram.bits = " + bits + " is illegal; legal: >= 1");
            }
            if (dataBits < 1 || dataBits > bits) {
                throw new IllegalArgumentException("bram.dataBits = " + dataBits + " is illegal; legal: 1.." + bits);
            }
            checkShapes("bram", aspectRatios, bits);
        }

        /** The aspect ratios, parsed. */
        public List<AspectRatio> shapes() {
            return aspectRatios.stream().map(AspectRatio::parse).toList();
        }
    }

    /**
     * A large RAM primitive: URAM288 on UltraScale+ (4K × 72, two ports, one clock) or SB_SPRAM256KA on iCE40
     * UltraPlus (16K × 16, single port); the unit of {@link Resources#uram()}.
     *
     * @param primitive    the vendor primitive, e.g. {@code URAM288}
     * @param bits         bits per primitive, e.g. 294912 for a URAM288
     * @param aspectRatios the shapes, as {@code DEPTHxWIDTH}; each holds at most {@code bits}
     */
    public record UltraRam(String primitive, int bits, List<String> aspectRatios) {
        /** Validates the primitive; see the component descriptions for the rules. */
        public UltraRam {
            Objects.requireNonNull(primitive, "primitive");
            aspectRatios = List.copyOf(aspectRatios);
            if (bits < 1) {
                throw new IllegalArgumentException("uram.bits = " + bits + " is illegal; legal: >= 1");
            }
            checkShapes("uram", aspectRatios, bits);
        }

        /** The aspect ratios, parsed. */
        public List<AspectRatio> shapes() {
            return aspectRatios.stream().map(AspectRatio::parse).toList();
        }
    }

    /**
     * A DSP primitive's multiplier, the unit of {@link Resources#dsp()}.
     *
     * @param primitive the vendor primitive, e.g. {@code DSP48E1}, {@code DSP48E2}, {@code SB_MAC16}
     * @param aWidth    bits of the multiplier's A input (25 on DSP48E1, 27 on DSP48E2, 16 on SB_MAC16)
     * @param bWidth    bits of the multiplier's B input (18 on DSP48E1/E2, 16 on SB_MAC16)
     * @param signed    whether the widths are those of two's complement operands
     */
    public record Dsp(String primitive, int aWidth, int bWidth, boolean signed) {
        /** Validates the widths. */
        public Dsp {
            Objects.requireNonNull(primitive, "primitive");
            if (aWidth < 1 || bWidth < 1) {
                throw new IllegalArgumentException("dsp widths " + aWidth + " x " + bWidth
                        + " are illegal; legal: aWidth >= 1 and bWidth >= 1");
            }
        }
    }

    private static void checkShapes(String what, List<String> aspectRatios, int bits) {
        if (aspectRatios.isEmpty()) {
            throw new IllegalArgumentException(what + ".aspectRatios is empty; legal: at least one DEPTHxWIDTH");
        }
        for (String s : aspectRatios) {
            AspectRatio a;
            try {
                a = AspectRatio.parse(s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + ".aspectRatios: " + e.getMessage());
            }
            if (a.bits() > bits) {
                throw new IllegalArgumentException(what + ".aspectRatios: " + s + " holds " + a.bits()
                        + " bits; legal: at most bits = " + bits);
            }
        }
    }
}
