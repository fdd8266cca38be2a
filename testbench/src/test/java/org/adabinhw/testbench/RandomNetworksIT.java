package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Random networks × random foldings ({@link RandomNetworks}) through the whole flow: compile, generate, Verilator lint
 * {@code -Wall}, and Verilator against the golden model bit for bit under 30 % stalls on both ports, with the Java
 * simulator agreeing cycle for cycle. {@code -Drandom.networks=N} (default 10, the slow profile's campaign 200) and
 * {@code -Drandom.seed=S} (default 1) choose the seeds S … S+N−1. Every failure is collected, with its seed, before the
 * test fails.
 */
@Tag("rtl")
class RandomNetworksIT {
    @Test
    void randomNetworksAreBitAndCycleExactUnderStalls() {
        assumeTools(EdaTool.VERILATOR);
        int count = Integer.getInteger("random.networks", 10);
        long first = Long.getLong("random.seed", 1);
        List<String> failures = new ArrayList<>();
        long t0 = System.nanoTime();
        for (long seed = first; seed < first + count; seed++) {
            try {
                String summary = run(seed);
                System.out.println("seed " + seed + ": " + summary);
            } catch (RuntimeException | AssertionError e) {
                String line = "seed " + seed + ": " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
                        .findFirst().orElse("");
                System.out.println(line);
                failures.add(line);
            }
        }
        System.out.printf("%d random networks in %.0f s, %d failures%n", count, (System.nanoTime() - t0) / 1e9, failures.size());
        assertEquals(List.of(), failures);
    }

    private static String run(long seed) {
        RandomNetworks.Case c = RandomNetworks.of(seed);
        Network net = c.network();
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, c.folding(), AcceleratorBuilder.topName(net.name()),
                Map.of("kind", "random", "seed", Long.toString(seed)));
        Path dir = TARGET.resolve("random-networks").resolve("seed" + seed);
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        RtlChecks.verilatorLint(a.design(), dir.resolve("lint"));
        AcceleratorVerification.Generated g = AcceleratorVerification.load(dir);
        Random r = new Random(seed);
        List<int[]> images = new ArrayList<>();
        int size = net.input().shape().size();
        for (int i = 0; i < 2; i++) {
            int[] px = new int[size];
            for (int j = 0; j < size; j++) {
                px[j] = r.nextInt(256);
            }
            images.add(px);
        }
        IntegerEngine e = new IntegerEngine(inet);
        int[][] golden = images.stream().map(e::logits).toArray(int[][]::new);
        // Stalls at the ports and on every internal stream (the verification build's stall gates).
        AcceleratorVerification.Gated build = g.gated(a, new AcceleratorSimulator(a), RENDERER, seed, VerificationBuild.rate(0.3));
        AcceleratorVerification.Result v = AcceleratorVerification.run(build, images, golden, seed, 0.3, Simulator.VERILATOR, COSIM,
                RENDERER);
        if (!v.passed()) {
            throw new AssertionError("bit mismatch: " + String.join("; ", v.mismatches()) + String.join("; ", v.layerMismatches())
                    + " " + v.report().summary());
        }
        if (!v.crossCheck().isEmpty()) {
            throw new AssertionError("simulator against RTL: " + v.crossCheck().get(0));
        }
        return String.format("%s, %d layers, folding %s, %d cycles per image: %s", net.input().shape(), net.nodes().size(),
                a.folding().toJson().replaceAll("\\s+", ""), a.cyclesPerImage(), v.report().summary());
    }
}
