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
import org.adabinhw.generator.blocks.PiecewiseUnitConfig;
import org.adabinhw.generator.blocks.PiecewiseUnitRtl;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.PiecewiseUnitModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.ElementwiseLayers.Piecewise;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code piecewise_unit} in RTL over a grid of channel counts, lane foldings, stream and multiplier widths,
 * against the golden model's {@link PiecewiseLayer#apply} bit for bit and against {@link PiecewiseUnitModel}
 * to the cycle, under random back-pressure on the input and the output. Each stall setting runs another layer:
 * Maxout (slopes of either sign, saturating), PReLU (negative slopes), ReLU and Hardtanh compiled by the
 * integer compiler, and a raw layer of extreme slopes and shifts (rounding ties, shifts past the product's
 * width). Inputs include 0, ±1, both ends of the stream range and the Hardtanh bounds with their neighbours.
 */
@Tag("rtl")
class PiecewiseUnitIT {
    /** About this many beats per run; at least two pixels. */
    private static final int BEATS = 120;

    static Stream<PiecewiseUnitConfig> grid() {
        // channels, lanes, stream width, multiplier width
        int[][] g = {
            {1, 1, 8, 24}, {3, 1, 28, 24}, {3, 3, 28, 32}, {16, 16, 8, 24}, {16, 4, 28, 8}, {65, 5, 28, 24},
            {65, 13, 8, 16}, {65, 65, 8, 24},
        };
        List<PiecewiseUnitConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new PiecewiseUnitConfig(r[0], r[1], r[2], r[3]));
        }
        return l.stream();
    }

    /** Yosys synthesis of wide multiplier arrays takes minutes: it runs on the narrow configurations. */
    private static boolean synthesised(PiecewiseUnitConfig c) {
        return c.lanes() <= 3;
    }

    private static int pixels(PiecewiseUnitConfig c) {
        return Math.max(2, (BEATS + c.folds() - 1) / c.folds());
    }

    private static PiecewiseLayer layer(PiecewiseUnitConfig c, Piecewise kind, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        QuantConfig q = ElementwiseLayers.formats(c.streamWidth(), c.multWidth());
        return ElementwiseLayers.piecewise(kind, new Shape(c.channels(), 1, pixels(c)), q, r);
    }

    /** The layer of a stall setting: every configuration meets every kind over the five settings. */
    private static Piecewise kind(PiecewiseUnitConfig c, Stalls stalls) {
        Piecewise[] k = Piecewise.values();
        return k[Math.floorMod(c.moduleName().hashCode() + (int) stalls.seed(), k.length)];
    }

    private static Scenario scenario(PiecewiseUnitConfig c, Stalls stalls) {
        Piecewise kind = kind(c, stalls);
        PiecewiseLayer layer = layer(c, kind, stalls.seed());
        RtlDesign design = PiecewiseUnitRtl.design(RENDERER, c.moduleName(), c, layer);
        QuantConfig q = ElementwiseLayers.formats(c.streamWidth(), c.multWidth());
        Shape shape = layer.shape();
        int[] x = ElementwiseLayers.tensor(shape, q, new SplittableRandom(stalls.seed() * 31 + 7), layer.lo(), layer.hi());
        int[] y = layer.apply(List.of(x), null);
        Function<long[], BigInteger> pack = c::packValues;
        List<BigInteger> in = ElementwiseLayers.beats(x, shape, c.lanes(), pack);
        List<BigInteger> expected = ElementwiseLayers.beats(y, shape, c.lanes(), pack);
        return new Scenario(c.moduleName() + "-" + kind.name().toLowerCase() + "-" + stalls, design, Map.of("x", in),
                Map.of("y", expected), RtlTestSupport.pattern(stalls, in.size()), stalls.seed(), run -> {
                    var s = run.input("x", in);
                    var o = run.output("y", expected.size(), Function.<BigInteger>identity());
                    run.add(new PiecewiseUnitModel("piecewise", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(PiecewiseUnitConfig c) {
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
    void icarusMatchesTheGoldenModelAndTheSimulator(PiecewiseUnitConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(PiecewiseUnitConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = PiecewiseUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, Piecewise.MAXOUT, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        if (synthesised(c)) {
            RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
            // At least one multiplier's worth of cells per lane survives synthesis.
            assertTrue(syn.cells() >= c.lanes() * c.productWidth(), "Yosys kept " + syn.cells() + " cells of " + c);
        } else {
            RtlChecks.verilatorLint(design, dir);
            RtlChecks.iverilogCompile(design, dir);
        }
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(16, 4, 8, 24);
        Path dir = TARGET.resolve("rtl-checks").resolve("piecewise_unit_illegal");
        PiecewiseUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, Piecewise.RELU, 1)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=65", "-GLANES=4",
                "--top-module", "piecewise_unit", "piecewise_unit.v", "mul_split.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted LANES = 4 for 65 channels");
        assertTrue(r.output().contains("piecewise_unit: illegal parameters CHANNELS = 65, LANES = 4"), r.output());
    }
}
