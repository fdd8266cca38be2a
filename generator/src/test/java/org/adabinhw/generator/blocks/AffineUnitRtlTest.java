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
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

/** Golden files of a canonical {@code affine_unit}, its ports, and what the design rejects. */
class AffineUnitRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();
    private static final AffineUnitConfig C = new AffineUnitConfig(4, 2, 12, 10);
    private static final QuantConfig Q = QuantConfig.DEFAULT.withStream(12, 8);

    private static AffineLayer layer(long add0) {
        return new AffineLayer("bn", "x", new Shape(4, 1, 4), new int[] {256, -512, 511, 3},
                new long[] {add0, -(1L << 47), (1L << 47) - 1, -5}, 8, Q);
    }

    @Test
    void preset() throws IOException {
        RtlDesign d = AffineUnitRtl.design(RENDERER, C.moduleName(), C, layer(128));
        String m = C.moduleName();
        assertEquals(List.of("axis_fifo.v", "mul_split.v", "affine_unit.v", m + ".v"), d.sources());
        assertEquals(List.of(m + "_mul.memh", m + "_add.memh", m + "_shift.memh"), d.dataFiles());
        for (String f : List.of(m + ".v", m + "_mul.memh", m + "_add.memh", m + "_shift.memh")) {
            assertGolden(f, d.files().content(f));
        }
    }

    @Test
    void portsAreXInAndYOutPaddedToBytes() {
        assertEquals(List.of(new StreamPort("x", true, 24, 24), new StreamPort("y", false, 24, 24)),
                AffineUnitRtl.ports(C));
    }

    @Test
    void theVerilogDoesNotDependOnTheConstants() {
        RtlDesign a = AffineUnitRtl.design(RENDERER, "a", C, layer(128));
        RtlDesign b = AffineUnitRtl.design(RENDERER, "a", C, layer(-1));
        assertEquals(a.files().content("a.v"), b.files().content("a.v"));
        assertNotEquals(a.files().content("a_add.memh"), b.files().content("a_add.memh"));
    }

    @Test
    void rejectsBadModuleNamesAndConstants() {
        assertThrows(GeneratorException.class, () -> AffineUnitRtl.design(RENDERER, "a b", C, layer(0)));
        assertThrows(IllegalArgumentException.class, () -> AffineUnitRtl.design(RENDERER, "affine_unit", C, layer(0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AffineUnitRtl.design(RENDERER, "a", C.withLanes(4), new AffineLayer("bn", "x", new Shape(4, 1, 4),
                        new int[] {0, 0, 512, 0}, new long[4], 0, Q)));
        assertEquals("affine_unit: layer bn channel 2: multiplier 512 is outside [-512, 511] (10 bits)", e.getMessage());
    }
}
