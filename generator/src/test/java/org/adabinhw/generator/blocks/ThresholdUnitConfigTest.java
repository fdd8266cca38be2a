package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class ThresholdUnitConfigTest {
    private static String rejected(int channels, int simd, int width) {
        return assertThrows(IllegalArgumentException.class, () -> new ThresholdUnitConfig(channels, simd, width)).getMessage();
    }

    @Test
    void rejectsASimdThatDoesNotDivideTheChannelsListingTheLegalOnes() {
        assertEquals("threshold_unit: SIMD = 4 does not divide channels = 65; legal SIMD values: 1, 5, 13, 65",
                rejected(65, 4, 28));
        assertTrue(rejected(16, 0, 28).contains("SIMD = 0"));
        assertTrue(rejected(16, 32, 28).contains("SIMD = 32"));
    }

    @Test
    void rejectsIllegalChannelsAndWidthsNamingThem() {
        assertTrue(rejected(0, 1, 28).contains("channels = 0 is illegal"));
        assertTrue(rejected(65537, 1, 28).contains("channels = 65537 is illegal"));
        assertTrue(rejected(16, 4, 1).contains("streamWidth = 1 is illegal; legal: 2..31"));
        assertTrue(rejected(16, 4, 32).contains("streamWidth = 32"));
        assertTrue(rejected(1024, 1024, 28).contains("28672 input bits"));
    }

    @Test
    void derivedQuantities() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(130, 65, 28);
        assertEquals(2, c.folds());
        assertEquals(29, c.thresholdWidth());
        assertEquals(-(1 << 27), c.thresholdMin());
        assertEquals(1 << 27, c.thresholdMax());
        assertEquals((1 << 27) - 1, c.valueMax());
        assertEquals(1820, c.inputWidth());
        assertEquals(1824, c.inputTdataWidth());
        assertEquals(72, c.outputTdataWidth());
        assertEquals(65 * 29, c.romWordWidth());
        assertEquals("threshold_unit_c130_s65_w28", c.moduleName());
        assertEquals(new ThresholdUnitConfig(130, 10, 28), c.withSimd(10));
    }

    @Test
    void thresholdsMayExceedTheStreamRangeByOneAboveOnly() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(3, 1, 8);
        c.checkThresholds(new int[] {-128, 127, 128});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.checkThresholds(new int[] {0, 129, 0}));
        assertEquals("threshold_unit: threshold of channel 1 = 129 is outside [-128, 128] for a 8-bit stream", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> c.checkThresholds(new int[] {-129, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.checkThresholds(new int[] {0, 0}));
    }

    @Test
    void packsBeatsAndRomWordsLaneZeroLowest() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(4, 2, 8);
        assertEquals(BigInteger.valueOf(0x80ff), c.packValues(new int[] {-1, -128}));
        assertArrayEquals(new int[] {-1, -128}, c.unpackValues(BigInteger.valueOf(0x80ff)));
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new int[] {128, 0}));
        assertEquals(BigInteger.valueOf(2), c.packBits(new long[] {0b110}));
        // Fold 1 holds channels 2 and 3 in 9-bit lanes: 128 = 0x080, -128 = 0x180.
        assertEquals(BigInteger.valueOf(0x180L << 9 | 0x080), c.romWord(new int[] {0, 0, 128, -128}, 1));
    }
}
