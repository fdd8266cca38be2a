package org.adabinhw.generator.blocks;

import static org.adabinhw.generator.blocks.GoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.junit.jupiter.api.Test;

/** The rendered wrapper of a canonical {@code stream_fork} preset against its golden file, its files and ports. */
class StreamForkRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void preset() throws IOException {
        StreamForkConfig c = new StreamForkConfig(28, 3);
        RtlDesign d = StreamForkRtl.design(RENDERER, c.moduleName(), c);
        assertEquals(List.of("axis_fifo.v", "stream_fork.v", c.moduleName() + ".v"), d.sources());
        assertEquals(List.of(), d.dataFiles());
        assertEquals(List.of(new StreamPort("x", true, 32, 28), new StreamPort("y0", false, 32, 28),
                new StreamPort("y1", false, 32, 28), new StreamPort("y2", false, 32, 28)), d.ports());
        assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
    }

    @Test
    void rejectsACoresModuleName() {
        StreamForkConfig c = new StreamForkConfig(8, 2);
        assertThrows(IllegalArgumentException.class, () -> StreamForkRtl.design(RENDERER, "stream_fork", c));
        assertThrows(IllegalArgumentException.class, () -> StreamForkRtl.design(RENDERER, "axis_fifo", c));
    }
}
