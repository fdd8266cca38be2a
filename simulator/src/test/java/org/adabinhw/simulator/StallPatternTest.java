package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StallPatternTest {
    @Test
    void theSameSeedGivesTheSamePatternAndRatesAreRoughlyRespected() {
        StallPattern a = StallPattern.random(7, 1, 1, 0.3, 0.5, 4000);
        assertEquals(a.toText(), StallPattern.random(7, 1, 1, 0.3, 0.5, 4000).toText());
        assertFalse(a.toText().equals(StallPattern.random(8, 1, 1, 0.3, 0.5, 4000).toText()));
        assertEquals(0.3, a.stallRates().get(0), 0.03);
        assertEquals(0.5, a.stallRates().get(1), 0.03);
    }

    @Test
    void fileFormRoundTripsAndPastTheEndNothingStalls() {
        StallPattern a = StallPattern.random(3, 2, 1, 0.5, 0.5, 50);
        StallPattern b = StallPattern.parse(a.toText(), 2, 1);
        assertEquals(a.toText(), b.toText());
        for (int c = 0; c < 60; c++) {
            assertEquals(a.validAllowed(1, c), b.validAllowed(1, c));
            assertEquals(a.ready(0, c), b.ready(0, c));
        }
        assertTrue(a.validAllowed(0, 50) && a.validAllowed(1, 1000) && a.ready(0, 51));
        assertTrue(a.toText().startsWith("// stall pattern: 50 cycles;"));
        assertEquals(3, a.toText().split("\n")[1].length());
    }

    @Test
    void columnZeroIsTheFirstCharacter() {
        StallPattern p = StallPattern.parse("// c\n01\n10\n", 1, 1);
        assertFalse(p.validAllowed(0, 0));
        assertTrue(p.ready(0, 0));
        assertTrue(p.validAllowed(0, 1));
        assertFalse(p.ready(0, 1));
    }

    @Test
    void rejectsMalformedInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StallPattern.parse("11\n1x\n", 1, 1));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StallPattern.random(1, 1, 1, 1.0, 0, 10));
        assertThrows(IndexOutOfBoundsException.class, () -> StallPattern.none(1, 1).ready(1, 0));
    }
}
