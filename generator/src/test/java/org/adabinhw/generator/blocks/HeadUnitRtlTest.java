package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

/**
 * The rendered wrapper and ROM images of a canonical {@code head_unit} preset against their golden files
 * (regenerate with {@code -Dgolden.update=true} after an intended change and review the diff), the design's
 * files and ports, and the independence of the Verilog from the constants.
 */
class HeadUnitRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    /** Four channels on a 2×2 map, three classes, two lanes, HEAD_PE = 3, a 12-bit stream and 8-bit weights. */
    private static final HeadUnitConfig PRESET = new HeadUnitConfig(4, 2, 2, 2, 3, 3, 12, 8);

    private static HeadLayer layer(int[] weights, long[] bias, int shift) {
        return new HeadLayer("fc", "x", new Shape(4, 2, 2), true, 3, weights, bias, shift,
                new QuantConfig(12, 8, 27, 8, 32));
    }

    private static final int[] WEIGHTS = {-128, 127, 0, 1, -1, 2, -3, 4, 5, -6, 7, -8};
    private static final long[] BIAS = {-(1L << 47), (1L << 47) - 1, 12345};

    private static void assertGolden(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path p = Path.of("src/test/resources/golden", file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = HeadUnitRtlTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "golden file " + file);
        }
    }

    @Test
    void preset() throws IOException {
        String m = PRESET.moduleName();
        RtlDesign d = HeadUnitRtl.design(RENDERER, m, PRESET, layer(WEIGHTS, BIAS, 7));
        assertEquals(List.of("axis_fifo.v", "mul_split.v", "head_unit.v", m + ".v"), d.sources());
        assertEquals(List.of(m + "_weights.memh", m + "_bias.memh", m + "_shift.memh"), d.dataFiles());
        assertEquals(List.of(new StreamPort("x", true, 24, 24), new StreamPort("logits", false, 32, 32)), d.ports());
        assertGolden(m + ".v", d.files().content(m + ".v"));
        for (String f : d.dataFiles()) {
            assertGolden(f, d.files().content(f));
        }
    }

    @Test
    void theVerilogDoesNotDependOnTheConstants() {
        RtlDesign a = HeadUnitRtl.design(RENDERER, "h", PRESET, layer(WEIGHTS, BIAS, 7));
        int[] w = WEIGHTS.clone();
        w[3] = 99;
        RtlDesign b = HeadUnitRtl.design(RENDERER, "h", PRESET, layer(w, BIAS, 0));
        assertEquals(a.files().content("h.v"), b.files().content("h.v"));
        assertNotEquals(a.files().content("h_weights.memh"), b.files().content("h_weights.memh"));
        assertNotEquals(a.files().content("h_shift.memh"), b.files().content("h_shift.memh"));
    }

    @Test
    void weightWordsHoldHeadPeClassesOfOneChannel() {
        HeadUnitConfig c = PRESET.withFolding(1, 1);
        HeadLayer l = layer(WEIGHTS, BIAS, 7);
        // HEAD_PE = 1: word j*C + c is w[j][c] alone.
        assertEquals(12, HeadUnitRtl.weightWords(c, l).size());
        assertEquals(0x80, HeadUnitRtl.weightWords(c, l).get(0).intValue());
        // HEAD_PE = 3: word c holds w[0][c], w[1][c], w[2][c] in lanes 0, 1, 2.
        assertEquals(0x05ff80, HeadUnitRtl.weightWords(PRESET, l).get(0).intValue());
        assertEquals(1, HeadUnitRtl.biasWords(PRESET, l).size());
    }

    @Test
    void rejectsACoresModuleNameAndABadLayer() {
        HeadLayer l = layer(WEIGHTS, BIAS, 7);
        assertThrows(IllegalArgumentException.class, () -> HeadUnitRtl.design(RENDERER, "head_unit", PRESET, l));
        assertThrows(IllegalArgumentException.class, () -> HeadUnitRtl.design(RENDERER, "axis_fifo", PRESET, l));
        int[] w = WEIGHTS.clone();
        w[0] = 128;
        assertThrows(IllegalArgumentException.class, () -> HeadUnitRtl.design(RENDERER, "h", PRESET, layer(w, BIAS, 7)));
    }
}
