package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.adabinhw.generator.blocks.ThresholdUnitRtl;
import org.junit.jupiter.api.Test;

class HarnessRenderingTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();
    private static final RtlDesign DESIGN = ThresholdUnitRtl.design(RENDERER, "thr", new ThresholdUnitConfig(16, 4, 28),
            new int[16]);

    @Test
    void theVerilatorMainBindsEveryPortToTheClockLoop() {
        String main = RENDERER.render(VerilatorHarness.of(DESIGN));
        assertTrue(main.contains("#include \"Vthr.h\"\n#include \"axis_harness.h\"\n"), main);
        assertTrue(main.contains("adabin::Harness<Vthr> harness(argc, argv);"), main);
        assertTrue(main.contains("\"values\", 112,"), main);
        assertTrue(main.contains("dut.s_axis_values_tvalid = valid;"), main);
        assertTrue(main.contains("adabin::put(dut.s_axis_values_tdata, data);"), main);
        assertTrue(main.contains("return dut.s_axis_values_tready != 0;"), main);
        assertTrue(main.contains("\"bits\", 8,"), main);
        assertTrue(main.contains("return adabin::get(dut.m_axis_bits_tdata, 8);"), main);
        assertEquals(main, RENDERER.render(VerilatorHarness.of(DESIGN)));
    }

    @Test
    void theIcarusBenchMapsPatternColumnsToBitsLeftmostFirst() {
        List<StreamPort> ports = List.of(StreamPort.in("a", 8), StreamPort.in("b", 12), StreamPort.out("y", 3));
        IcarusBench bench = IcarusBench.of("dut_top", ports, List.of(5, 6, 7), 4, 16, 999, 50);
        assertEquals(List.of(2, 1), bench.inputs().stream().map(IcarusBench.Side::bit).toList());
        assertEquals(0, bench.outputs().get(0).bit());
        assertEquals(7, bench.outputs().get(0).expected());
        assertEquals("done_y", bench.doneExpression());
        assertEquals(".m_axis_y_tready(m_axis_y_tready)", bench.portConnections().get(8));
        String tb = RENDERER.render(bench);
        assertTrue(tb.contains("module tb_dut_top;"), tb);
        assertTrue(tb.contains(".allow_next(allow_next[2]),"), tb);
        assertTrue(tb.contains(".STIMULUS_FILE(\"stimulus_b.memh\"),"), tb);
        assertTrue(tb.contains("wire [15:0] s_axis_b_tdata;"), tb);
        assertTrue(tb.contains("    dut_top dut (\n"), tb);
        assertThrows(IllegalArgumentException.class, () -> IcarusBench.of("t", ports, List.of(0, 6, 7), 4, 16, 99, 5));
    }
}
