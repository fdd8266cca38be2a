package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class FixedTest {

    @Test
    void roundShiftRoundsTiesTowardPlusInfinity() {
        assertEquals(2, Fixed.roundShift(3, 1));   //  1.5  →  2
        assertEquals(-1, Fixed.roundShift(-3, 1)); // −1.5  → −1
        assertEquals(-1, Fixed.roundShift(-5, 2)); // −1.25 → −1
        assertEquals(2, Fixed.roundShift(6, 2));   //  1.5  →  2
        assertEquals(-1, Fixed.roundShift(-6, 2)); // −1.5  → −1
        assertEquals(-2, Fixed.roundShift(-7, 2)); // −1.75 → −2
        assertEquals(1, Fixed.roundShift(5, 2));   //  1.25 →  1
        assertEquals(0, Fixed.roundShift(-2, 2));  // −0.5  →  0
        assertEquals(1, Fixed.roundShift(2, 2));   //  0.5  →  1
    }

    @Test
    void roundShiftByZeroIsIdentity() {
        for (long v : new long[] {0, 1, -1, 12345, -98765, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertEquals(v, Fixed.roundShift(v, 0));
        }
    }

    @Test
    void roundShiftIsFloorOfHalfAdded() {
        // The contract: floor((v + 2^(s−1)) / 2^s), checked against exact floor division.
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            int s = 1 + r.nextInt(40);
            long v = r.nextLong() >> (r.nextInt(20) + 2);
            long expected = Math.floorDiv(v + (1L << (s - 1)), 1L << s);
            assertEquals(expected, Fixed.roundShift(v, s), "v = " + v + ", s = " + s);
        }
        // 48-bit accumulators with large shifts, the range the binary conv uses.
        assertEquals(1L << 20, Fixed.roundShift(1L << 46, 26));
        assertEquals(-(1L << 20), Fixed.roundShift(-(1L << 46) - (1L << 25), 26)); // −2^20 − 0.5 → −2^20
    }

    @Test
    void saturateClampsToSignedRange() {
        assertEquals(127, Fixed.saturate(200, 8));
        assertEquals(-128, Fixed.saturate(-200, 8));
        assertEquals(127, Fixed.saturate(127, 8));
        assertEquals(-128, Fixed.saturate(-128, 8));
        assertEquals(-5, Fixed.saturate(-5, 8));
        assertEquals((1L << 27) - 1, Fixed.saturate(1L << 27, 28));
        assertEquals(-(1L << 27), Fixed.saturate(-(1L << 27) - 1, 28));
        assertEquals(Integer.MAX_VALUE, Fixed.saturate(Long.MAX_VALUE, 32));
        assertEquals(Integer.MIN_VALUE, Fixed.saturate(Long.MIN_VALUE, 32));
    }

    @Test
    void quantiseRoundsToNearestWithTiesAwayFromZero() {
        assertEquals(1, Fixed.quantise(0.5, 0, 8, "x"));
        assertEquals(-1, Fixed.quantise(-0.5, 0, 8, "x"));
        assertEquals(2, Fixed.quantise(1.5, 0, 8, "x"));
        assertEquals(-2, Fixed.quantise(-1.5, 0, 8, "x"));
        assertEquals(3, Fixed.quantise(2.5, 0, 8, "x"));
        assertEquals(-3, Fixed.quantise(-2.5, 0, 8, "x"));
        assertEquals(0, Fixed.quantise(0.49999, 0, 8, "x"));
        assertEquals(0, Fixed.quantise(-0.49999, 0, 8, "x"));
        assertEquals(2, Fixed.quantise(0.375, 2, 8, "x"));   //  1.5 →  2
        assertEquals(-2, Fixed.quantise(-0.375, 2, 8, "x")); // −1.5 → −2
        assertEquals(3, Fixed.quantise(24, -3, 8, "x"));     // negative scale: 24 / 8 = 3
        assertEquals(3, Fixed.quantise(20, -3, 8, "x"));     // 2.5 → 3
        assertEquals(0, Fixed.quantise(0, 10, 8, "x"));
        assertEquals(314573, Fixed.quantise(0.3, 20, 28, "x")); // 314572.8
    }

    @Test
    void quantiseRejectsValuesThatDoNotFit() {
        assertEquals(127, Fixed.quantise(127.4, 0, 8, "w"));
        assertEquals(-128, Fixed.quantise(-128.0, 0, 8, "w"));
        var e = assertThrows(IllegalStateException.class, () -> Fixed.quantise(127.5, 0, 8, "weight 3"));
        assertEquals("weight 3 = 127.5 does not fit 8 signed bits at scale 2^0", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Fixed.quantise(-128.5, 0, 8, "w"));
        assertThrows(IllegalStateException.class, () -> Fixed.quantise(1.0, 7, 8, "w")); // 128
        assertEquals(-128, Fixed.quantise(-1.0, 7, 8, "w"));
    }

    @Test
    void shiftForPicksTheLargestShiftThatFits() {
        assertEquals(6, Fixed.shiftFor(1.0, 8, 40));     // 64 fits 127, 128 does not
        assertEquals(0, Fixed.shiftFor(127, 8, 40));
        assertEquals(-1, Fixed.shiftFor(127.5, 8, 40));  // round(127.5) = 128 > 127
        assertEquals(-3, Fixed.shiftFor(1000, 8, 40));   // 1000 / 8 = 125
        assertEquals(10, Fixed.shiftFor(1e-9, 8, 10));   // capped by maxShift
        assertEquals(40, Fixed.shiftFor(0, 8, 40));      // zero fits at any scale
        assertEquals(24, Fixed.shiftFor(2.0, 27, 60));   // 2^25 ≤ 2^26 − 1
    }

    @Test
    void shiftForIsConsistentWithQuantise() {
        Random r = new Random(2);
        for (int i = 0; i < 2000; i++) {
            double v = Math.scalb(r.nextDouble() + 0.01, r.nextInt(40) - 20);
            int width = 8 + r.nextInt(25);
            int s = Fixed.shiftFor(v, width, 60);
            Fixed.quantise(v, s, width, "v");
            Fixed.quantise(-v, s, width, "v");
            if (s < 60) {
                int next = s + 1;
                assertThrows(IllegalStateException.class, () -> Fixed.quantise(v, next, width, "v"),
                        "v = " + v + ", width " + width + ", shift " + s);
            }
        }
    }

    @Test
    void signedBitsHoldsTheMagnitude() {
        assertEquals(1, Fixed.signedBits(0));
        assertEquals(2, Fixed.signedBits(1));
        assertEquals(8, Fixed.signedBits(127));
        assertEquals(9, Fixed.signedBits(128));
        assertEquals(8, Fixed.signedBits(127.5)); // integers up to 127 in magnitude
        for (int b = 2; b < 40; b++) {
            double max = Math.scalb(1.0, b - 1) - 1;
            assertTrue(Fixed.signedBits(max) <= b);
        }
    }
}
