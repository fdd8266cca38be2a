package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.Test;

/**
 * The rendered wrapper of a canonical {@code sliding_window} preset against its golden file (regenerate with
 * {@code -Dgolden.update=true} after an intended change and review the diff), and the design's files and ports.
 */
class SlidingWindowRtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void preset() throws IOException {
        SlidingWindowConfig c = new SlidingWindowConfig(16, 4, 1, 3, 1, 1, 8, 8);
        RtlDesign d = SlidingWindowRtl.design(RENDERER, c.moduleName(), c);
        assertEquals(List.of("axis_fifo.v", "sliding_window.v", c.moduleName() + ".v"), d.sources());
        assertEquals(List.of(), d.dataFiles());
        assertEquals(List.of(new StreamPort("pixels", true, 8, 4), new StreamPort("windows", false, 8, 5)), d.ports());
        String file = c.moduleName() + ".v";
        String actual = d.files().content(file);
        if (Boolean.getBoolean("golden.update")) {
            Path p = Path.of("src/test/resources/golden", file);
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = SlidingWindowRtlTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "golden file " + file);
        }
    }

    @Test
    void rejectsACoresModuleName() {
        SlidingWindowConfig c = new SlidingWindowConfig(1, 1, 1, 3, 1, 1, 5, 5);
        assertThrows(IllegalArgumentException.class, () -> SlidingWindowRtl.design(RENDERER, "sliding_window", c));
        assertThrows(IllegalArgumentException.class, () -> SlidingWindowRtl.design(RENDERER, "axis_fifo", c));
    }
}
