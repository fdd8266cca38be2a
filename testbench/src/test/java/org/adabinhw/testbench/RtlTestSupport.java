package org.adabinhw.testbench;

import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.VerilogRenderer;
import org.junit.jupiter.api.Assumptions;

/**
 * What the RTL tests share: one renderer, one Verilator build cache under {@code target/verilator-cache}
 * (kept across runs until {@code mvn clean}), run directories under {@code target/cosim}, and the
 * assumption that skips a test when a tool is missing. {@code -Dadabin.vcd=true} writes a VCD for every
 * run, not only for failing ones.
 */
final class RtlTestSupport {
    static final VerilogRenderer RENDERER = new VerilogRenderer();
    static final Path TARGET = Path.of("target").toAbsolutePath();
    static final VerilatorBuilder BUILDER = new VerilatorBuilder(TARGET.resolve("verilator-cache"), RENDERER, 2,
            VerilatorBuilder.Optimisation.BUILD_FAST);
    static final CoSimulation COSIM = new CoSimulation(TARGET.resolve("cosim"), BUILDER, RENDERER,
            Boolean.getBoolean("adabin.vcd"));

    /** Stall rates on the input and output sides, and the seed of the pattern and the data. */
    record Stalls(double in, double out, long seed) {
        @Override
        public String toString() {
            return "s" + seed + "-i" + Math.round(in * 100) + "-o" + Math.round(out * 100);
        }
    }

    /** No stalls, then 30–50 % on both sides and on one side only, each with its own seed. */
    static final List<Stalls> STALLS = List.of(new Stalls(0, 0, 1), new Stalls(0.3, 0.3, 2), new Stalls(0.5, 0.5, 3),
            new Stalls(0.4, 0, 4), new Stalls(0, 0.4, 5));

    private RtlTestSupport() {
    }

    /** Skips the test, with the tool's install hint, unless every tool is available. */
    static void assumeTools(EdaTool... tools) {
        for (EdaTool t : tools) {
            Assumptions.assumeTrue(t.available(), t.missingMessage());
        }
    }

    /** A stall pattern long enough for a run of {@code beats} beats at these rates. */
    static org.adabinhw.simulator.StallPattern pattern(Stalls s, int beats) {
        return org.adabinhw.simulator.StallPattern.random(s.seed(), 1, 1, s.in(), s.out(), 8 * beats + 64);
    }
}
