package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;

import org.adabinhw.golden.integer.ConvGeometry;
import org.junit.jupiter.api.Test;

class BinaryMvuConfigTest {
    private static BinaryMvuConfig conv(int c, int o, int k, int simd, int pe, int h, int w, int stride, int pad) {
        return new BinaryMvuConfig(c, o, k, simd, pe, h, w, stride, pad, 8, 27);
    }

    @Test
    void derivedSizesFollowTheGeometry() {
        BinaryMvuConfig c = conv(16, 8, 3, 4, 2, 5, 5, 1, 1);
        assertEquals(5, c.outHeight());
        assertEquals(5, c.outWidth());
        assertEquals(9 * 4, c.beats());
        assertEquals(4, c.outFolds());
        assertEquals(4L * 36, c.cyclesPerPixel());
        assertEquals(25 * 144L + 5, c.runLength(25));
        assertEquals(5, c.inputWidth());
        assertEquals(16, c.outputWidth());
        assertEquals(8, c.outputDepth());
    }

    @Test
    void sharedAffineStagesDrainAFoldInGroups() {
        BinaryMvuConfig c = new BinaryMvuConfig(16, 32, 3, 4, 8, 5, 5, 1, 1, 8, 27, 2);
        assertEquals(4, c.groups());
        assertEquals(16, c.outGroups());
        assertEquals(16, c.outputWidth());
        assertEquals(11, c.outputDepth());
        assertEquals(25 * 4 * 36L + 4 + 4, c.runLength(25));
        assertEquals(2 * 2, c.multipliers().get(0).count());
        assertTrue(c.moduleName().endsWith("_l2"), c.moduleName());
        assertEquals(c, BinaryMvuConfig.of(c.geometry(), 4, 8, 2, 8, 27));
    }

    @Test
    void borderClassTablesMatchConvGeometry() {
        for (BinaryMvuConfig c : new BinaryMvuConfig[] {conv(4, 2, 3, 2, 1, 5, 5, 1, 1), conv(4, 2, 3, 2, 1, 4, 6, 2, 1),
                conv(4, 2, 1, 2, 1, 4, 6, 1, 0), conv(4, 2, 3, 2, 1, 5, 5, 2, 0)}) {
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
        assertEquals(9, conv(4, 2, 3, 2, 1, 5, 5, 1, 1).classes());
        assertEquals(4, conv(4, 2, 3, 2, 1, 4, 6, 2, 1).classes());
    }

    @Test
    void ofAGeometryRoundTrips() {
        BinaryMvuConfig c = conv(65, 10, 3, 5, 5, 5, 5, 2, 1);
        assertEquals(c, BinaryMvuConfig.of(c.geometry(), 5, 5, 8, 27));
        assertEquals(conv(65, 10, 3, 13, 2, 5, 5, 2, 1), c.withFolding(13, 2));
    }

    @Test
    void illegalValuesAreRejectedNamingThem() {
        assertMessage("SIMD = 4 does not divide channels = 65", () -> conv(65, 8, 3, 4, 2, 5, 5, 1, 1));
        assertMessage("PE = 3 does not divide outChannels = 8", () -> conv(16, 8, 3, 4, 3, 5, 5, 1, 1));
        assertMessage("padding = 3 is illegal for kernel 3", () -> conv(16, 8, 3, 4, 2, 5, 5, 1, 3));
        assertMessage("stride = 0", () -> conv(16, 8, 3, 4, 2, 5, 5, 0, 1));
        assertMessage("input 1x1 with padding 0 is smaller than the kernel 3", () -> conv(16, 8, 3, 4, 2, 1, 1, 1, 0));
        assertMessage("streamWidth = 32", () -> new BinaryMvuConfig(16, 8, 3, 4, 2, 5, 5, 1, 1, 32, 27));
        assertMessage("constWidth = 33", () -> new BinaryMvuConfig(16, 8, 3, 4, 2, 5, 5, 1, 1, 8, 33));
        assertMessage("accumulator bits", () -> new BinaryMvuConfig(65536, 8, 15, 4, 2, 15, 15, 1, 1, 8, 32));
        assertMessage("lanes = 3 does not divide PE = 8", () -> new BinaryMvuConfig(16, 8, 3, 4, 8, 5, 5, 1, 1, 8, 27, 3));
        assertMessage("PE/lanes = 16 groups exceed the 9 beats", () -> new BinaryMvuConfig(4, 16, 3, 4, 16, 5, 5, 1, 1, 8, 27, 1));
    }

    @Test
    void packsWindowBeatsAndValues() {
        BinaryMvuConfig c = conv(16, 8, 3, 4, 2, 5, 5, 1, 1);
        assertEquals(BigInteger.valueOf(0b10101), c.packWindowBeat(new long[] {0b0101}, true));
        assertEquals(BigInteger.ZERO, c.packWindowBeat(new long[] {0}, false));
        assertThrows(IllegalArgumentException.class, () -> c.packWindowBeat(new long[] {1}, false));
        assertEquals(BigInteger.valueOf(0x80ff), c.packValues(new long[] {-1, -128}));
        assertArrayEquals(new int[] {0, 1, 1, 1, 2}, c.colClassTable());
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().startsWith("binary_mvu: ") && e.getMessage().contains(part), e.getMessage());
    }
}
