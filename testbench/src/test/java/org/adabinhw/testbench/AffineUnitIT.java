package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.STALLS;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.AffineUnitConfig;
import org.adabinhw.generator.blocks.AffineUnitRtl;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.AffineUnitModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.ElementwiseLayers.Affine;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code affine_unit} in RTL over a grid of channel counts, lane foldings, stream and multiplier widths,
 * against the golden model's {@link AffineLayer#apply} bit for bit and against {@link AffineUnitModel} to the
 * cycle, under random back-pressure on the input and the output. Each stall setting runs another layer: batch
 * norms compiled by the integer compiler (scales of either sign; a wide one whose scales and shifts saturate
 * the stream), and a raw layer of extreme multipliers, 48-bit addends at both ends and shifts from 0 to 47.
 * Inputs include 0, ±1 and both ends of the stream range.
 */
@Tag("rtl")
class AffineUnitIT {
    /** About this many beats per run; at least two pixels. */
    private static final int BEATS = 120;

    static Stream<AffineUnitConfig> grid() {
        // channels, lanes, stream width, multiplier width
        int[][] g = {
            {1, 1, 28, 24}, {3, 1, 8, 24}, {3, 3, 8, 32}, {16, 16, 28, 24}, {16, 4, 8, 16}, {65, 5, 8, 24},
            {65, 13, 28, 24}, {65, 65, 28, 8},
        };
        List<AffineUnitConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new AffineUnitConfig(r[0], r[1], r[2], r[3]));
        }
        return l.stream();
    }

    /** Yosys synthesis of wide multiplier arrays takes minutes: it runs on the narrow configurations. */
    private static boolean synthesised(AffineUnitConfig c) {
        return c.lanes() <= 3;
    }

    private static int pixels(AffineUnitConfig c) {
        return Math.max(2, (BEATS + c.folds() - 1) / c.folds());
    }

    private static AffineLayer layer(AffineUnitConfig c, Affine kind, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        QuantConfig q = ElementwiseLayers.formats(c.streamWidth(), c.multWidth());
        return ElementwiseLayers.affine(kind, new Shape(c.channels(), 1, pixels(c)), q, r);
    }

    /** The layer of a stall setting: every configuration meets every kind over the five settings. */
    private static Affine kind(AffineUnitConfig c, Stalls stalls) {
        Affine[] k = Affine.values();
        return k[Math.floorMod(c.moduleName().hashCode() + (int) stalls.seed(), k.length)];
    }

    private static Scenario scenario(AffineUnitConfig c, Stalls stalls) {
        Affine kind = kind(c, stalls);
        AffineLayer layer = layer(c, kind, stalls.seed());
        RtlDesign design = AffineUnitRtl.design(RENDERER, c.moduleName(), c, layer);
        QuantConfig q = ElementwiseLayers.formats(c.streamWidth(), c.multWidth());
        Shape shape = layer.shape();
        int[] x = ElementwiseLayers.tensor(shape, q, new SplittableRandom(stalls.seed() * 31 + 7));
        int[] y = layer.apply(List.of(x), null);
        Function<long[], BigInteger> pack = c::packValues;
        List<BigInteger> in = ElementwiseLayers.beats(x, shape, c.lanes(), pack);
        List<BigInteger> expected = ElementwiseLayers.beats(y, shape, c.lanes(), pack);
        return new Scenario(c.moduleName() + "-" + kind.name().toLowerCase() + "-" + stalls, design, Map.of("x", in),
                Map.of("y", expected), RtlTestSupport.pattern(stalls, in.size()), stalls.seed(), run -> {
                    var s = run.input("x", in);
                    var o = run.output("y", expected.size(), Function.<BigInteger>identity());
                    run.add(new AffineUnitModel("affine", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(AffineUnitConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(pixels(c)), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(AffineUnitConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(AffineUnitConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = AffineUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, Affine.WIDE_BATCH_NORM, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        if (synthesised(c)) {
            RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
            // At least one multiplier's worth of cells per lane survives synthesis.
            assertTrue(syn.cells() >= c.lanes() * c.accWidth(), "Yosys kept " + syn.cells() + " cells of " + c);
        } else {
            RtlChecks.verilatorLint(design, dir);
            RtlChecks.iverilogCompile(design, dir);
        }
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        AffineUnitConfig c = new AffineUnitConfig(16, 4, 8, 24);
        Path dir = TARGET.resolve("rtl-checks").resolve("affine_unit_illegal");
        AffineUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, Affine.BATCH_NORM, 1)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=65", "-GLANES=4",
                "--top-module", "affine_unit", "affine_unit.v", "mul_split.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted LANES = 4 for 65 channels");
        assertTrue(r.output().contains("affine_unit: illegal parameters CHANNELS = 65, LANES = 4"), r.output());
    }
}
