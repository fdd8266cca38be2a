package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class RealMvuConfigTest {
    private static RealMvuConfig stem(int c, int o, int k, int simd, int pe, int h, int w, int stride, int pad) {
        return new RealMvuConfig(c, o, k, simd, pe, h, w, stride, pad, true, 28, 24);
    }

    private static RealMvuConfig shortcut(int c, int o, int simd, int pe, int h, int w, int sw) {
        return new RealMvuConfig(c, o, 1, simd, pe, h, w, 2, 0, false, sw, 24);
    }

    @Test
    void derivedSizesFollowTheGeometry() {
        RealMvuConfig c = stem(3, 64, 7, 3, 8, 224, 224, 2, 3);
        assertEquals(112, c.outHeight());
        assertEquals(112, c.outWidth());
        assertEquals(49, c.beats());
        assertEquals(8, c.outFolds());
        assertEquals(8L * 49, c.cyclesPerPixel());
        assertEquals(6, c.latency());
        assertEquals(10 * 392L + 6, c.runLength(10));
        assertEquals(8, c.outputDepth());
        RealMvuConfig shared = c.withFolding(3, 8, 2);
        assertEquals(4, shared.groups());
        assertEquals(32, shared.outGroups());
        assertEquals(2 * 28, shared.outputWidth());
        assertEquals(10 * 392L + 5 + 4, shared.runLength(10));
        assertEquals(8, c.laneWidth());
        assertEquals(3 * 8 + 1, c.inputWidth());
        assertEquals(8 * 28, c.outputWidth());
        assertEquals(0, c.laneMin());
        assertEquals(255, c.laneMax());
        RealMvuConfig s = shortcut(64, 128, 16, 4, 8, 8, 28);
        assertEquals(4, s.outHeight());
        assertEquals(4, s.beats());
        assertEquals(32, s.outFolds());
        assertEquals(16 * 28 + 1, s.inputWidth());
        assertEquals(-(1L << 27), s.laneMin());
        assertEquals(1, s.classes());
    }

    @Test
    void theAccumulatorHoldsTheExactSum() {
        // Unsigned pixels: 24 + 8 + 1 product bits, 147 products (8 bits more): 41 < 48 bias bits, so 48 + 1.
        assertEquals(33, stem(3, 64, 7, 3, 8, 224, 224, 2, 3).productWidth());
        assertEquals(49, stem(3, 64, 7, 3, 8, 224, 224, 2, 3).accWidth());
        // Signed 28-bit stream, 512 channels: 52 + 9 = 61 bits, + 1 for the bias.
        assertEquals(52, shortcut(512, 512, 16, 4, 8, 8, 28).productWidth());
        assertEquals(62, shortcut(512, 512, 16, 4, 8, 8, 28).accWidth());
        assertEquals(63, shortcut(1024, 8, 16, 4, 8, 8, 28).accWidth());
        // One product of 28 + 24 bits is wider than a bias: 52 + 1.
        assertEquals(53, shortcut(1, 1, 1, 1, 2, 2, 28).accWidth());
    }

    @Test
    void borderClassTablesMatchConvGeometry() {
        for (RealMvuConfig c : new RealMvuConfig[] {stem(1, 2, 3, 1, 1, 5, 5, 1, 1), stem(3, 2, 7, 3, 1, 8, 8, 2, 3),
                stem(3, 2, 7, 3, 1, 7, 9, 2, 3), shortcut(4, 2, 2, 1, 7, 5, 12)}) {
            ConvGeometry g = c.geometry();
            assertEquals(g.classes(), c.classes(), c.toString());
            int[] rows = c.rowClassTable();
            int[] cols = c.colClassTable();
            for (int y = 0; y < c.outHeight(); y++) {
                for (int x = 0; x < c.outWidth(); x++) {
                    assertEquals(g.classOf(y, x), rows[y] * c.colClasses() + cols[x], c + " at " + y + "," + x);
                }
            }
        }
        assertEquals(9, stem(1, 2, 3, 1, 1, 5, 5, 1, 1).classes());
    }

    @Test
    void ofAGeometryRoundTrips() {
        RealMvuConfig c = stem(3, 8, 7, 3, 4, 8, 8, 2, 3);
        assertEquals(c, RealMvuConfig.of(c.geometry(), true, 3, 4, 28, 24));
        assertEquals(stem(3, 8, 7, 1, 8, 8, 8, 2, 3), c.withFolding(1, 8));
        RealMvuConfig s = shortcut(6, 9, 2, 3, 7, 5, 12);
        assertEquals(s, RealMvuConfig.of(s.geometry(), false, 2, 3, 12, 24));
        assertFalse(RealMvuConfig.of(s.geometry(), false, 2, 3, 12, 24).pixelInput());
    }

    @Test
    void aNonSquareKernelIsRejectedNamingTheGeometry() {
        ConvGeometry g = new ConvGeometry(new Shape(3, 8, 8), new Shape(4, 8, 6), 1, 3, 1, 0);
        assertMessage("the kernel 1x3 of the convolution 3x8x8 -> 4x8x6, kernel 1x3, stride 1, padding 0 is not square",
                () -> RealMvuConfig.of(g, true, 1, 1, 28, 24));
        ConvGeometry bad = new ConvGeometry(new Shape(3, 8, 8), new Shape(4, 8, 8), 3, 3, 1, 1);
        assertMessage("SIMD = 2 does not divide channels = 3 (the convolution 3x8x8 -> 4x8x8",
                () -> RealMvuConfig.of(bad, true, 2, 1, 28, 24));
        ConvGeometry wrong = new ConvGeometry(new Shape(3, 8, 8), new Shape(4, 5, 5), 3, 3, 1, 1);
        assertMessage("has an output of 5x5, the window arithmetic gives 8x8",
                () -> RealMvuConfig.of(wrong, true, 1, 1, 28, 24));
    }

    @Test
    void illegalValuesAreRejectedNamingThem() {
        assertMessage("SIMD = 2 does not divide channels = 3", () -> stem(3, 8, 3, 2, 2, 5, 5, 1, 1));
        assertMessage("PE = 3 does not divide outChannels = 8", () -> stem(3, 8, 3, 3, 3, 5, 5, 1, 1));
        assertMessage("padding = 3 is illegal for kernel 3", () -> stem(3, 8, 3, 3, 2, 5, 5, 1, 3));
        assertMessage("stride = 0", () -> stem(3, 8, 3, 3, 2, 5, 5, 0, 1));
        assertMessage("kernel = 16", () -> stem(3, 8, 16, 3, 2, 5, 5, 1, 1));
        assertMessage("input 1x1 with padding 0 is smaller than the kernel 3", () -> stem(3, 8, 3, 3, 2, 1, 1, 1, 0));
        assertMessage("streamWidth = 32", () -> shortcut(4, 4, 2, 2, 4, 4, 32));
        assertMessage("streamWidth = 1", () -> shortcut(4, 4, 2, 2, 4, 4, 1));
        assertMessage("weightWidth = 33", () -> new RealMvuConfig(4, 4, 1, 2, 2, 4, 4, 2, 0, false, 28, 33));
        assertMessage("weightWidth = 1", () -> new RealMvuConfig(4, 4, 1, 2, 2, 4, 4, 2, 0, false, 28, 1));
        assertMessage("a fan-in of 2048 taps·channels with 28-bit signed inputs and 24-bit weights needs 64 accumulator bits",
                () -> shortcut(2048, 4, 2, 2, 4, 4, 28));
        assertMessage("weight bits per beat exceeds", () -> shortcut(4096, 64, 4096, 64, 4, 4, 8));
    }

    @Test
    void packsWindowBeatsAndValues() {
        RealMvuConfig px = stem(3, 8, 3, 3, 2, 5, 5, 1, 1);
        assertEquals(BigInteger.valueOf(0x1_ff_01_80L), px.packWindowBeat(new long[] {0x80, 1, 255}, true));
        assertEquals(BigInteger.ZERO, px.packWindowBeat(new long[3], false));
        assertArrayEquals(new long[] {0x80, 1, 255}, px.windowLanes(BigInteger.valueOf(0x1_ff_01_80L)));
        assertTrue(px.windowTapValid(BigInteger.valueOf(0x1_ff_01_80L)));
        assertMessage("lane 2 = 256 is outside [0, 255]", () -> px.packWindowBeat(new long[] {0, 0, 256}, true));
        assertMessage("lane 0 = -1 is outside [0, 255]", () -> px.packWindowBeat(new long[] {-1, 0, 0}, true));
        assertMessage("a padded tap carries 7 in lane 1", () -> px.packWindowBeat(new long[] {0, 7, 0}, false));
        RealMvuConfig s = shortcut(4, 4, 2, 2, 4, 4, 10);
        BigInteger beat = s.packWindowBeat(new long[] {-1, -512}, true);
        assertEquals(BigInteger.valueOf((1L << 20) | (0x200L << 10) | 0x3ff), beat);
        assertArrayEquals(new long[] {-1, -512}, s.windowLanes(beat));
        assertMessage("lane 1 = 512 is outside [-512, 511]", () -> s.packWindowBeat(new long[] {0, 512}, true));
        assertEquals(BigInteger.valueOf(0x80_1ff), s.packValues(new long[] {511, -512}));
        assertArrayEquals(new long[] {511, -512}, s.values(s.packValues(new long[] {511, -512})));
        assertMessage("value 0 = 512 is outside [-512, 511]", () -> s.packValues(new long[] {512, 0}));
        assertMessage("an output beat holds 2 values, got 1", () -> s.packValues(new long[] {1}));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith("real_mvu: ") && e.getMessage().contains(part), e.getMessage());
    }
}
