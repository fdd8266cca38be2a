package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * The rendered wrapper and ROM images of a canonical {@code avg_pool} preset against their golden files
 * (regenerate with {@code -Dgolden.update=true} after an intended change and review the diff), the design's files
 * and ports, and the independence of the Verilog from the divisors.
 */
class AvgPoolRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void preset() throws IOException {
        AvgPoolLayer l = AvgPoolConfigTest.layer("pool", new Shape(6, 5, 6), 3, 1, 1, false, false, 28);
        AvgPoolConfig c = AvgPoolConfig.of(l, 3);
        String m = c.moduleName();
        RtlDesign d = AvgPoolRtl.design(RENDERER, m, c, l);
        assertEquals(List.of("axis_fifo.v", "avg_pool.v", m + ".v"), d.sources());
        assertEquals(List.of(m + "_recip.memh", m + "_row_class.memh", m + "_col_class.memh"), d.dataFiles());
        assertEquals(List.of(new StreamPort("window", true, 88, 85), new StreamPort("values", false, 88, 84)), d.ports());
        for (String f : List.of(m + ".v", m + "_recip.memh", m + "_row_class.memh", m + "_col_class.memh")) {
            GoldenFiles.assertGolden(f, d.files().content(f));
        }
    }

    @Test
    void theVerilogDoesNotDependOnTheDivisors() {
        AvgPoolLayer include = AvgPoolConfigTest.layer("pool", new Shape(4, 6, 6), 3, 2, 1, false, true, 28);
        AvgPoolLayer exclude = AvgPoolConfigTest.layer("pool", new Shape(4, 6, 6), 3, 2, 1, false, false, 28);
        AvgPoolConfig c = AvgPoolConfig.of(include, 2);
        RtlDesign a = AvgPoolRtl.design(RENDERER, "p", c, include);
        RtlDesign b = AvgPoolRtl.design(RENDERER, "p", c, exclude);
        assertEquals(a.files().content("p.v"), b.files().content("p.v"));
        assertNotEquals(a.files().content("p_recip.memh"), b.files().content("p_recip.memh"));
    }

    @Test
    void rejectsACoresModuleNameAndAnotherLayer() {
        AvgPoolLayer l = AvgPoolConfigTest.layer("pool", new Shape(4, 6, 6), 2, 2, 0, false, false, 28);
        AvgPoolConfig c = AvgPoolConfig.of(l, 2);
        assertThrows(IllegalArgumentException.class, () -> AvgPoolRtl.design(RENDERER, "avg_pool", c, l));
        assertThrows(IllegalArgumentException.class, () -> AvgPoolRtl.design(RENDERER, "axis_fifo", c, l));
        assertThrows(IllegalArgumentException.class, () -> AvgPoolRtl.design(RENDERER, "p", new AvgPoolConfig(4, 2, 28, 2, 2, 0, 6, 4), l));
    }
}
