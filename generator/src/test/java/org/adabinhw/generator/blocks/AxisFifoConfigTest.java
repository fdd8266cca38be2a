package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AxisFifoConfigTest {
    @ParameterizedTest
    @CsvSource({"0, 2, dataWidth = 0", "-3, 2, dataWidth = -3", "8193, 2, dataWidth = 8193", "8, 0, depth = 0",
            "8, -1, depth = -1", "8, 1048577, depth = 1048577"})
    void rejectsIllegalValuesNamingThem(int width, int depth, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AxisFifoConfig(width, depth));
        assertTrue(e.getMessage().startsWith("axis_fifo: " + named + " is illegal; legal: 1.."), e.getMessage());
    }

    @Test
    void derivedQuantities() {
        AxisFifoConfig c = new AxisFifoConfig(37, 1);
        assertEquals(40, c.tdataWidth());
        assertEquals(2, c.cyclesPerBeat());
        assertEquals(1, c.withDepth(2).cyclesPerBeat());
        assertEquals(1, c.latency());
        assertEquals("axis_fifo_w37_d1", c.moduleName());
        assertEquals(8, new AxisFifoConfig(1, 16).tdataWidth());
        assertEquals(new AxisFifoConfig(37, 16), c.withDepth(16));
    }
}
