package org.adabinhw.generator.blocks;

/**
 * {@code rtl/mul_split/mul_split.v}, a signed product written so that synthesis maps it to fewer DSP slices
 * (where it cuts: {@link org.adabinhw.generator.estimate.Multipliers#split}). A part of {@code piecewise_unit},
 * {@code affine_unit} and {@code head_unit}, not a block of its own.
 */
public final class MulSplit {
    /** The part's folder in {@code rtl-templates} and its module. */
    public static final String BLOCK = "mul_split";
    /** The part's file name. */
    public static final String CORE_FILE = "mul_split.v";

    private MulSplit() {
    }
}
