package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class ShortcutLayerTest {

    private static int[] ramp(int n) {
        int[] x = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    @Test
    void subsamplesAndPadsChannelsOnBothSides() {
        // 2×4×4 → 4×2×2: x[:, :, ::2, ::2] with one zero channel before and after.
        ShortcutLayer s = new ShortcutLayer("sc", "x", new Shape(2, 4, 4), new Shape(4, 2, 2), 2, 1);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 2, 8, 10, 16, 18, 24, 26, 0, 0, 0, 0},
                s.apply(List.of(ramp(32)), null));
    }

    @Test
    void oddSizeKeepsTheLastRowAndColumn() {
        // 5×5 → 3×3: rows and columns 0, 2, 4.
        ShortcutLayer s = new ShortcutLayer("sc", "x", new Shape(1, 5, 5), new Shape(1, 3, 3), 2, 0);
        assertArrayEquals(new int[] {0, 2, 4, 10, 12, 14, 20, 22, 24}, s.apply(List.of(ramp(25)), null));
    }

    @Test
    void strideOneWithoutPaddingIsIdentity() {
        ShortcutLayer s = new ShortcutLayer("sc", "x", new Shape(3, 2, 2), new Shape(3, 2, 2), 1, 0);
        assertArrayEquals(ramp(12), s.apply(List.of(ramp(12)), null));
    }
}
