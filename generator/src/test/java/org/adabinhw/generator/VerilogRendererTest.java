package org.adabinhw.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.AxisFifoRtl;
import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.adabinhw.generator.blocks.ThresholdUnitRtl;
import org.junit.jupiter.api.Test;

class VerilogRendererTest {
    private final VerilogRenderer renderer = new VerilogRenderer();

    private static TestContexts.Named named(String template) {
        return new TestContexts.Named(template, "blk", 12, List.of("a", "b"));
    }

    @Test
    void rendersTheContextsAccessorsAndDropsTemplateComments() {
        String out = renderer.render(named("templates/good.v.vm"));
        assertEquals("module blk #(.W(12)) ();\n  item a\n  item b\n", out);
    }

    @Test
    void strictModeRejectsAMisspelledVariable() {
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> renderer.render(named("templates/misspelled.v.vm")));
        assertTrue(e.getMessage().contains("widht"), e.getMessage());
        assertTrue(e.getMessage().contains("templates/misspelled.v.vm"), e.getMessage());
    }

    @Test
    void aMisspelledDirectiveLeftInTheOutputIsRejectedWithItsLine() {
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> renderer.render(named("templates/leftover.v.vm")));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("#ned"), e.getMessage());
    }

    @Test
    void aDollarReferenceInVerilogOutputIsRejected() {
        // An unknown reference fails in strict mode before the output check sees it.
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> renderer.render(named("templates/dollar.v.vm")));
        assertTrue(e.getMessage().contains("unknown_system_call"), e.getMessage());
    }

    @Test
    void theOutputCheckFindsLeftOverSyntaxDirectly() {
        VerilogRenderer.checkNoVelocityLeft("x.v.vm", "module m;\nendmodule\n");
        VerilogRenderer.checkNoVelocityLeft("x.v.vm", "axis_fifo #(.DEPTH(2)) u ();\n");
        for (String bad : List.of("a $x b\n", "a ${x} b\n", "a $!x\n", "#set(x)\n", "#{end}\n", "## c\n", "#* c *#\n",
                "#[[ raw ]]#\n", "#ned\n", "#include <x>\n")) {
            assertThrows(GeneratorException.class, () -> VerilogRenderer.checkNoVelocityLeft("x.v.vm", bad), bad);
        }
        VerilogRenderer.checkNoVelocityLeft("x.cpp.vm", "#include \"Vtop.h\"\n#include <cstdio>\nint x;\n");
        assertThrows(GeneratorException.class, () -> VerilogRenderer.checkNoVelocityLeft("x.cpp.vm", "#if X\n"));
    }

    @Test
    void cppTemplatesKeepEscapedIncludes() {
        String out = renderer.render(named("templates/harness.cpp.vm"));
        assertEquals("#include \"Vblk.h\"\n#include <cstdio>\nint w = 12;\n", out);
    }

    @Test
    void aMissingTemplateIsNamed() {
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> renderer.render(named("templates/nope.v.vm")));
        assertTrue(e.getMessage().contains("templates/nope.v.vm"), e.getMessage());
    }

    @Test
    void renderingIsDeterministic() {
        AxisFifoConfig fifo = new AxisFifoConfig(37, 5);
        String a = AxisFifoRtl.design(renderer, "f", fifo).files().content("f.v");
        String b = AxisFifoRtl.design(new VerilogRenderer(), "f", fifo).files().content("f.v");
        assertEquals(a, b);
        ThresholdUnitConfig t = new ThresholdUnitConfig(16, 4, 28);
        int[] thr = new int[16];
        GeneratedFiles x = ThresholdUnitRtl.design(renderer, "t", t, thr).files();
        GeneratedFiles y = ThresholdUnitRtl.design(renderer, "t", t, thr).files();
        assertEquals(x.manifest(), y.manifest());
    }
}
