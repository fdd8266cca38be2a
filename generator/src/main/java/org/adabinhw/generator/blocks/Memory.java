package org.adabinhw.generator.blocks;

import java.util.List;

/**
 * One memory of a block's core: what it holds and its shape, as the core declares it.
 *
 * @param name       the memory's name in the core ({@code weight_rom}, {@code window}, …)
 * @param purpose    what it holds, for people: {@code weights}, {@code biases}, {@code thresholds},
 *                   {@code line buffer}, {@code FIFO}, …
 * @param width      bits of one word
 * @param depth      words
 * @param rom        whether it is a ROM ({@code $readmemh} contents, no write port)
 * @param blockable  whether its read is registered so that it can be a block RAM (a read whose data pass a
 *                   multiplexer before the register is not)
 * @param parameter  the core's style parameter that sets its {@code ram_style}/{@code rom_style}, or {@code null}
 *                   when the core fixes it to {@code "logic"} (tiny tables)
 * @param copies     how many memories of this shape the core has (two banks, …)
 * @param image      the suffix of its {@code $readmemh} image, {@code <module>_<image>.memh} ({@code weights}, {@code
 *                   bias}, …), or {@code null} for a RAM
 */
public record Memory(String name, String purpose, int width, int depth, boolean rom, boolean blockable, String parameter,
                     int copies, String image) {
    /** A memory without an image (a RAM, or one whose image the estimate need not read). */
    public Memory(String name, String purpose, int width, int depth, boolean rom, boolean blockable, String parameter,
                  int copies) {
        this(name, purpose, width, depth, rom, blockable, parameter, copies, null);
    }

    /** Rejects empty shapes. */
    public Memory {
        if (width < 1 || depth < 1 || copies < 1) {
            throw new IllegalArgumentException("memory " + name + ": " + copies + " x " + width + " x " + depth
                    + " is not a memory");
        }
    }

    /** A ROM with a registered read, a style parameter and its image's suffix. */
    static Memory rom(String name, String purpose, int width, int depth, String parameter, String image) {
        return new Memory(name, purpose, width, depth, true, true, parameter, 1, image);
    }

    /** A tiny ROM that the core maps to logic, with its image's suffix. */
    static Memory table(String name, String purpose, int width, int depth, String image) {
        return new Memory(name, purpose, width, depth, true, false, null, 1, image);
    }

    /** A RAM with a registered read port and a style parameter. */
    static Memory ram(String name, String purpose, int width, int depth, String parameter) {
        return new Memory(name, purpose, width, depth, false, true, parameter, 1);
    }

    /** The same memory, {@code n} times. */
    Memory times(int n) {
        return new Memory(name, purpose, width, depth, rom, blockable, parameter, n, image);
    }

    /**
     * The memory of an {@code axis_fifo} of {@code depth} beats (named {@code name} in the block's core): {@code depth − 1}
     * words behind the output register, none for depth 1. One or two words are registers on every family (the
     * core's {@code MEM_STYLE_USED}); from three the style parameter {@code parameter} applies.
     */
    static List<Memory> fifo(String name, String purpose, int width, int depth, String parameter) {
        if (depth <= 1) {
            return List.of();
        }
        return List.of(new Memory(name, purpose, width, depth - 1, false, true, depth - 1 <= 2 ? null : parameter, 1));
    }

    /** Bits of one copy. */
    public long bits() {
        return (long) width * depth;
    }
}
