package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.junit.jupiter.api.Test;

class SlidingWindowConfigTest {
    private static String rejected(int c, int simd, int e, int k, int s, int p, int h, int w) {
        return assertThrows(IllegalArgumentException.class, () -> new SlidingWindowConfig(c, simd, e, k, s, p, h, w))
                .getMessage();
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("sliding_window: SIMD = 4 does not divide channels = 65", rejected(65, 4, 1, 3, 1, 1, 8, 8));
        assertTrue(rejected(0, 1, 1, 3, 1, 1, 8, 8).contains("channels = 0 is illegal"));
        assertTrue(rejected(16, 4, 0, 3, 1, 1, 8, 8).contains("elementWidth = 0 is illegal; legal: 1..31"));
        assertTrue(rejected(16, 4, 1, 0, 1, 0, 8, 8).contains("kernel = 0 is illegal"));
        assertEquals("sliding_window: stride = 3 is illegal; legal: 1, 2", rejected(16, 4, 1, 3, 3, 1, 8, 8));
        assertEquals("sliding_window: padding = 3 is illegal for kernel = 3; legal: 0..2", rejected(16, 4, 1, 3, 1, 3, 8, 8));
        assertTrue(rejected(16, 4, 1, 3, 1, -1, 8, 8).contains("padding = -1"));
        assertEquals("sliding_window: H = 2 is illegal for kernel = 3, padding = 0; legal: 3..4096",
                rejected(16, 4, 1, 3, 1, 0, 2, 8));
        assertTrue(rejected(16, 4, 1, 3, 1, 0, 8, 0).contains("W = 0 is illegal"));
        assertTrue(rejected(1024, 1024, 28, 3, 1, 1, 8, 8).contains("28672 bits per beat"));
        assertTrue(rejected(65536, 1, 1, 11, 2, 0, 4096, 4096).contains("exceeds 1073741824 words"));
        assertTrue(rejected(8192, 512, 31, 11, 2, 0, 4096, 4096).contains("exceeds 4294967296 bits"), "buffer bits");
    }

    @Test
    void derivedQuantities() {
        SlidingWindowConfig c = new SlidingWindowConfig(16, 4, 1, 3, 2, 1, 5, 6);
        assertEquals(4, c.folds());
        assertEquals(3, c.outHeight());
        assertEquals(3, c.outWidth());
        assertEquals(36, c.beatsPerWindow());
        assertEquals(120, c.inputBeatsPerImage());
        assertEquals(324, c.outputBeatsPerImage());
        assertEquals(5, c.bufferRows());
        assertEquals(120, c.bufferWords());
        assertEquals(480, c.bufferBits());
        assertEquals(4, c.beatWidth());
        assertEquals(8, c.inputTdataWidth());
        assertEquals(8, c.outputTdataWidth());
        assertEquals(456, new SlidingWindowConfig(16, 16, 28, 3, 1, 1, 8, 8).outputTdataWidth());
        SlidingWindowConfig pointwise = new SlidingWindowConfig(1, 1, 1, 1, 2, 0, 4, 6);
        assertEquals(2, pointwise.outHeight());
        assertEquals(3, pointwise.outWidth());
        assertEquals("sliding_window_c16_s4_e1_k3_st2_p1_5x6", c.moduleName());
    }

    @Test
    void aWindowBeatCarriesTapValidAboveTheLanes() {
        SlidingWindowConfig c = new SlidingWindowConfig(3, 3, 8, 3, 1, 1, 4, 4);
        assertEquals(BigInteger.valueOf(0x1_03_02_01L), c.windowBeat(true, BigInteger.valueOf(0x03_02_01L)));
        assertEquals(BigInteger.ONE.shiftLeft(24), c.windowBeat(true, BigInteger.ZERO));
        assertEquals(BigInteger.ZERO, c.windowBeat(false, BigInteger.valueOf(0x03_02_01L)));
        assertThrows(IllegalArgumentException.class, () -> c.windowBeat(true, BigInteger.ONE.shiftLeft(24)));
    }
}
