package org.adabinhw.generator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of a memory initialisation file for Verilog's {@code $readmemh}: one word per line, lowest
 * address first, each word as exactly {@code ceil(width / 4)} lower-case hex digits, preceded by
 * {@code //} comment lines. Verilator, Icarus and Yosys read it alike.
 */
public final class MemoryImage {
    private MemoryImage() {
    }

    /**
     * The text of one memory image.
     *
     * @param what    the memory, named in error messages and the header comment
     * @param width   bits per word, ≥ 1
     * @param words   the words, each in {@code [0, 2^width)}
     * @param comment header lines (without {@code //}), may be empty
     * @return the file text
     * @throws GeneratorException when a word is negative or wider than {@code width}
     */
    public static String hex(String what, int width, List<BigInteger> words, List<String> comment) {
        if (width < 1) {
            throw new GeneratorException(what + ": memory word width " + width + " must be >= 1");
        }
        int digits = (width + 3) / 4;
        StringBuilder sb = new StringBuilder();
        for (String line : comment) {
            sb.append("// ").append(line).append('\n');
        }
        for (int i = 0; i < words.size(); i++) {
            BigInteger w = words.get(i);
            if (w.signum() < 0 || w.bitLength() > width) {
                throw new GeneratorException(what + ": word " + i + " = " + w + " does not fit " + width + " unsigned bits");
            }
            String h = w.toString(16);
            sb.append("0".repeat(digits - h.length())).append(h).append('\n');
        }
        return sb.toString();
    }

    /**
     * The bits of a {@code width}-bit memory that vary between the words of its image: the width synthesis keeps
     * once it has removed the bit lanes that hold the same value in every word (Yosys's {@code memory_share}
     * removes them before it maps the memory). An image with no words keeps none.
     *
     * @param text  an image as {@link #hex} writes it
     * @param width bits per word
     */
    public static int varyingBits(String text, int width) {
        BigInteger all = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        BigInteger and = all;
        BigInteger or = BigInteger.ZERO;
        List<BigInteger> words = words(text, width);
        for (BigInteger w : words) {
            and = and.and(w);
            or = or.or(w);
        }
        return words.isEmpty() ? 0 : and.xor(or).bitCount();
    }

    /** The words of an image as {@link #hex} writes it, each cut to {@code width} bits. */
    public static List<BigInteger> words(String text, int width) {
        BigInteger all = BigInteger.ONE.shiftLeft(width).subtract(BigInteger.ONE);
        List<BigInteger> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("//")) {
                out.add(new BigInteger(t, 16).and(all));
            }
        }
        return out;
    }
}
