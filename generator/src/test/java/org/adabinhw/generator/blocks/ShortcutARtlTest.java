package org.adabinhw.generator.blocks;

import static org.adabinhw.generator.blocks.GoldenFiles.assertGolden;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

/** The rendered wrapper of the ResNet-20 {@code shortcut_a} preset against its golden file, its files and ports. */
class ShortcutARtlTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();

    @Test
    void preset() throws IOException {
        ShortcutLayer layer = new ShortcutLayer("layer2.0.shortcut", "x", new Shape(16, 32, 32), new Shape(32, 16, 16), 2, 8);
        ShortcutAConfig c = ShortcutAConfig.of(layer, 8, 28);
        RtlDesign d = ShortcutARtl.design(RENDERER, c.moduleName(), c, layer);
        assertEquals(List.of("axis_fifo.v", "shortcut_a.v", c.moduleName() + ".v"), d.sources());
        assertEquals(List.of(), d.dataFiles());
        assertEquals(List.of(new StreamPort("x", true, 224, 224), new StreamPort("y", false, 224, 224)), d.ports());
        assertGolden(c.moduleName() + ".v", d.files().content(c.moduleName() + ".v"));
        assertEquals(d.files().content(c.moduleName() + ".v"),
                ShortcutARtl.design(RENDERER, c.moduleName(), c).files().content(c.moduleName() + ".v"));
    }

    @Test
    void rejectsACoresModuleNameAndAnotherLayer() {
        ShortcutAConfig c = new ShortcutAConfig(4, 4, 4, 2, 2, 2, 8);
        assertThrows(IllegalArgumentException.class, () -> ShortcutARtl.design(RENDERER, "shortcut_a", c));
        assertThrows(IllegalArgumentException.class, () -> ShortcutARtl.design(RENDERER, "axis_fifo", c));
        ShortcutLayer other = new ShortcutLayer("sc", "x", new Shape(4, 4, 4), new Shape(4, 2, 2), 2, 0);
        assertThrows(IllegalArgumentException.class, () -> ShortcutARtl.design(RENDERER, "s", c, other));
    }
}
