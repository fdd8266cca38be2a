package org.adabinhw.generator.blocks;

import org.adabinhw.golden.integer.ConvGeometry;

/**
 * The border-class tables of a windowed block ({@code binary_mvu}, {@code real_mvu}, {@code avg_pool}), whose
 * configuration implements this interface: the column class of every output column and the row class of every
 * output row, numbered in order of first appearance as {@link ConvGeometry} numbers them, so that
 * {@code class(oy, ox) = rowClass(oy)·colClasses + colClass(ox)}. The blocks index their per-class ROMs with
 * two counters and these two tables.
 */
public interface BorderClasses {
    /** The window geometry whose borders are classified. */
    ConvGeometry geometry();

    /** The column class of every output column (numbered in order of first appearance, as ConvGeometry). */
    default int[] colClassTable() {
        ConvGeometry g = geometry();
        int[] t = new int[g.out().width()];
        for (int x = 0; x < t.length; x++) {
            t[x] = g.classOf(0, x);
        }
        return t;
    }

    /** Column border classes. */
    default int colClasses() {
        return max(colClassTable()) + 1;
    }

    /** The row class of every output row. */
    default int[] rowClassTable() {
        ConvGeometry g = geometry();
        int cc = colClasses();
        int[] t = new int[g.out().height()];
        for (int y = 0; y < t.length; y++) {
            t[y] = g.classOf(y, 0) / cc;
        }
        return t;
    }

    /** Row border classes. */
    default int rowClasses() {
        return max(rowClassTable()) + 1;
    }

    /** Border classes, rowClasses·colClasses. */
    default int classes() {
        return rowClasses() * colClasses();
    }

    /** The first class of every output row, {@code rowClass(oy)·colClasses}: add {@code colClass(ox)} for the class. */
    default int[] rowBaseTable() {
        int[] rows = rowClassTable();
        int cc = colClasses();
        int[] t = new int[rows.length];
        for (int y = 0; y < rows.length; y++) {
            t[y] = rows[y] * cc;
        }
        return t;
    }

    private static int max(int[] t) {
        int m = 0;
        for (int c : t) {
            m = Math.max(m, c);
        }
        return m;
    }
}
