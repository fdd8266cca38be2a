package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class PiecewiseUnitConfigTest {
    private static String rejected(int channels, int lanes, int width, int multWidth) {
        return assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseUnitConfig(channels, lanes, width, multWidth)).getMessage();
    }

    private static PiecewiseLayer layer(int channels, int[] pos, int[] neg, int shift, int lo, int hi) {
        return new PiecewiseLayer("act1", "x", new Shape(channels, 2, 2), pos, neg, shift, lo, hi);
    }

    @Test
    void rejectsLanesThatDoNotDivideTheChannelsListingTheLegalOnes() {
        assertEquals("piecewise_unit: lanes = 4 does not divide channels = 65; legal lanes: 1, 5, 13, 65",
                rejected(65, 4, 28, 24));
        assertTrue(rejected(16, 0, 28, 24).contains("lanes = 0"));
        assertTrue(rejected(16, 32, 28, 24).contains("lanes = 32"));
    }

    @Test
    void rejectsIllegalChannelsAndWidthsNamingThem() {
        assertEquals("piecewise_unit: channels = 0 is illegal; legal: 1..65536", rejected(0, 1, 28, 24));
        assertTrue(rejected(65537, 1, 28, 24).contains("channels = 65537 is illegal"));
        assertEquals("piecewise_unit: streamWidth = 1 is illegal; legal: 2..31", rejected(16, 4, 1, 24));
        assertTrue(rejected(16, 4, 32, 24).contains("streamWidth = 32"));
        assertEquals("piecewise_unit: multWidth = 33 is illegal; legal: 2..32", rejected(16, 4, 28, 33));
        assertTrue(rejected(16, 4, 28, 1).contains("multWidth = 1"));
        assertEquals("piecewise_unit: lanes = 1024 × streamWidth = 28 = 28672 bits per beat exceeds 16384",
                rejected(1024, 1024, 28, 24));
    }

    @Test
    void derivedQuantities() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(130, 65, 28, 24);
        assertEquals(2, c.folds());
        assertEquals(1820, c.dataWidth());
        assertEquals(1824, c.tdataWidth());
        assertEquals(65 * 24, c.romWordWidth());
        assertEquals(52, c.productWidth());
        assertEquals(3, c.latency());
        assertEquals(2, c.cyclesPerPixel());
        assertEquals(10 * 2 + 3, c.runLength(10));
        assertEquals(-(1L << 27), c.valueMin());
        assertEquals((1L << 27) - 1, c.valueMax());
        assertEquals(-(1L << 23), c.slopeMin());
        assertEquals((1L << 23) - 1, c.slopeMax());
        assertEquals("piecewise_unit_c130_l65_w28_m24", c.moduleName());
        assertEquals(new PiecewiseUnitConfig(130, 10, 28, 24), c.withLanes(10));
    }

    @Test
    void theFactoryTakesTheChannelsFromTheLayerAndTheWidthsFromTheFormats() {
        PiecewiseLayer l = layer(6, new int[6], new int[6], 0, -5, 5);
        assertEquals(new PiecewiseUnitConfig(6, 3, 28, 24), PiecewiseUnitConfig.of(l, 3, QuantConfig.DEFAULT));
    }

    @Test
    void checkLayerNamesTheLayerTheConstantAndTheLegalRange() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(2, 1, 8, 8);
        c.checkLayer(layer(2, new int[] {127, -128}, new int[] {0, 5}, 47, -128, 127));
        assertEquals("piecewise_unit: layer act1 channel 1: positive slope 128 is outside [-128, 127] (8 bits)",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[] {0, 128}, new int[2], 0, 0, 0))).getMessage());
        assertEquals("piecewise_unit: layer act1 channel 0: negative slope -129 is outside [-128, 127] (8 bits)",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new int[] {-129, 0}, 0, 0, 0))).getMessage());
        assertEquals("piecewise_unit: layer act1: shift 48 is illegal; legal: 0..47",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new int[2], 48, 0, 0))).getMessage());
        assertEquals("piecewise_unit: layer act1: bounds [-129, 0] lie outside the 8-bit stream range [-128, 127]",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new int[2], 0, -129, 0))).getMessage());
        assertEquals("piecewise_unit: layer act1 has 3 channels, the unit 2",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(3, new int[3], new int[3], 0, 0, 0))).getMessage());
        assertEquals("piecewise_unit: layer act1 has 1 positive and 2 negative slopes for 2 channels",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[1], new int[2], 0, 0, 0))).getMessage());
    }

    @Test
    void packsBeatsAndRomWordsLaneZeroLowest() {
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(4, 2, 8, 12);
        assertEquals(BigInteger.valueOf(0x80ff), c.packValues(new long[] {-1, -128}));
        assertArrayEquals(new long[] {-1, -128}, c.unpackValues(BigInteger.valueOf(0x80ff)));
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new long[] {128, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new long[] {0}));
        // Fold 1 holds channels 2 and 3 in 12-bit lanes: 5 = 0x005, -2048 = 0x800.
        assertEquals(BigInteger.valueOf(0x800L << 12 | 0x005), c.romWord(new int[] {0, 0, 5, -2048}, 1));
        // {hi, lo}: hi = 127 above lo = -128.
        assertEquals(BigInteger.valueOf(0x7f80), c.boundsWord(-128, 127));
    }
}
