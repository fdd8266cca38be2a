package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.RealConvLayer;
import org.junit.jupiter.api.Test;

/**
 * The rendered wrapper and the weight and bias images of a canonical {@code real_mvu} preset against golden
 * files (regenerate with {@code -Dgolden.update=true} after an intended change and review the diff), the
 * design's files and ports, and the constant checks.
 */
class RealMvuRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();
    /** A 3×3 stem on 2 channels, 4 outputs in 2 folds of 2, 4×4 input: 9 border classes. */
    private static final RealMvuConfig PRESET = new RealMvuConfig(2, 4, 3, 1, 2, 4, 4, 1, 1, true, 12, 8);

    /** Weight {@code (o, c, tap)} = {@code o·100 + c·10 + tap − 64}, bias {@code (o, class)} = {@code −(o·10 + class)}. */
    private static RealConvLayer layer(RealMvuConfig c, int shift) {
        int[] w = new int[c.outChannels() * c.channels() * c.taps()];
        for (int o = 0; o < c.outChannels(); o++) {
            for (int ch = 0; ch < c.channels(); ch++) {
                for (int t = 0; t < c.taps(); t++) {
                    w[(o * c.channels() + ch) * c.taps() + t] = (o * 100 + ch * 10 + t) % 128 - 64;
                }
            }
        }
        long[] bias = new long[c.outChannels() * c.classes()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = -(i / c.classes() * 10L + i % c.classes());
        }
        return new RealConvLayer("stem", "input", c.geometry(), c.pixelInput(), w, bias, shift,
                QuantConfig.DEFAULT.withStream(c.streamWidth(), 4));
    }

    private static void assertGolden(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(Path.of("src/test/resources/golden", file), actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = RealMvuRtlTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "golden file " + file);
        }
    }

    @Test
    void preset() throws IOException {
        RealMvuConfig c = PRESET;
        String m = c.moduleName();
        RtlDesign d = RealMvuRtl.design(RENDERER, m, c, layer(c, 3));
        assertEquals(List.of("axis_fifo.v", "mvu_drain.v", "real_mvu.v", m + ".v"), d.sources());
        assertEquals(List.of(m + "_weights.memh", m + "_bias.memh", m + "_shift.memh", m + "_row_class.memh",
                m + "_col_class.memh"), d.dataFiles());
        assertEquals(List.of(new StreamPort("window", true, 16, 9), new StreamPort("values", false, 24, 24)), d.ports());
        assertGolden(m + ".v", d.files().content(m + ".v"));
        assertGolden(m + "_weights.memh", d.files().content(m + "_weights.memh"));
        assertGolden(m + "_bias.memh", d.files().content(m + "_bias.memh"));
        assertTrue(d.files().content(m + "_shift.memh").endsWith("\n03\n"));
    }

    @Test
    void theVerilogDoesNotDependOnTheConstants() {
        RealMvuConfig c = PRESET;
        RtlDesign a = RealMvuRtl.design(RENDERER, "u", c, layer(c, 3));
        RtlDesign b = RealMvuRtl.design(RENDERER, "u", c, layer(c, 5));
        assertEquals(a.files().content("u.v"), b.files().content("u.v"));
        assertNotEquals(a.files().content("u_shift.memh"), b.files().content("u_shift.memh"));
    }

    @Test
    void weightLookUpFollowsTheBeatOrder() {
        RealMvuConfig c = new RealMvuConfig(4, 2, 3, 2, 1, 4, 4, 1, 1, false, 12, 8);
        int[] w = layer(c, 0).weights();
        // Beat 5 = tap 2, channel fold 1: lane 1 is channel 3.
        assertEquals(w[(1 * 4 + 3) * 9 + 2], RealMvuRtl.weight(c, w, 1, 5, 1));
    }

    @Test
    void rejectsCoreNamesAndConstantsThatDoNotFit() {
        RealMvuConfig c = PRESET;
        assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.design(RENDERER, "real_mvu", c, layer(c, 0)));
        assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.design(RENDERER, "axis_fifo", c, layer(c, 0)));
        RealConvLayer good = layer(c, 0);
        int[] w = good.weights();
        w[(3 * 2 + 1) * 9 + 4] = 128;
        RealConvLayer wide = new RealConvLayer("stem", "input", c.geometry(), true, w, good.bias(), 0, QuantConfig.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.checkLayer(c, wide));
        assertTrue(e.getMessage().contains("layer stem weight 67 (output channel 3, input channel 1, tap 4) = 128 must lie"
                + " in [-128, 127] (8 bits)"), e.getMessage());
        long[] b = good.bias();
        b[5] = 1L << 47;
        RealConvLayer big = new RealConvLayer("stem", "input", c.geometry(), true, good.weights(), b, 0, QuantConfig.DEFAULT);
        e = assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.checkLayer(c, big));
        assertTrue(e.getMessage().contains("bias 5 (output channel 0, border class 5)"), e.getMessage());
        RealConvLayer shifted = new RealConvLayer("stem", "input", c.geometry(), true, good.weights(), good.bias(), 48,
                QuantConfig.DEFAULT);
        e = assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.checkLayer(c, shifted));
        assertTrue(e.getMessage().contains("shift 48 exceeds 47"), e.getMessage());
        RealConvLayer stream = new RealConvLayer("stem", "input", c.geometry(), false, good.weights(), good.bias(), 0,
                QuantConfig.DEFAULT);
        e = assertThrows(IllegalArgumentException.class, () -> RealMvuRtl.checkLayer(c, stream));
        assertTrue(e.getMessage().contains("layer stem has the geometry of"), e.getMessage());
    }
}
