package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class MaxPoolLayerTest {

    @Test
    void paddingNeverWins() {
        // 4×4 holding −1 … −16, 3×3 stride 2 padding 1 → 2×2; windows cover rows/columns {0,1} and {1,2,3}.
        // With zero padding every output would be 0; PyTorch pads with −∞.
        int[] x = new int[16];
        for (int i = 0; i < 16; i++) {
            x[i] = -(i + 1);
        }
        MaxPoolLayer p = new MaxPoolLayer("pool", "x", new Shape(1, 4, 4), new Shape(1, 2, 2), 3, 2, 1);
        assertArrayEquals(new int[] {-1, -2, -5, -6}, p.apply(List.of(x), null));
    }

    @Test
    void imagenetStemPoolOnOddSize() {
        // 2 channels of 5×5, MaxPool2d(3, 2, 1) → 3×3. Channel 1 is channel 0 negated.
        int[] x = new int[50];
        for (int i = 0; i < 25; i++) {
            x[i] = i;
            x[25 + i] = -i;
        }
        MaxPoolLayer p = new MaxPoolLayer("pool", "x", new Shape(2, 5, 5), new Shape(2, 3, 3), 3, 2, 1);
        // Channel 0: the bottom-right in-image tap of each window (rows/cols {0,1}, {1,2,3}, {3,4}).
        // Channel 1: the top-left one (rows/cols 0, 1, 3).
        assertArrayEquals(new int[] {6, 8, 9, 16, 18, 19, 21, 23, 24,
                0, -1, -3, -5, -6, -8, -15, -16, -18}, p.apply(List.of(x), null));
    }
}
