package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.CalibrationTable;
import org.adabinhw.generator.estimate.CostModel;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.generator.estimate.SynthesisCells;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.format.NetworkFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The estimate against Yosys: every block of the example at a folding the calibration did not use, one by one
 * (block RAM and DSP exact, LUT and FF within 15 %, LUTRAM within 20 %), and, in the slow profile, the whole
 * example flattened (LUT and FF within 10 %, block RAM and DSP exact).
 */
@Tag("rtl")
class CostModelIT {
    private static final Path EXAMPLE = Path.of("../examples/mnist/network.json");

    private static Accelerator example(Folding f) throws Exception {
        assumeTrue(Files.isRegularFile(EXAMPLE), "no " + EXAMPLE);
        assumeTrue(EdaTool.YOSYS.available(), "no yosys");
        IntegerNetwork net = IntegerCompiler.compile(NetworkFormat.read(EXAMPLE), QuantConfig.DEFAULT);
        return AcceleratorBuilder.build(new VerilogRenderer(Family.XILINX_7), net, f, "cmit", Map.of("kind", "example"));
    }

    private static double err(long est, long meas) {
        return meas == 0 ? (est == 0 ? 0 : 1) : Math.abs((double) (est - meas) / meas);
    }

    @Test
    void blocksOfAnUncalibratedFoldingAgainstYosys() throws Exception {
        Map<String, Folding.Layer> layers = Map.of("conv1", new Folding.Layer(1, 8), "conv2", new Folding.Layer(8, 8),
                "conv3", new Folding.Layer(16, 16), "conv4", new Folding.Layer(16, 8), "fc", new Folding.Layer(0, 2));
        Accelerator a = example(new Folding(layers, Map.of()));
        Set<String> seen = new LinkedHashSet<>();
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Accelerator.Stage s : a.stages()) {
            if (!seen.add(s.config().block() + s.config().toJson())) {
                continue;
            }
            Resources est = CostModel.cost(s.config(), Family.XILINX_7, CalibrationTable.of(Family.XILINX_7),
                    CostModel.images(s.design())).resources();
            SynthesisCells c = Synthesis.run(s.design(), Family.XILINX_7, TARGET.resolve("cost-model-it").resolve(s.instance()));
            Resources m = c.resources(Family.XILINX_7);
            String line = String.format(Locale.ROOT, "%-16s %-14s LUT %6d/%6d FF %6d/%6d LUTRAM %5d/%5d BRAM %3d/%3d DSP %3d/%3d",
                    s.block(), s.instance(), est.lut(), m.lut(), est.ff(), m.ff(), est.lutram(), m.lutram(), est.bram(), m.bram(),
                    est.dsp(), m.dsp());
            report.add(line);
            // Relative bounds, and for the smallest blocks (a 1-bit width converter of 23 LUTs) 8 LUTs or FFs either way,
            // as for LUTRAM: the calibration reports (docs/calibration-*.md) count those misses strictly.
            if (est.bram() != m.bram() || est.dsp() != m.dsp()
                    || (err(est.lut(), m.lut()) > 0.15 && Math.abs(est.lut() - m.lut()) > 8)
                    || (err(est.ff(), m.ff()) > 0.15 && Math.abs(est.ff() - m.ff()) > 8)
                    || (err(est.lutram(), m.lutram()) > 0.20 && Math.abs(est.lutram() - m.lutram()) > 8)) {
                failures.add(line);
            }
        }
        System.out.println(String.join("\n", report));
        assertTrue(failures.isEmpty(), "outside the bounds:\n" + String.join("\n", failures));
    }

    @Test
    @Tag("slow")
    void theWholeExampleFlattenedAgainstYosys() throws Exception {
        Accelerator a = example(Folding.DEFAULT);
        Estimate e = Estimate.of(a, Parts.of("xc7z020"), 100, null, List.of());
        Path dir = TARGET.resolve("cost-model-it-whole");
        SynthesisCells c = Synthesis.run(a.design(), Family.XILINX_7, dir);
        Resources m = c.resources(Family.XILINX_7);
        Resources t = e.totals();
        String line = String.format(Locale.ROOT, "example flattened: LUT %d/%d FF %d/%d LUTRAM %d/%d BRAM %d/%d DSP %d/%d", t.lut(), m.lut(),
                t.ff(), m.ff(), t.lutram(), m.lutram(), t.bram(), m.bram(), t.dsp(), m.dsp());
        System.out.println(line);
        assertEquals(m.bram(), t.bram(), line);
        assertEquals(m.dsp(), t.dsp(), line);
        assertTrue(err(t.lut() + t.lutram(), m.lut() + m.lutram()) <= 0.10, line);
        assertTrue(err(t.ff(), m.ff()) <= 0.10, line);
    }
}
