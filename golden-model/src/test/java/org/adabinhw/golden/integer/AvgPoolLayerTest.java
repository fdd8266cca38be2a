package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AvgPoolLayerTest {
    private static final int ONE = 1 << 20;

    private static AvgPoolLayer layer(Shape in, int k, int stride, int pad, boolean ceil, boolean countPad) {
        Shape out = new Op.AvgPool2d(k, stride, pad, ceil, countPad).outputShape(List.of(in));
        return new AvgPoolLayer("pool", "x", in, out, k, stride, pad, countPad, QuantConfig.DEFAULT);
    }

    @Test
    void imagenetShortcutPoolDivisorsOnSevenBySeven() {
        // AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) on 7×7 → 4×4: windows of rows {0,1}, {2,3},
        // {4,5} and {6}: divisor 4 inside, 2 on the last row and column, 1 in the corner. Without padding,
        // count_include_pad does not change that (PyTorch never counts the ceil_mode overhang).
        for (boolean countPad : new boolean[] {false, true}) {
            AvgPoolLayer p = layer(new Shape(1, 7, 7), 2, 2, 0, true, countPad);
            assertEquals(new Shape(1, 4, 4), p.outShape());
            for (int oy = 0; oy < 4; oy++) {
                for (int ox = 0; ox < 4; ox++) {
                    int expected = (oy == 3 ? 1 : 2) * (ox == 3 ? 1 : 2);
                    assertEquals(expected, p.divisor(oy, ox), "(" + oy + "," + ox + ")");
                }
            }
        }
    }

    @Test
    void powerOfTwoDivisorsAreExact() {
        // Pixel (y, x) = 7y + x as a stream value: averages 4, 9.5 (column 6 of rows 0, 1), 42.5, 48.
        int[] x = new int[49];
        for (int i = 0; i < 49; i++) {
            x[i] = i * ONE;
        }
        int[] y = layer(new Shape(1, 7, 7), 2, 2, 0, true, false).apply(List.of(x), null);
        assertEquals(4 * ONE, y[0]);
        assertEquals(9 * ONE + ONE / 2, y[3]);
        assertEquals(42 * ONE + ONE / 2, y[12]);
        assertEquals(48 * ONE, y[15]);
    }

    @Test
    void roundingTiesGoTowardPlusInfinity() {
        // 2×2 windows (divisor 4, reciprocal exactly 2^14) on 2×4: sums 5 → 1.25 → 1 and 6 → 1.5 → 2;
        // negated: −1.25 → −1, −1.5 → −1.
        AvgPoolLayer p = layer(new Shape(2, 2, 4), 2, 2, 0, false, false);
        int[] x = {2, 1, 3, 1, 1, 1, 1, 1,
                -2, -1, -3, -1, -1, -1, -1, -1};
        assertArrayEquals(new int[] {1, 2, -1, -1}, p.apply(List.of(x), null));
    }

    @Test
    void reciprocalsAreRoundedSixteenBitConstants() {
        assertEquals(65536, AvgPoolLayer.reciprocal(1));
        assertEquals(32768, AvgPoolLayer.reciprocal(2));
        assertEquals(21845, AvgPoolLayer.reciprocal(3));  // 21845.33
        assertEquals(10923, AvgPoolLayer.reciprocal(6));  // 10922.67
        assertEquals(7282, AvgPoolLayer.reciprocal(9));   // 7281.78
        assertEquals(1337, AvgPoolLayer.reciprocal(49));  // 1337.47
    }

    @Test
    void otherDivisorsAreApproximate() {
        // A 3×3 window of ones: 9·2^20 · 7282 / 2^16 = 2^20 + 32, not 2^20 (relative error 3·10^−5).
        int[] x = new int[9];
        Arrays.fill(x, ONE);
        assertArrayEquals(new int[] {ONE + 32}, layer(new Shape(1, 3, 3), 3, 1, 0, false, false).apply(List.of(x), null));
    }

    @Test
    void countIncludePadCountsPaddingButNotTheCeilOverhang() {
        // 6×6, kernel 3, stride 2, padding 1, ceil_mode → 4×4; windows start at −1, 1, 3, 5.
        // In-image rows per window 2, 3, 3, 1; counting the padding (but not rows beyond it) 3, 3, 3, 2.
        AvgPoolLayer exclude = layer(new Shape(1, 6, 6), 3, 2, 1, true, false);
        AvgPoolLayer include = layer(new Shape(1, 6, 6), 3, 2, 1, true, true);
        assertEquals(new Shape(1, 4, 4), include.outShape());
        int[] in = {2, 3, 3, 1};
        int[] padded = {3, 3, 3, 2};
        for (int oy = 0; oy < 4; oy++) {
            for (int ox = 0; ox < 4; ox++) {
                assertEquals(in[oy] * in[ox], exclude.divisor(oy, ox));
                assertEquals(padded[oy] * padded[ox], include.divisor(oy, ox));
            }
        }
        // Ones: excluding the padding every average is 1; including it the corner (0,0) is 4/9 and (3,3) 1/4.
        int[] x = new int[36];
        Arrays.fill(x, 9 * 4 * 64);
        assertEquals(9 * 4 * 64, exclude.apply(List.of(x), null)[0]);
        int[] y = include.apply(List.of(x), null);
        assertEquals(4 * 4 * 64, y[0]);  // 4 · 2304 · 7282 / 2^16 = 1024.03 → 1024
        assertEquals(9 * 64, y[15]);     // 2304 / 4, exact
    }
}
