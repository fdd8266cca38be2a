package org.adabinhw.testbench;

import java.util.List;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;

/**
 * The variables of {@code harness/verilator_main.cpp.vm}: the design's top and its streams, which the
 * generated {@code main} binds to the clock loop of {@code harness/axis_harness.h}.
 *
 * @param top     the top module
 * @param inputs  the input streams, in port order (pattern columns 0…)
 * @param outputs the output streams, in port order (the following columns)
 */
public record VerilatorHarness(String top, List<StreamPort> inputs, List<StreamPort> outputs) implements TemplateContext {
    /** The harness of a design. */
    public static VerilatorHarness of(RtlDesign design) {
        return new VerilatorHarness(design.top(), design.inputs(), design.outputs());
    }

    @Override
    public String template() {
        return "harness/verilator_main.cpp.vm";
    }
}
