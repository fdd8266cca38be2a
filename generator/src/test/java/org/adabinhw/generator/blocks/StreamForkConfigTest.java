package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StreamForkConfigTest {
    private static String rejected(int w, int outputs) {
        return assertThrows(IllegalArgumentException.class, () -> new StreamForkConfig(w, outputs)).getMessage();
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("stream_fork: dataWidth = 0 is illegal; legal: 1..16384", rejected(0, 2));
        assertEquals("stream_fork: dataWidth = 16385 is illegal; legal: 1..16384", rejected(16385, 2));
        assertEquals("stream_fork: outputs = 1 is illegal; legal: 2..64", rejected(8, 1));
        assertEquals("stream_fork: outputs = 65 is illegal; legal: 2..64", rejected(8, 65));
        assertEquals("stream_fork: 1024 lanes × 28 bits = 28672 bits per beat exceeds 16384",
                assertThrows(IllegalArgumentException.class, () -> StreamForkConfig.ofLanes(1024, 28, 2)).getMessage());
    }

    @Test
    void derivedQuantities() {
        StreamForkConfig c = StreamForkConfig.ofLanes(16, 28, 3);
        assertEquals(448, c.dataWidth());
        assertEquals(448, c.tdataWidth());
        assertEquals(8, new StreamForkConfig(5, 2).tdataWidth());
        assertEquals("y2", c.outputName(2));
        assertThrows(IndexOutOfBoundsException.class, () -> c.outputName(3));
        assertEquals(1, c.latency());
        assertEquals(101, c.runLength(100));
        assertEquals("stream_fork_w448_o3", c.moduleName());
    }
}
