package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AvgPoolConfigTest {
    private static String rejected(int c, int simd, int w, int k, int s, int p, int h, int wd) {
        return assertThrows(IllegalArgumentException.class, () -> new AvgPoolConfig(c, simd, w, k, s, p, h, wd))
                .getMessage();
    }

    /** A golden layer as the integer compiler builds it, output shape by PyTorch's rule. */
    static AvgPoolLayer layer(String name, Shape in, int k, int s, int p, boolean ceil, boolean includePad, int w) {
        Shape out = new Op.AvgPool2d(k, s, p, ceil, includePad).outputShape(List.of(in));
        return new AvgPoolLayer(name, "x", in, out, k, s, p, includePad, QuantConfig.DEFAULT.withStream(w, w - 8));
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("avg_pool: SIMD = 4 does not divide channels = 6", rejected(6, 4, 8, 3, 2, 1, 8, 8));
        assertEquals("avg_pool: streamWidth = 1 is illegal; legal: 2..31", rejected(4, 4, 1, 3, 2, 1, 8, 8));
        assertTrue(rejected(4, 4, 8, 3, 0, 1, 8, 8).startsWith("avg_pool: stride = 0 is illegal; legal: 1, 2"));
        assertEquals("avg_pool: padding = 2 is illegal for kernel = 3; legal: 0..1", rejected(4, 4, 8, 3, 1, 2, 8, 8));
        assertTrue(rejected(4, 4, 8, 2, 2, -1, 8, 8).contains("padding = -1"));
        assertEquals("avg_pool: W = 1 is illegal for kernel = 2, padding = 0; legal: 2..4096",
                rejected(4, 4, 8, 2, 2, 0, 8, 1));
    }

    @Test
    void derivedQuantitiesAndClassTables() {
        AvgPoolConfig c = new AvgPoolConfig(6, 3, 28, 3, 1, 1, 5, 6);
        assertEquals(5, c.outHeight());
        assertEquals(6, c.outWidth());
        assertEquals(18, c.beatsPerPixel());
        assertEquals(4, c.latency());
        assertEquals(30 * 18 + 4, c.runLength(30));
        assertEquals(85, c.inputWidth());
        assertEquals(84, c.outputWidth());
        assertEquals("avg_pool_c6_s3_w28_k3_st1_p1_5x6", c.moduleName());
        assertArrayEquals(new int[] {0, 1, 1, 1, 2}, c.rowClassTable());
        assertArrayEquals(new int[] {0, 1, 1, 1, 1, 2}, c.colClassTable());
        assertEquals(9, c.classes());
        assertEquals(4, c.classWidth());
        for (AvgPoolConfig a : List.of(c, new AvgPoolConfig(1, 1, 8, 2, 2, 0, 5, 5), new AvgPoolConfig(1, 1, 8, 3, 2, 1, 7, 6),
                new AvgPoolConfig(1, 1, 8, 1, 1, 0, 3, 3))) {
            ConvGeometry g = a.geometry();
            assertEquals(g.classes(), a.classes(), a.toString());
            for (int y = 0; y < a.outHeight(); y++) {
                for (int x = 0; x < a.outWidth(); x++) {
                    assertEquals(g.classOf(y, x), a.rowClassTable()[y] * a.colClasses() + a.colClassTable()[x], a + " " + y + "," + x);
                }
            }
        }
        assertEquals(1, new AvgPoolConfig(1, 1, 8, 2, 2, 0, 6, 6).classes());
        assertEquals(1, new AvgPoolConfig(1, 1, 8, 2, 2, 0, 6, 6).classWidth());
        assertEquals(17, AvgPoolConfig.RECIPROCAL_WIDTH);
    }

    @Test
    void ofTheImageNetShortcutAndTheCifarPools() {
        // AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) of the ImageNet shortcut, on an even map.
        AvgPoolLayer shortcut = layer("layer2.0.downsample.0", new Shape(64, 56, 56), 2, 2, 0, true, false, 28);
        AvgPoolConfig c = AvgPoolConfig.of(shortcut, 4);
        assertEquals(new AvgPoolConfig(64, 4, 28, 2, 2, 0, 56, 56), c);
        assertArrayEquals(new long[] {16384}, AvgPoolRtl.reciprocals(c, shortcut));
        // 3x3, stride 1, padding 1: count_include_pad divides by 9 everywhere, else by 4, 6 or 9.
        AvgPoolConfig k3 = new AvgPoolConfig(8, 8, 28, 3, 1, 1, 6, 6);
        AvgPoolLayer include = layer("p", new Shape(8, 6, 6), 3, 1, 1, false, true, 28);
        AvgPoolLayer exclude = layer("p", new Shape(8, 6, 6), 3, 1, 1, false, false, 28);
        assertEquals(k3, AvgPoolConfig.of(include, 8));
        long r9 = AvgPoolLayer.reciprocal(9);
        long r6 = AvgPoolLayer.reciprocal(6);
        long r4 = AvgPoolLayer.reciprocal(4);
        assertArrayEquals(new long[] {r9, r9, r9, r9, r9, r9, r9, r9, r9}, AvgPoolRtl.reciprocals(k3, include));
        assertArrayEquals(new long[] {r4, r6, r4, r6, r9, r6, r4, r6, r4}, AvgPoolRtl.reciprocals(k3, exclude));
        assertEquals(7282, r9);
        assertEquals(10923, r6);
    }

    @Test
    void ofRejectsWhatTheSlidingWindowCannotProduceNamingTheLayer() {
        // The ImageNet shortcut on an odd map: ceil_mode adds a window hanging past the right and bottom edges.
        AvgPoolLayer odd = layer("layer3.0.downsample.0", new Shape(64, 7, 7), 2, 2, 0, true, false, 28);
        String m = assertThrows(IllegalArgumentException.class, () -> AvgPoolConfig.of(odd, 4)).getMessage();
        assertEquals("avg_pool: layer layer3.0.downsample.0: output 4x4 of input 7x7 (kernel 2, stride 2, padding 0) is"
                + " not the sliding window's 3x3: its last window hangs past the padding (PyTorch ceil_mode), which the"
                + " sliding window cannot produce", m);
        AvgPoolLayer s3 = layer("pool", new Shape(4, 9, 9), 3, 3, 0, false, true, 28);
        assertEquals("avg_pool: layer pool: stride 3 is not one the sliding window produces (1 or 2)",
                assertThrows(IllegalArgumentException.class, () -> AvgPoolConfig.of(s3, 4)).getMessage());
        AvgPoolLayer ok = layer("pool", new Shape(6, 8, 8), 2, 2, 0, false, true, 28);
        assertEquals("avg_pool: layer pool: SIMD = 4 does not divide channels = 6",
                assertThrows(IllegalArgumentException.class, () -> AvgPoolConfig.of(ok, 4)).getMessage());
        AvgPoolConfig other = new AvgPoolConfig(6, 2, 28, 2, 2, 0, 8, 6);
        String geo = assertThrows(IllegalArgumentException.class, () -> AvgPoolRtl.reciprocals(other, ok)).getMessage();
        assertTrue(geo.startsWith("avg_pool: layer pool has the geometry of "), geo);
    }

    @Test
    void packsWindowBeatsAndValues() {
        AvgPoolConfig c = new AvgPoolConfig(2, 2, 8, 2, 2, 0, 4, 4);
        assertEquals(BigInteger.valueOf(0x1_01_ffL), c.windowBeat(true, new long[] {-1, 1}));
        assertEquals(BigInteger.ZERO, c.windowBeat(false, new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.windowBeat(false, new long[] {0, -1}));
        assertEquals(BigInteger.valueOf(0x7f80), c.packValues(new long[] {-128, 127}));
    }
}
