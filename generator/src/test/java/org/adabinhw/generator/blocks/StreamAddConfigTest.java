package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;

import org.adabinhw.golden.integer.AddLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class StreamAddConfigTest {
    private static String rejected(int channels, int lanes, int width) {
        return assertThrows(IllegalArgumentException.class, () -> new StreamAddConfig(channels, lanes, width)).getMessage();
    }

    @Test
    void rejectsIllegalFoldingsAndWidthsNamingThem() {
        assertEquals("stream_add: lanes = 6 does not divide channels = 16; legal lanes: 1, 2, 4, 8, 16",
                rejected(16, 6, 28));
        assertEquals("stream_add: channels = 65537 is illegal; legal: 1..65536", rejected(65537, 1, 28));
        assertEquals("stream_add: streamWidth = 1 is illegal; legal: 2..31", rejected(16, 4, 1));
        assertEquals("stream_add: lanes = 4096 × streamWidth = 8 = 32768 bits per beat exceeds 16384",
                rejected(4096, 4096, 8));
    }

    @Test
    void derivedQuantities() {
        StreamAddConfig c = new StreamAddConfig(65, 5, 28);
        assertEquals(13, c.folds());
        assertEquals(140, c.dataWidth());
        assertEquals(144, c.tdataWidth());
        assertEquals(1, c.latency());
        assertEquals(13, c.cyclesPerPixel());
        assertEquals(4 * 13 + 1, c.runLength(4));
        assertEquals("stream_add_c65_l5_w28", c.moduleName());
        assertEquals(new StreamAddConfig(65, 13, 28), c.withLanes(13));
    }

    @Test
    void theFactoryAndTheLayerCheckUseTheLayersShapeAndFormats() {
        AddLayer l = new AddLayer("add7", "a", "b", new Shape(16, 4, 4), QuantConfig.DEFAULT);
        StreamAddConfig c = StreamAddConfig.of(l, 4);
        assertEquals(new StreamAddConfig(16, 4, 28), c);
        c.checkLayer(l);
        assertEquals("stream_add: layer add7 saturates to a 28-bit stream, the adder to 8 bits",
                assertThrows(IllegalArgumentException.class, () -> new StreamAddConfig(16, 4, 8).checkLayer(l)).getMessage());
        assertEquals("stream_add: layer add7 has 16 channels, the adder 32",
                assertThrows(IllegalArgumentException.class, () -> new StreamAddConfig(32, 4, 28).checkLayer(l)).getMessage());
    }

    @Test
    void packsBeatsLaneZeroLowest() {
        StreamAddConfig c = new StreamAddConfig(2, 2, 4);
        assertEquals(BigInteger.valueOf(0x87), c.packValues(new long[] {7, -8}));
        assertArrayEquals(new long[] {7, -8}, c.unpackValues(BigInteger.valueOf(0x87)));
        assertThrows(IllegalArgumentException.class, () -> c.packValues(new long[] {8, 0}));
    }
}
