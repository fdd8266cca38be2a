package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.adabinhw.golden.integer.MaxPoolLayer;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class MaxPoolConfigTest {
    private static String rejected(int c, int simd, int w, int k, int s, int p, int h, int wd) {
        return assertThrows(IllegalArgumentException.class, () -> new MaxPoolConfig(c, simd, w, k, s, p, h, wd))
                .getMessage();
    }

    /** A golden layer as the integer compiler builds it, output shape by PyTorch's rule. */
    static MaxPoolLayer layer(String name, Shape in, int k, int s, int p, boolean ceil) {
        Shape out = new Op.MaxPool2d(k, s, p, ceil).outputShape(List.of(in));
        return new MaxPoolLayer(name, "x", in, out, k, s, p);
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("max_pool: SIMD = 4 does not divide channels = 6", rejected(6, 4, 8, 3, 2, 1, 8, 8));
        assertTrue(rejected(0, 1, 8, 3, 2, 1, 8, 8).contains("channels = 0 is illegal"));
        assertEquals("max_pool: streamWidth = 32 is illegal; legal: 2..31", rejected(4, 4, 32, 3, 2, 1, 8, 8));
        assertTrue(rejected(4, 4, 8, 12, 2, 1, 16, 16).contains("kernel = 12 is illegal; legal: 1..11"));
        assertTrue(rejected(4, 4, 8, 3, 3, 1, 8, 8).startsWith("max_pool: stride = 3 is illegal; legal: 1, 2"));
        assertEquals("max_pool: padding = 2 is illegal for kernel = 3; legal: 0..1", rejected(4, 4, 8, 3, 2, 2, 8, 8));
        assertEquals("max_pool: H = 2 is illegal for kernel = 3, padding = 0; legal: 3..4096",
                rejected(4, 4, 8, 3, 1, 0, 2, 8));
        assertTrue(rejected(4, 4, 8, 3, 1, 0, 8, 5000).contains("W = 5000 is illegal"));
        assertTrue(rejected(1024, 1024, 28, 3, 1, 1, 8, 8).contains("28672 bits per beat exceeds 16384"));
    }

    @Test
    void derivedQuantities() {
        MaxPoolConfig c = new MaxPoolConfig(6, 2, 28, 3, 2, 1, 7, 8);
        assertEquals(4, c.outHeight());
        assertEquals(4, c.outWidth());
        assertEquals(16, c.outPixels());
        assertEquals(9, c.taps());
        assertEquals(3, c.folds());
        assertEquals(27, c.beatsPerPixel());
        assertEquals(27, c.cyclesPerPixel());
        assertEquals(2, c.latency());
        assertEquals(2 * 16 * 27 + 2, c.runLength(32));
        assertEquals(56, c.lanesWidth());
        assertEquals(57, c.inputWidth());
        assertEquals(56, c.outputWidth());
        assertEquals(-(1L << 27), c.valueMin());
        assertEquals((1L << 27) - 1, c.valueMax());
        assertEquals("max_pool_c6_s2_w28_k3_st2_p1_7x8", c.moduleName());
        assertEquals(new SlidingWindowConfig(6, 2, 28, 3, 2, 1, 7, 8), c.slidingWindow());
        assertEquals(new MaxPoolConfig(6, 6, 28, 3, 2, 1, 7, 8), c.withSimd(6));
        // A 3x3 window with padding 1 on a 1x1 image: one output pixel, one tap inside.
        assertEquals(1, new MaxPoolConfig(1, 1, 8, 3, 1, 1, 1, 1).outPixels());
    }

    @Test
    void ofTheImageNetStemPool() {
        MaxPoolLayer l = layer("maxpool", new Shape(64, 112, 112), 3, 2, 1, false);
        MaxPoolConfig c = MaxPoolConfig.of(l, 8, 28);
        assertEquals(new MaxPoolConfig(64, 8, 28, 3, 2, 1, 112, 112), c);
        assertEquals(56, c.outHeight());
        // With ceil_mode a 57th window would start in the last column and hang past the padding.
        String m = assertThrows(IllegalArgumentException.class,
                () -> MaxPoolConfig.of(layer("maxpool", new Shape(64, 112, 112), 3, 2, 1, true), 8, 28)).getMessage();
        assertTrue(m.startsWith("max_pool: layer maxpool: output 57x57 of input 112x112"), m);
    }

    @Test
    void ofRejectsWhatTheSlidingWindowCannotProduceNamingTheLayer() {
        String ceil = assertThrows(IllegalArgumentException.class,
                () -> MaxPoolConfig.of(layer("pool1", new Shape(4, 6, 6), 3, 2, 0, true), 4, 8)).getMessage();
        assertTrue(ceil.startsWith("max_pool: layer pool1: output 3x3 of input 6x6") && ceil.contains("ceil_mode"), ceil);
        String stride = assertThrows(IllegalArgumentException.class,
                () -> MaxPoolConfig.of(layer("pool2", new Shape(4, 9, 9), 3, 3, 0, false), 4, 8)).getMessage();
        assertEquals("max_pool: layer pool2: stride 3 is not one the sliding window produces (1 or 2)", stride);
        String kernel = assertThrows(IllegalArgumentException.class,
                () -> MaxPoolConfig.of(layer("pool3", new Shape(4, 14, 14), 14, 1, 0, false), 4, 8)).getMessage();
        assertTrue(kernel.startsWith("max_pool: layer pool3: kernel 14"), kernel);
        String simd = assertThrows(IllegalArgumentException.class,
                () -> MaxPoolConfig.of(layer("pool4", new Shape(6, 8, 8), 2, 2, 0, false), 4, 8)).getMessage();
        assertEquals("max_pool: layer pool4: SIMD = 4 does not divide channels = 6", simd);
    }

    @Test
    void packsWindowBeatsAndValues() {
        MaxPoolConfig c = new MaxPoolConfig(4, 2, 8, 3, 2, 1, 5, 5);
        assertEquals(BigInteger.valueOf(0x1_80_7fL), c.windowBeat(true, new long[] {127, -128}));
        assertEquals(BigInteger.ZERO, c.windowBeat(false, new long[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.windowBeat(false, new long[] {1, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.windowBeat(true, new long[] {128, 0}));
        assertThrows(IllegalArgumentException.class, () -> c.windowBeat(true, new long[] {0}));
        assertEquals(BigInteger.valueOf(0x80ff), c.packValues(new long[] {-1, -128}));
        assertArrayEquals(new long[] {-1, -128}, c.unpackValues(BigInteger.valueOf(0x80ff)));
    }
}
