package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.junit.jupiter.api.Test;

/**
 * The rendered wrapper of a canonical {@code max_pool} preset against its golden file (regenerate with
 * {@code -Dgolden.update=true} after an intended change and review the diff), and the design's files and ports.
 */
class MaxPoolRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void preset() throws IOException {
        MaxPoolConfig c = new MaxPoolConfig(64, 4, 28, 3, 2, 1, 112, 112);
        RtlDesign d = MaxPoolRtl.design(RENDERER, c.moduleName(), c);
        assertEquals(List.of("axis_fifo.v", "max_pool.v", c.moduleName() + ".v"), d.sources());
        assertEquals(List.of(), d.dataFiles());
        assertEquals(List.of(new StreamPort("window", true, 120, 113), new StreamPort("values", false, 112, 112)), d.ports());
        GoldenFiles.assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
    }

    @Test
    void rejectsACoresModuleName() {
        MaxPoolConfig c = new MaxPoolConfig(1, 1, 8, 3, 1, 1, 5, 5);
        assertThrows(IllegalArgumentException.class, () -> MaxPoolRtl.design(RENDERER, "max_pool", c));
        assertThrows(IllegalArgumentException.class, () -> MaxPoolRtl.design(RENDERER, "axis_fifo", c));
    }
}
