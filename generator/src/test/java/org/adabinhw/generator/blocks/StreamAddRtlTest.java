package org.adabinhw.generator.blocks;

import static org.adabinhw.generator.blocks.GoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.junit.jupiter.api.Test;

/** Golden files of canonical {@code stream_add}s, their ports, and what the design rejects. */
class StreamAddRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void presets() throws IOException {
        for (StreamAddConfig c : List.of(new StreamAddConfig(6, 3, 7), new StreamAddConfig(16, 2, 28))) {
            RtlDesign d = StreamAddRtl.design(RENDERER, c.moduleName(), c);
            assertEquals(List.of("axis_fifo.v", "stream_add.v", c.moduleName() + ".v"), d.sources());
            assertEquals(List.of(), d.dataFiles());
            assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
        }
    }

    @Test
    void portsAreAAndBInAndYOut() {
        assertEquals(List.of(new StreamPort("a", true, 24, 21), new StreamPort("b", true, 24, 21),
                new StreamPort("y", false, 24, 21)), StreamAddRtl.ports(new StreamAddConfig(6, 3, 7)));
    }

    @Test
    void rejectsBadModuleNames() {
        StreamAddConfig c = new StreamAddConfig(6, 3, 7);
        assertThrows(GeneratorException.class, () -> StreamAddRtl.design(RENDERER, "9add", c));
        assertThrows(IllegalArgumentException.class, () -> StreamAddRtl.design(RENDERER, "stream_add", c));
        assertThrows(IllegalArgumentException.class, () -> StreamAddRtl.design(RENDERER, "axis_fifo", c));
    }
}
