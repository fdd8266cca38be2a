package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class HeadUnitConfigTest {
    private static HeadLayer layer(Shape in, boolean pool, int classes, int[] w, long[] b, int shift, QuantConfig q) {
        return new HeadLayer("fc", "x", in, pool, classes, w, b, shift, q);
    }

    private static HeadLayer layer(int c, int h, int w, int classes) {
        return layer(new Shape(c, h, w), true, classes, new int[classes * c], new long[classes], 3, QuantConfig.DEFAULT);
    }

    @Test
    void derivedQuantitiesFollowTheShape() {
        HeadUnitConfig c = new HeadUnitConfig(64, 8, 8, 8, 10, 2, 28, 24);
        assertEquals(8, c.folds());
        assertEquals(64, c.pixels());
        assertEquals(5, c.groups());
        assertEquals(512, c.inputCyclesPerImage());
        assertEquals(320, c.macCyclesPerImage());
        assertEquals(512, c.cyclesPerImage());
        assertEquals(70, c.latency());
        assertEquals(512 + 320 + 2 + 5, c.runLength(1));
        assertEquals(512 + 2 * 512 + 320 + 2 + 5, c.runLength(3));
        assertEquals(34, c.sumWidth());
        assertEquals(58, c.productWidth());
        assertEquals(65, c.accWidth());
        assertEquals(224, c.inputWidth());
        assertEquals(32, c.outputWidth());
        assertEquals(48, c.weightWordWidth());
        assertEquals(96, c.biasWordWidth());
        assertEquals("head_unit_c64_l8_h8_w8_j10_p2_sw28_ww24", c.moduleName());
        assertEquals(new HeadUnitConfig(64, 64, 8, 8, 10, 10, 28, 24), c.withFolding(64, 10));
    }

    @Test
    void aLongMacPhaseSetsTheRate() {
        HeadUnitConfig c = new HeadUnitConfig(64, 64, 1, 1, 10, 1, 28, 24);
        assertEquals(1, c.inputCyclesPerImage());
        assertEquals(640, c.cyclesPerImage());
        assertEquals(1 + 3 * 640 + 640 + 1 + 5, c.runLength(4));
        // Small maps and few channels: the accumulator is as wide as the biases, plus one bit.
        assertEquals(28, c.sumWidth());
        assertEquals(49, new HeadUnitConfig(1, 1, 1, 1, 1, 1, 8, 8).accWidth());
        assertThrows(IllegalArgumentException.class, () -> c.runLength(0));
    }

    @Test
    void theFactoryTakesTheLayersShapeAndFormats() {
        HeadLayer l = layer(512, 4, 4, 10);
        HeadUnitConfig c = HeadUnitConfig.of(l, 16, 2);
        assertEquals(new HeadUnitConfig(512, 16, 4, 4, 10, 2, 28, 24), c);
        c.checkLayer(l);
        assertEquals(c.withFolding(16, 1), HeadUnitConfig.of(l, 16));
    }

    @Test
    void theFactoryRejectsAnUnpooledClassifier() {
        HeadLayer l = layer(new Shape(4, 2, 2), false, 3, new int[3 * 16], new long[3], 0, QuantConfig.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeadUnitConfig.of(l, 1, 1));
        assertEquals("head_unit: layer fc has pool = false (a Linear on the flattened 4x2x2 map); only pooled classifiers"
                + " (global average pool, then Linear) are supported in hardware", e.getMessage());
        HeadUnitConfig c = new HeadUnitConfig(4, 1, 2, 2, 3, 1, 28, 24);
        assertThrows(IllegalArgumentException.class, () -> c.checkLayer(l));
    }

    @Test
    void illegalValuesAreRejectedNamingThem() {
        assertMessage("lanes = 4 does not divide channels = 10", () -> new HeadUnitConfig(10, 4, 1, 1, 10, 1, 28, 24));
        assertMessage("headPe = 3 does not divide classes = 10", () -> new HeadUnitConfig(10, 1, 1, 1, 10, 3, 28, 24));
        assertMessage("headPe = 10 exceeds channels = 5", () -> new HeadUnitConfig(5, 1, 1, 1, 10, 10, 28, 24));
        assertMessage("channels = 0", () -> new HeadUnitConfig(0, 1, 1, 1, 10, 1, 28, 24));
        assertMessage("feature map 0x4", () -> new HeadUnitConfig(8, 1, 0, 4, 10, 1, 28, 24));
        assertMessage("classes = 0", () -> new HeadUnitConfig(8, 1, 1, 1, 0, 1, 28, 24));
        assertMessage("streamWidth = 32", () -> new HeadUnitConfig(8, 1, 1, 1, 10, 1, 32, 24));
        assertMessage("weightWidth = 33", () -> new HeadUnitConfig(8, 1, 1, 1, 10, 1, 28, 33));
        assertMessage("16436 input bits", () -> new HeadUnitConfig(587, 587, 1, 1, 10, 1, 28, 24));
    }

    @Test
    void checkLayerNamesTheOffendingConstant() {
        HeadUnitConfig c = new HeadUnitConfig(4, 2, 2, 2, 2, 1, 28, 12);
        int[] w = new int[8];
        w[5] = 2048;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.checkLayer(layer(new Shape(4, 2, 2), true, 2, w, new long[2], 0, QuantConfig.DEFAULT)));
        assertEquals("head_unit: layer fc weight [1][1] = 2048 is outside [-2048, 2047] (12 bits)", e.getMessage());
        long[] b = {0, 1L << 47};
        e = assertThrows(IllegalArgumentException.class,
                () -> c.checkLayer(layer(new Shape(4, 2, 2), true, 2, new int[8], b, 0, QuantConfig.DEFAULT)));
        assertTrue(e.getMessage().contains("bias [1] = 140737488355328 is outside"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> c.checkLayer(layer(new Shape(4, 2, 2), true, 2, new int[8], new long[2], 48, QuantConfig.DEFAULT)));
        assertTrue(e.getMessage().contains("shift = 48 is illegal; legal: 0..47"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> c.checkLayer(layer(4, 2, 3, 2)));
        assertTrue(e.getMessage().contains("has input 4x2x3"), e.getMessage());
        QuantConfig q16 = new QuantConfig(28, 20, 27, 24, 16);
        e = assertThrows(IllegalArgumentException.class,
                () -> c.checkLayer(layer(new Shape(4, 2, 2), true, 2, new int[8], new long[2], 0, q16)));
        assertTrue(e.getMessage().contains("16-bit logits"), e.getMessage());
        QuantConfig q12 = QuantConfig.DEFAULT.withStream(12, 8);
        e = assertThrows(IllegalArgumentException.class,
                () -> c.checkLayer(layer(new Shape(4, 2, 2), true, 2, new int[8], new long[2], 0, q12)));
        assertTrue(e.getMessage().contains("12-bit stream"), e.getMessage());
    }

    @Test
    void packsValuesAndLogits() {
        HeadUnitConfig c = new HeadUnitConfig(4, 2, 1, 1, 2, 1, 8, 24);
        assertEquals(BigInteger.valueOf(0x80ff), c.packValues(new int[] {-1, -128}));
        assertEquals(-128, c.unpackValues(BigInteger.valueOf(0x80ff))[1]);
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new int[] {128, 0}));
        assertEquals(BigInteger.valueOf(0x80000000L), c.packLogit(Integer.MIN_VALUE));
        assertEquals(BigInteger.valueOf(0xffffffffL), c.packLogit(-1));
        assertEquals(-1, c.unpackLogit(c.packLogit(-1)));
        assertThrows(IllegalArgumentException.class, () -> c.packLogit(1L << 31));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith("head_unit: ") && e.getMessage().contains(part), e.getMessage());
    }
}
