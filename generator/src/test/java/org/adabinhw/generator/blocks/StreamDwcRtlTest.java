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

/** The rendered wrappers of canonical {@code stream_dwc} presets against their golden files, files and ports. */
class StreamDwcRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void presets() throws IOException {
        StreamDwcConfig down = new StreamDwcConfig(48, 16, 1, 28);
        RtlDesign d = StreamDwcRtl.design(RENDERER, down.moduleName(), down);
        assertEquals(List.of("axis_fifo.v", "stream_dwc.v", down.moduleName() + ".v"), d.sources());
        assertEquals(List.of(), d.dataFiles());
        assertEquals(List.of(new StreamPort("x", true, 448, 448), new StreamPort("y", false, 32, 28)), d.ports());
        assertGolden(down.moduleName() + ".v", d.files().content(down.moduleName() + ".v"));
        StreamDwcConfig up = new StreamDwcConfig(6, 1, 3, 1);
        RtlDesign u = StreamDwcRtl.design(RENDERER, up.moduleName(), up);
        assertEquals(List.of(new StreamPort("x", true, 8, 1), new StreamPort("y", false, 8, 3)), u.ports());
        assertGolden(up.moduleName() + ".v", u.files().content(up.moduleName() + ".v"));
    }

    @Test
    void rejectsACoresModuleName() {
        StreamDwcConfig c = new StreamDwcConfig(4, 2, 1, 8);
        assertThrows(IllegalArgumentException.class, () -> StreamDwcRtl.design(RENDERER, "stream_dwc", c));
        assertThrows(IllegalArgumentException.class, () -> StreamDwcRtl.design(RENDERER, "axis_fifo", c));
    }
}
