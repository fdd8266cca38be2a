package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.VerilogRenderer;
import org.junit.jupiter.api.Test;

/**
 * Golden-file tests of the rendered wrappers and memory images of canonical presets. After an intended
 * change, regenerate the files with {@code -Dgolden.update=true} and review the diff.
 */
class BlockRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    private static void assertGolden(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path p = Path.of("src/test/resources/golden", file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = BlockRtlTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "golden file " + file);
        }
    }

    @Test
    void axisFifoPresets() throws IOException {
        for (AxisFifoConfig c : List.of(new AxisFifoConfig(37, 5), new AxisFifoConfig(8, 1))) {
            RtlDesign d = AxisFifoRtl.design(RENDERER, c.moduleName(), c);
            assertEquals(List.of("axis_fifo.v", c.moduleName() + ".v"), d.sources());
            assertEquals(List.of(), d.dataFiles());
            assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
        }
    }

    @Test
    void thresholdUnitPreset() throws IOException {
        ThresholdUnitConfig c = new ThresholdUnitConfig(6, 2, 8);
        RtlDesign d = ThresholdUnitRtl.design(RENDERER, c.moduleName(), c, new int[] {-128, 128, 0, 127, -1, 5});
        assertEquals(List.of("axis_fifo.v", "threshold_unit.v", c.moduleName() + ".v"), d.sources());
        assertEquals(List.of(c.moduleName() + "_thresholds.memh"), d.dataFiles());
        assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
        assertGolden(c.moduleName() + "_thresholds.memh", d.files().content(c.moduleName() + "_thresholds.memh"));
        assertEquals("axis_fifo.v\nthreshold_unit.v\n" + c.moduleName() + ".v\n", d.filelist());
    }

    @Test
    void theVerilogOfAThresholdUnitDoesNotDependOnItsThresholds() {
        ThresholdUnitConfig c = new ThresholdUnitConfig(16, 4, 28);
        RtlDesign a = ThresholdUnitRtl.design(RENDERER, "t", c, new int[16]);
        int[] other = new int[16];
        other[3] = 77;
        RtlDesign b = ThresholdUnitRtl.design(RENDERER, "t", c, other);
        assertEquals(a.files().content("t.v"), b.files().content("t.v"));
        assertTrue(!a.files().content("t_thresholds.memh").equals(b.files().content("t_thresholds.memh")));
    }

    @Test
    void rejectsBadModuleNamesAndThresholds() {
        AxisFifoConfig f = new AxisFifoConfig(8, 2);
        assertThrows(GeneratorException.class, () -> AxisFifoRtl.design(RENDERER, "Bad Name", f));
        assertThrows(IllegalArgumentException.class, () -> AxisFifoRtl.design(RENDERER, "axis_fifo", f));
        ThresholdUnitConfig c = new ThresholdUnitConfig(2, 1, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ThresholdUnitRtl.design(RENDERER, "t", c, new int[] {0, 200}));
        assertTrue(e.getMessage().contains("channel 1 = 200"), e.getMessage());
    }
}
