package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AffineUnitConfigTest {
    private static final QuantConfig Q8 = QuantConfig.DEFAULT.withStream(8, 4);

    private static String rejected(int channels, int lanes, int width, int multWidth) {
        return assertThrows(IllegalArgumentException.class,
                () -> new AffineUnitConfig(channels, lanes, width, multWidth)).getMessage();
    }

    private static AffineLayer layer(int channels, int[] mul, long[] add, int shift, QuantConfig q) {
        return new AffineLayer("bn3", "x", new Shape(channels, 2, 2), mul, add, shift, q);
    }

    @Test
    void rejectsIllegalFoldingsAndWidthsNamingThem() {
        assertEquals("affine_unit: lanes = 4 does not divide channels = 65; legal lanes: 1, 5, 13, 65",
                rejected(65, 4, 28, 24));
        assertEquals("affine_unit: channels = 0 is illegal; legal: 1..65536", rejected(0, 1, 28, 24));
        assertEquals("affine_unit: streamWidth = 32 is illegal; legal: 2..31", rejected(16, 4, 32, 24));
        assertEquals("affine_unit: multWidth = 1 is illegal; legal: 2..32", rejected(16, 4, 28, 1));
        assertTrue(rejected(1024, 1024, 28, 24).contains("28672 bits per beat exceeds 16384"));
    }

    @Test
    void derivedQuantities() {
        AffineUnitConfig c = new AffineUnitConfig(65, 13, 28, 24);
        assertEquals(5, c.folds());
        assertEquals(364, c.dataWidth());
        assertEquals(368, c.tdataWidth());
        assertEquals(13 * 24, c.mulWordWidth());
        assertEquals(13 * 48, c.addWordWidth());
        assertEquals(53, c.accWidth());
        assertEquals(49, new AffineUnitConfig(1, 1, 8, 8).accWidth());
        assertEquals(3, c.latency());
        assertEquals(7 * 5 + 3, c.runLength(7));
        assertEquals("affine_unit_c65_l13_w28_m24", c.moduleName());
        assertEquals(new AffineUnitConfig(65, 5, 28, 24), c.withLanes(5));
    }

    @Test
    void theFactoryTakesTheWidthsFromTheLayersFormats() {
        AffineLayer l = layer(6, new int[6], new long[6], 0, QuantConfig.DEFAULT);
        assertEquals(new AffineUnitConfig(6, 2, 28, 24), AffineUnitConfig.of(l, 2));
    }

    @Test
    void checkLayerNamesTheLayerTheConstantAndTheLegalRange() {
        AffineUnitConfig c = new AffineUnitConfig(2, 2, 8, 8);
        long amax = (1L << 47) - 1;
        c.checkLayer(layer(2, new int[] {127, -128}, new long[] {amax, -amax - 1}, 47, Q8));
        assertEquals("affine_unit: layer bn3 channel 1: multiplier -129 is outside [-128, 127] (8 bits)",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[] {0, -129}, new long[2], 0, Q8))).getMessage());
        assertEquals("affine_unit: layer bn3 channel 0: addend 140737488355328 is outside [-140737488355328, "
                        + "140737488355327] (48 bits)",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new long[] {amax + 1, 0}, 0, Q8))).getMessage());
        assertEquals("affine_unit: layer bn3: shift -1 is illegal; legal: 0..47",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new long[2], -1, Q8))).getMessage());
        assertEquals("affine_unit: layer bn3 saturates to a 28-bit stream, the unit to 8 bits",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new long[2], 0, QuantConfig.DEFAULT))).getMessage());
        assertEquals("affine_unit: layer bn3 has 4 channels, the unit 2",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(4, new int[4], new long[4], 0, Q8))).getMessage());
        assertEquals("affine_unit: layer bn3 has 2 multipliers and 3 addends for 2 channels",
                assertThrows(IllegalArgumentException.class,
                        () -> c.checkLayer(layer(2, new int[2], new long[3], 0, Q8))).getMessage());
    }

    @Test
    void packsBeatsAndRomWordsLaneZeroLowest() {
        AffineUnitConfig c = new AffineUnitConfig(4, 2, 8, 12);
        assertEquals(BigInteger.valueOf(0x7f01), c.packValues(new long[] {1, 127}));
        assertArrayEquals(new long[] {1, 127}, c.unpackValues(BigInteger.valueOf(0x7f01)));
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new long[] {0, -129}));
        assertEquals(BigInteger.valueOf(0xfffL << 12 | 0x7ff), c.mulWord(new int[] {0, 0, 2047, -1}, 1));
        // Addends in 48-bit lanes: -1 is 48 ones.
        assertEquals(BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE).shiftLeft(48).add(BigInteger.TWO),
                c.addWord(new long[] {2, -1, 0, 0}, 0));
    }
}
