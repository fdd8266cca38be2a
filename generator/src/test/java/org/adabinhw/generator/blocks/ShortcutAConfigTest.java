package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class ShortcutAConfigTest {
    private static String rejected(int c, int h, int w, int s, int pad, int lanes, int lw) {
        return assertThrows(IllegalArgumentException.class, () -> new ShortcutAConfig(c, h, w, s, pad, lanes, lw))
                .getMessage();
    }

    @Test
    void rejectsIllegalValuesNamingThem() {
        assertEquals("shortcut_a: lanes = 16 does not divide both channels = 16 and padChannels = 8; legal lane counts:"
                + " 1, 2, 4, 8", rejected(16, 8, 8, 2, 8, 16, 28));
        assertEquals("shortcut_a: lanes = 3 does not divide both channels = 16 and padChannels = 0; legal lane counts:"
                + " 1, 2, 4, 8, 16", rejected(16, 8, 8, 2, 0, 3, 28));
        assertTrue(rejected(0, 8, 8, 2, 8, 1, 28).contains("channels = 0 is illegal"));
        assertEquals("shortcut_a: input size 0x8 is illegal; legal: 1..4096 on each side", rejected(16, 0, 8, 2, 8, 8, 28));
        assertEquals("shortcut_a: stride = 0 is illegal; legal: 1..4096", rejected(16, 8, 8, 0, 8, 8, 28));
        assertEquals("shortcut_a: padChannels = -1 is illegal; legal: 0..65536", rejected(16, 8, 8, 2, -1, 8, 28));
        assertEquals("shortcut_a: laneWidth = 0 is illegal; legal: 1..63", rejected(16, 8, 8, 2, 8, 8, 0));
        assertTrue(rejected(1024, 8, 8, 2, 512, 1024, 28).contains("lanes = 1024"));
        assertEquals("shortcut_a: lanes = 1024 × laneWidth = 28 = 28672 bits per beat exceeds 16384",
                rejected(1024, 8, 8, 2, 1024, 1024, 28));
    }

    @Test
    void derivedQuantities() {
        ShortcutAConfig c = new ShortcutAConfig(16, 8, 8, 2, 8, 8, 28);
        assertEquals(32, c.outChannels());
        assertEquals(new Shape(32, 4, 4), c.outShape());
        assertEquals(2, c.folds());
        assertEquals(1, c.padFolds());
        assertEquals(4, c.outFolds());
        assertEquals(16, c.keptPixels());
        assertEquals(48, c.droppedPixels());
        assertEquals(128, c.inputBeatsPerImage());
        assertEquals(64, c.outputBeatsPerImage());
        assertEquals(64 + 96, c.cyclesPerImage());
        // Trailing dropped pixels of an 8x8 image: the last column of row 6 and all of row 7, 9 pixels.
        assertEquals(2 * 160 - 9 * 2 - 1 + 1, c.runLength(2));
        assertEquals(224, c.beatWidth());
        assertEquals("shortcut_a_c16_p8_l8_st2_w28_8x8", c.moduleName());
        ShortcutAConfig odd = new ShortcutAConfig(3, 7, 5, 2, 0, 3, 8);
        assertEquals(4, odd.outHeight());
        assertEquals(3, odd.outWidth());
        // The last pixel (6, 4) is kept: no trailing dropped pixels, no leading zeros.
        assertEquals(12 + 23, odd.cyclesPerImage());
        assertEquals(35 + 1, odd.runLength(1));
        ShortcutAConfig identity = new ShortcutAConfig(4, 3, 3, 1, 2, 2, 8);
        assertEquals(0, identity.droppedPixels());
        assertEquals(9 * 4 - 1 + 1, identity.runLength(1));
    }

    @Test
    void factoryFromTheGoldenLayer() {
        ShortcutLayer l = new ShortcutLayer("layer2.0.shortcut", "x", new Shape(16, 32, 32), new Shape(32, 16, 16), 2, 8);
        assertEquals(new ShortcutAConfig(16, 32, 32, 2, 8, 8, 28), ShortcutAConfig.of(l, 8, 28));
        String e = assertThrows(IllegalArgumentException.class, () -> ShortcutAConfig.of(l, 16, 28)).getMessage();
        assertTrue(e.startsWith("layer layer2.0.shortcut: shortcut_a: lanes = 16 does not divide both channels = 16 and"
                + " padChannels = 8; legal lane counts: 1, 2, 4, 8"), e);
        ShortcutLayer wrong = new ShortcutLayer("bad", "x", new Shape(16, 7, 7), new Shape(32, 3, 3), 2, 8);
        e = assertThrows(IllegalArgumentException.class, () -> ShortcutAConfig.of(wrong, 8, 28)).getMessage();
        assertEquals("shortcut_a: layer bad has output 32x3x3; an option-A shortcut of 16x7x7 with stride 2 and"
                + " padChannels 8 gives 32x4x4", e);
        ShortcutAConfig other = new ShortcutAConfig(16, 8, 8, 2, 8, 8, 28);
        e = assertThrows(IllegalArgumentException.class, () -> other.checkLayer(l)).getMessage();
        assertTrue(e.contains("layer layer2.0.shortcut has input 16x32x32"), e);
    }
}
