package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.golden.arch.Architecture;
import org.adabinhw.golden.arch.RandomStateDicts;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.junit.jupiter.api.Test;

/**
 * The estimate of the four official presets at their default folding on a Zynq-7020 (random parameters of the
 * official shapes: the cost does not depend on the values, except for ROMs in logic): a verdict for each, and
 * the table the README shows, printed.
 */
class PresetEstimatesTest {
    @Test
    void everyPresetGetsAVerdictOnAZynq7020() {
        Part p = Parts.of("xc7z020");
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "| %-18s | %10s | %8s | %8s | %7s | %6s | %6s | %9s | %s |%n",
                "preset", "cycles/img", "XNOR lanes", "LUT", "FF", "BRAM18", "DSP", "fps@100", "verdict"));
        for (Architecture arch : Architecture.values()) {
            int classes = arch.imagenet() ? 1000 : 10;
            Network net = RandomStateDicts.network(arch, classes, 1);
            Accelerator a = AcceleratorBuilder.build(new VerilogRenderer(p.family()), IntegerCompiler.compile(net, QuantConfig.DEFAULT),
                    Folding.DEFAULT, AcceleratorBuilder.topName(net.name()), Map.of("kind", "preset"));
            Estimate e = Estimate.of(a, p, 100, null, List.of());
            long lanes = a.folding().layers().entrySet().stream()
                    .filter(x -> a.stages().stream().anyMatch(s -> s.layer().equals(x.getKey()) && s.block().equals("binary_mvu")))
                    .mapToLong(x -> (long) x.getValue().simd() * x.getValue().pe()).sum();
            assertTrue(e.verdict().startsWith("fits") || e.verdict().startsWith("does not fit"), e.verdict());
            assertEquals(e.fits(), e.over().isEmpty());
            assertFalse(e.blocks().isEmpty());
            table.append(String.format(Locale.ROOT, "| %-18s | %,10d | %8d | %,8d | %,7d | %6d | %6d | %,9.0f | %s |%n", arch.cliName(),
                    e.cyclesPerImage(), lanes, e.used("lut"), e.used("ff"), e.used("bram"), e.used("dsp"), e.fps(), e.verdict()));
        }
        System.out.print(table);
    }
}
