package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code fold --max-fps --budget 1} (without FIFO sizing) for the example and the four official presets (random
 * parameters of the official shapes) on three parts: wherever the slowest folding fits, a plan that fits by the
 * estimate, and the next faster interval does not; the table the README shows, printed.
 */
@Tag("slow")
class FoldPresetsTest {
    private static final List<String> PARTS = List.of("xc7z020", "xczu7ev", "ice40up5k");

    @Test
    void everyNetworkGetsAFittingPlanWhereverItsSlowestFoldingFits() throws Exception {
        Map<String, Network> nets = new LinkedHashMap<>();
        nets.put("MNIST example", NetworkOptions.Example.network());
        for (Architecture arch : Architecture.values()) {
            nets.put(arch.cliName(), RandomStateDicts.network(arch, arch.imagenet() ? 1000 : 10, 1));
        }
        StringBuilder table = new StringBuilder("| network | part | cycles/image | frames/s | scarcest |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, Network> n : nets.entrySet()) {
            IntegerNetwork inet = IntegerCompiler.compile(n.getValue(), QuantConfig.DEFAULT);
            List<Long> intervals = AcceleratorBuilder.intervals(inet);
            for (String name : PARTS) {
                Part p = Parts.of(name);
                VerilogRenderer renderer = new VerilogRenderer(p.family());
                double mhz = p.typicalClockMhz();
                java.util.function.LongFunction<FoldCommand.Point> plan = t -> {
                    Accelerator a = AcceleratorBuilder.build(renderer, inet, Folding.DEFAULT, "preset_accel", Map.of(), t);
                    return new FoldCommand.Point(t, a, Estimate.of(a, p, mhz, null, List.of()));
                };
                long t0 = System.nanoTime();
                FoldCommand.Point x = FoldCommand.fastestWithin(intervals, plan, 1.0);
                double seconds = (System.nanoTime() - t0) / 1e9;
                FoldCommand.Point slowest = plan.apply(intervals.get(intervals.size() - 1));
                if (slowest.estimate().fits()) {
                    assertNotNull(x, n.getKey() + " on " + name);
                    assertTrue(x.estimate().fits(), n.getKey() + " on " + name + ": " + x.estimate().verdict());
                    int i = intervals.indexOf(x.interval());
                    if (i > 0) {
                        FoldCommand.Point faster = plan.apply(intervals.get(i - 1));
                        assertTrue(!faster.estimate().fits(), n.getKey() + " on " + name + ": " + intervals.get(i - 1) + " fits too");
                    }
                    table.append(String.format(Locale.ROOT, "| %s | %s | %,d | %,.1f at %.0f MHz | %s %.0f %% |%n", n.getKey(), name,
                            x.accelerator().cyclesPerImage(), mhz * 1e6 / x.accelerator().cyclesPerImage(), mhz, x.scarcestName(),
                            100 * x.scarcest()));
                } else {
                    assertNull(x, n.getKey() + " on " + name);
                    table.append(String.format(Locale.ROOT, "| %s | %s | does not fit at its slowest folding (%,d cycles): %s | | |%n",
                            n.getKey(), name, slowest.interval(), shortVerdict(slowest.estimate())));
                }
                System.out.printf(Locale.ROOT, "%s on %s: %.1f s%n", n.getKey(), name, seconds);
            }
        }
        System.out.print(table);
    }

    private static String shortVerdict(Estimate e) {
        List<String> over = new ArrayList<>();
        for (String r : List.of("lut", "ff", "bram", "dsp")) {
            if (e.utilisation(r) > 1) {
                over.add(String.format(Locale.ROOT, "%s %.0f %%", r.toUpperCase(Locale.ROOT), 100 * e.utilisation(r)));
            }
        }
        return String.join(", ", over);
    }
}
