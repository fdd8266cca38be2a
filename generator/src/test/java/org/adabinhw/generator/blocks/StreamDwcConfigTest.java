package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

class StreamDwcConfigTest {
    private static String rejected(int c, int in, int out, int w) {
        return assertThrows(IllegalArgumentException.class, () -> new StreamDwcConfig(c, in, out, w)).getMessage();
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("stream_dwc: inLanes = outLanes = 16: nothing to convert (connect the streams directly)",
                rejected(48, 16, 16, 28));
        assertEquals("stream_dwc: neither of inLanes = 16 and outLanes = 3 divides the other; chain two converters"
                + " through gcd = 1 (StreamDwcConfig.chain)", rejected(48, 16, 3, 28));
        assertEquals("stream_dwc: outLanes = 5 does not divide channels = 48; legal lane counts: 1, 2, 3, 4, 6, 8, 12,"
                + " 16, 24, 48", rejected(48, 1, 5, 1));
        assertTrue(rejected(48, 96, 48, 1).contains("inLanes = 96 does not divide channels = 48"));
        assertTrue(rejected(48, 0, 1, 1).contains("inLanes = 0"));
        assertEquals("stream_dwc: channels = 0 is illegal; legal: 1..65536", rejected(0, 1, 2, 1));
        assertEquals("stream_dwc: laneWidth = 64 is illegal; legal: 1..63", rejected(4, 1, 2, 64));
        assertEquals("stream_dwc: inLanes = 1024 × laneWidth = 28 = 28672 bits per beat exceeds 16384",
                rejected(1024, 1024, 512, 28));
    }

    @Test
    void derivedQuantities() {
        StreamDwcConfig down = new StreamDwcConfig(48, 48, 3, 28);
        assertTrue(down.isDown());
        assertEquals(16, down.ratio());
        assertEquals(1, down.inBeatsPerPixel());
        assertEquals(16, down.outBeatsPerPixel());
        assertEquals(1344, down.inputWidth());
        assertEquals(84, down.outputWidth());
        assertEquals(88, down.outputTdataWidth());
        assertEquals(2, down.latency());
        assertEquals(16, down.cyclesPerPixel());
        assertEquals(5 * 16 + 2, down.runLength(5));
        assertEquals("stream_dwc_c48_i48_o3_w28", down.moduleName());
        StreamDwcConfig up = new StreamDwcConfig(48, 3, 48, 1);
        assertFalse(up.isDown());
        assertEquals(16, up.ratio());
        assertEquals(8, up.inputTdataWidth());
        assertEquals(48, up.outputTdataWidth());
        assertEquals(1, up.latency());
        assertEquals(5 * 16 + 1, up.runLength(5));
    }

    @Test
    void chainsThroughTheGcd() {
        assertEquals(List.of(), StreamDwcConfig.chain(48, 16, 16, 28));
        assertEquals(List.of(new StreamDwcConfig(48, 16, 4, 28)), StreamDwcConfig.chain(48, 16, 4, 28));
        assertEquals(List.of(new StreamDwcConfig(48, 16, 1, 28), new StreamDwcConfig(48, 1, 3, 28)),
                StreamDwcConfig.chain(48, 16, 3, 28));
        assertEquals(List.of(new StreamDwcConfig(48, 6, 2, 8), new StreamDwcConfig(48, 2, 16, 8)),
                StreamDwcConfig.chain(48, 6, 16, 8));
        assertThrows(IllegalArgumentException.class, () -> StreamDwcConfig.chain(48, 5, 5, 8));
    }

    @Test
    void convertRegroupsTheLanes() {
        StreamDwcConfig down = new StreamDwcConfig(4, 4, 2, 4);
        assertEquals(List.of(BigInteger.valueOf(0x21), BigInteger.valueOf(0x43)),
                down.convert(List.of(BigInteger.valueOf(0x4321))));
        StreamDwcConfig up = new StreamDwcConfig(6, 1, 3, 4);
        assertEquals(List.of(BigInteger.valueOf(0x321), BigInteger.valueOf(0x654)), up.convert(List.of(BigInteger.ONE,
                BigInteger.TWO, BigInteger.valueOf(3), BigInteger.valueOf(4), BigInteger.valueOf(5), BigInteger.valueOf(6))));
        assertThrows(IllegalArgumentException.class, () -> up.convert(List.of(BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class, () -> down.convert(List.of(BigInteger.ONE.shiftLeft(16))));
    }
}
