package org.adabinhw.generator.blocks;

import org.adabinhw.golden.integer.ConvGeometry;

/**
 * The border-class tables of a windowed block ({@code binary_mvu}, {@code real_mvu}, {@code avg_pool}): the
 * column class of every output column and the row class of every output row, numbered in order of first
 * appearance as {@link ConvGeometry} numbers them, so that {@code class(oy, ox) = rowClass(oy)·colClasses +
 * colClass(ox)}. The blocks index their per-class ROMs with two counters and these two tables.
 */
final class BorderClasses {
    private BorderClasses() {
    }

    /** The column class of every output column. */
    static int[] colTable(ConvGeometry g) {
        int[] t = new int[g.out().width()];
        for (int x = 0; x < t.length; x++) {
            t[x] = g.classOf(0, x);
        }
        return t;
    }

    /** Column border classes. */
    static int cols(ConvGeometry g) {
        return max(colTable(g)) + 1;
    }

    /** The row class of every output row. */
    static int[] rowTable(ConvGeometry g) {
        int cc = cols(g);
        int[] t = new int[g.out().height()];
        for (int y = 0; y < t.length; y++) {
            t[y] = g.classOf(y, 0) / cc;
        }
        return t;
    }

    /** Row border classes. */
    static int rows(ConvGeometry g) {
        return max(rowTable(g)) + 1;
    }

    private static int max(int[] t) {
        int m = 0;
        for (int c : t) {
            m = Math.max(m, c);
        }
        return m;
    }
}
