package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class ConvGeometryTest {

    /** A geometry with the output shape PyTorch gives. */
    static ConvGeometry geometry(int channels, int h, int w, int k, int stride, int pad) {
        Shape in = new Shape(channels, h, w);
        Op.Conv2d conv = new Op.Conv2d(1, channels, k, k, stride, pad, new double[channels * k * k], null);
        return new ConvGeometry(in, conv.outputShape(List.of(in)), k, k, stride, pad);
    }

    /** A 3×3 mask drawn as three rows of {@code x} (valid) and {@code .} (padding). */
    private static boolean[] mask(String drawing) {
        String s = drawing.replace(" ", "").replace("/", "");
        boolean[] m = new boolean[s.length()];
        for (int i = 0; i < s.length(); i++) {
            m[i] = s.charAt(i) == 'x';
        }
        return m;
    }

    /** The valid-tap mask of one output position by brute force: which taps land inside the image. */
    private static boolean[] bruteMask(ConvGeometry g, int oy, int ox) {
        boolean[] m = new boolean[g.kernelH() * g.kernelW()];
        for (int ky = 0; ky < g.kernelH(); ky++) {
            for (int kx = 0; kx < g.kernelW(); kx++) {
                int iy = oy * g.stride() - g.padding() + ky;
                int ix = ox * g.stride() - g.padding() + kx;
                m[ky * g.kernelW() + kx] = iy >= 0 && iy < g.in().height() && ix >= 0 && ix < g.in().width();
            }
        }
        return m;
    }

    /** Every position's class has exactly the mask that brute force finds for that position. */
    private static void assertClassesMatchBruteForce(ConvGeometry g) {
        for (int oy = 0; oy < g.out().height(); oy++) {
            for (int ox = 0; ox < g.out().width(); ox++) {
                int cls = g.classOf(oy, ox);
                boolean[] expected = bruteMask(g, oy, ox);
                assertArrayEquals(expected, g.validTaps(cls), "mask of (" + oy + "," + ox + ")");
                int n = 0;
                for (boolean b : expected) {
                    n += b ? 1 : 0;
                }
                assertEquals(n, g.validCount(cls), "count of (" + oy + "," + ox + ")");
            }
        }
    }

    @Test
    void threeByThreePadOneOnFourByFiveHasNineClasses() {
        ConvGeometry g = geometry(2, 4, 5, 3, 1, 1);
        assertEquals(new Shape(1, 4, 5), g.out());
        assertEquals(9, g.classes());
        // Rows: 0 = top, 1 = inner (rows 1 and 2), 2 = bottom; columns likewise; class = row * 3 + column.
        int[][] expectedClass = {
                {0, 1, 1, 1, 2},
                {3, 4, 4, 4, 5},
                {3, 4, 4, 4, 5},
                {6, 7, 7, 7, 8}};
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 5; ox++) {
                assertEquals(expectedClass[oy][ox], g.classOf(oy, ox), "class of (" + oy + "," + ox + ")");
            }
        }
        // Masks as ky rows / kx columns: the padded row or column of the window is '.'.
        String[] masks = {
                "... / .xx / .xx", // top-left corner
                "... / xxx / xxx", // top edge
                "... / xx. / xx.", // top-right corner
                ".xx / .xx / .xx", // left edge
                "xxx / xxx / xxx", // interior
                "xx. / xx. / xx.", // right edge
                ".xx / .xx / ...", // bottom-left corner
                "xxx / xxx / ...", // bottom edge
                "xx. / xx. / ..."}; // bottom-right corner
        int[] counts = {4, 6, 4, 6, 9, 6, 4, 6, 4};
        for (int cls = 0; cls < 9; cls++) {
            assertArrayEquals(mask(masks[cls]), g.validTaps(cls), "mask of class " + cls);
            assertEquals(counts[cls], g.validCount(cls), "valid taps of class " + cls);
        }
        assertClassesMatchBruteForce(g);
    }

    @Test
    void strideTwoOnEvenSizeHasOnlyTopAndLeftBorders() {
        // 4×4, 3×3, pad 1, stride 2: windows start at −1 and 1; the second ends at 3 = last row, inside.
        ConvGeometry g = geometry(1, 4, 4, 3, 2, 1);
        assertEquals(new Shape(1, 2, 2), g.out());
        assertEquals(4, g.classes());
        assertEquals(0, g.classOf(0, 0));
        assertEquals(1, g.classOf(0, 1));
        assertEquals(2, g.classOf(1, 0));
        assertEquals(3, g.classOf(1, 1));
        assertArrayEquals(mask("... / .xx / .xx"), g.validTaps(0));
        assertArrayEquals(mask("... / xxx / xxx"), g.validTaps(1));
        assertArrayEquals(mask(".xx / .xx / .xx"), g.validTaps(2));
        assertArrayEquals(mask("xxx / xxx / xxx"), g.validTaps(3));
        assertArrayEquals(new int[] {4, 6, 6, 9},
                new int[] {g.validCount(0), g.validCount(1), g.validCount(2), g.validCount(3)});
        assertClassesMatchBruteForce(g);
    }

    @Test
    void strideTwoOnOddSizeAlsoHasBottomAndRightBorders() {
        // 5×5, 3×3, pad 1, stride 2: windows start at −1, 1, 3; the last covers rows 3, 4 and padding.
        ConvGeometry g = geometry(1, 5, 5, 3, 2, 1);
        assertEquals(new Shape(1, 3, 3), g.out());
        assertEquals(9, g.classes());
        assertArrayEquals(mask("... / .xx / .xx"), g.validTaps(g.classOf(0, 0)));
        assertArrayEquals(mask("xxx / xxx / xxx"), g.validTaps(g.classOf(1, 1)));
        assertArrayEquals(mask("xx. / xx. / ..."), g.validTaps(g.classOf(2, 2)));
        assertArrayEquals(mask("xxx / xxx / ..."), g.validTaps(g.classOf(2, 1)));
        assertEquals(4, g.validCount(g.classOf(2, 2)));
        assertClassesMatchBruteForce(g);
    }

    @Test
    void oneByOneConvolutionHasOneClass() {
        for (int stride : new int[] {1, 2}) {
            ConvGeometry g = geometry(3, 6, 7, 1, stride, 0);
            assertEquals(1, g.classes(), "stride " + stride);
            assertArrayEquals(new boolean[] {true}, g.validTaps(0));
            assertEquals(1, g.validCount(0));
            for (int oy = 0; oy < g.out().height(); oy++) {
                for (int ox = 0; ox < g.out().width(); ox++) {
                    assertEquals(0, g.classOf(oy, ox));
                }
            }
        }
    }

    @Test
    void imagenetStemSevenBySevenStrideTwoHasFourRowClasses() {
        // 16×16, 7×7, pad 3, stride 2 → 8×8; windows start at −3, −1, 1, …, 11: rows [3,7), [1,7),
        // [0,7) for the inner ones and [0,5) for the last (rows 11..15 and two padded rows).
        ConvGeometry g = geometry(3, 16, 16, 7, 2, 3);
        assertEquals(new Shape(1, 8, 8), g.out());
        assertEquals(16, g.classes());
        assertEquals(4 * 4, g.validCount(g.classOf(0, 0)));
        assertEquals(6 * 7, g.validCount(g.classOf(1, 3)));
        assertEquals(5 * 5, g.validCount(g.classOf(7, 7)));
        assertEquals(g.classOf(2, 2), g.classOf(6, 6));
        assertClassesMatchBruteForce(g);
    }
}
