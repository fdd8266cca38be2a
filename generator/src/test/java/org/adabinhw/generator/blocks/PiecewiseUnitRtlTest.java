package org.adabinhw.generator.blocks;

import static org.adabinhw.generator.blocks.GoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

/** Golden files of a canonical {@code piecewise_unit}, its ports, and what the design rejects. */
class PiecewiseUnitRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();
    private static final PiecewiseUnitConfig C = new PiecewiseUnitConfig(6, 3, 7, 12);

    /** A PReLU-like layer at shift 4: slope 1 = 16 for x > 0, per-channel slopes of either sign below. */
    private static PiecewiseLayer layer(int neg0) {
        return new PiecewiseLayer("act", "x", new Shape(6, 1, 4), new int[] {16, 16, 16, 16, 16, -2048},
                new int[] {neg0, 4, -4, 0, 2047, -2048}, 4, -60, 50);
    }

    @Test
    void preset() throws IOException {
        RtlDesign d = PiecewiseUnitRtl.design(RENDERER, C.moduleName(), C, layer(-8));
        String m = C.moduleName();
        assertEquals(List.of("axis_fifo.v", "mul_split.v", "piecewise_unit.v", m + ".v"), d.sources());
        assertEquals(List.of(m + "_pos.memh", m + "_neg.memh", m + "_bounds.memh", m + "_shift.memh"), d.dataFiles());
        for (String f : List.of(m + ".v", m + "_pos.memh", m + "_neg.memh", m + "_bounds.memh", m + "_shift.memh")) {
            assertGolden(f, d.files().content(f));
        }
    }

    @Test
    void portsAreXInAndYOutPaddedToBytes() {
        assertEquals(List.of(new StreamPort("x", true, 24, 21), new StreamPort("y", false, 24, 21)),
                PiecewiseUnitRtl.ports(C));
    }

    @Test
    void theVerilogDoesNotDependOnTheConstants() {
        RtlDesign a = PiecewiseUnitRtl.design(RENDERER, "p", C, layer(-8));
        RtlDesign b = PiecewiseUnitRtl.design(RENDERER, "p", C, layer(5));
        assertEquals(a.files().content("p.v"), b.files().content("p.v"));
        assertNotEquals(a.files().content("p_neg.memh"), b.files().content("p_neg.memh"));
    }

    @Test
    void rejectsBadModuleNamesAndConstants() {
        assertThrows(GeneratorException.class, () -> PiecewiseUnitRtl.design(RENDERER, "Bad", C, layer(0)));
        assertThrows(IllegalArgumentException.class, () -> PiecewiseUnitRtl.design(RENDERER, "piecewise_unit", C, layer(0)));
        assertThrows(IllegalArgumentException.class, () -> PiecewiseUnitRtl.design(RENDERER, "axis_fifo", C, layer(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PiecewiseUnitRtl.design(RENDERER, "p", C, layer(4096)));
        assertEquals("piecewise_unit: layer act channel 0: negative slope 4096 is outside [-2048, 2047] (12 bits)",
                e.getMessage());
    }
}
