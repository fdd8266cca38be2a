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

    /**
     * The distinct bit columns that vary between the words of images read at one address: a column is one bit of a
     * word over all words; synthesis keeps one register (and one LUT function) per distinct varying column, since
     * registers with the same input merge (Yosys's {@code opt_merge}). Six words have at most 62 varying columns,
     * however wide. Images of different word counts are not read at one address: they are rejected.
     *
     * @param texts  images as {@link #hex} writes them
     * @param widths bits per word of each
     */
    public static int distinctVaryingColumns(List<String> texts, List<Integer> widths) {
        java.util.Set<BigInteger> columns = new java.util.HashSet<>();
        int depth = -1;
        for (int m = 0; m < texts.size(); m++) {
            List<BigInteger> words = words(texts.get(m), widths.get(m));
            if (depth >= 0 && words.size() != depth) {
                throw new IllegalArgumentException("images of " + depth + " and " + words.size() + " words are not read at one address");
            }
            depth = words.size();
            for (int b = 0; b < widths.get(m); b++) {
                BigInteger column = BigInteger.ZERO;
                for (int w = 0; w < words.size(); w++) {
                    if (words.get(w).testBit(b)) {
                        column = column.setBit(w);
                    }
                }
                if (column.signum() != 0 && column.bitCount() != words.size()) {
                    columns.add(column);
                }
            }
        }
        return columns.size();
    }
}
