package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;

import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class PiecewiseLayerTest {

    @Test
    void maxoutWithNegativeSlopeRoundsAndClamps() {
        // Slopes at 2^2: pos 4 (1.0), neg −2 (−0.5, so negative inputs map to positive outputs); clamp ±100.
        PiecewiseLayer l = new PiecewiseLayer("act", "x", new Shape(1, 1, 9), new int[] {4}, new int[] {-2}, 2,
                -100, 100);
        int[] x = {8, -8, 0, -3, 3, -1, 1, 1000, -1000};
        int[] expected = {
                8,    //  8·4 = 32 → 8
                4,    // −8·−2 = 16 → 4
                0,    //  x = 0 → 0
                2,    // −3·−2 = 6 → 1.5 → 2 (tie toward +∞)
                3,    //  3·4 = 12 → 3
                1,    // −1·−2 = 2 → 0.5 → 1
                1,    //  1·4 = 4 → 1
                100,  //  1000 → clamped
                100}; // −1000·−2 = 2000 → 500 → clamped
        IntLayer.Stats stats = new IntLayer.Stats();
        assertArrayEquals(expected, l.apply(List.of(x), stats));
        assertArrayEquals(new long[] {2, 9}, stats.of("act"));
    }

    @Test
    void slopesArePerChannel() {
        // Two channels of two pixels: channel 0 slopes (1, 0) = ReLU, channel 1 slopes (−1, −1) = negation.
        PiecewiseLayer l = new PiecewiseLayer("act", "x", new Shape(2, 1, 2), new int[] {8, -8}, new int[] {0, -8}, 3,
                -1000, 1000);
        assertArrayEquals(new int[] {5, 0, -5, 7}, l.apply(List.of(new int[] {5, -7, 5, -7}), null));
    }

    @Test
    void hardtanhClampsToItsBounds() {
        // Slope 1 on both sides, bounds ±16; clamped values are counted like saturations.
        PiecewiseLayer l = new PiecewiseLayer("ht", "x", new Shape(1, 1, 5), new int[] {1}, new int[] {1}, 0, -16, 16);
        IntLayer.Stats stats = new IntLayer.Stats();
        assertArrayEquals(new int[] {-16, -16, 0, 16, 16}, l.apply(List.of(new int[] {-20, -16, 0, 16, 20}), stats));
        assertArrayEquals(new long[] {2, 5}, stats.of("ht"));
    }
}
