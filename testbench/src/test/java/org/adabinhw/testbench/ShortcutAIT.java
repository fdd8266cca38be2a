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
import java.util.stream.Stream;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.ShortcutAConfig;
import org.adabinhw.generator.blocks.ShortcutARtl;
import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.ShortcutAModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code shortcut_a} in RTL over the ResNet-20 case (16 → 32 channels, 8 zero channels each side, stride 2 on
 * an 8×8 map) and its stage-3 analogue, odd sizes (7×7, 5×6, 7×5), stride 1 with padding, stride 3, no padding,
 * a 1×1 image, lanes 1 to 16 and lane widths 8 and 28, against the golden model's {@link ShortcutLayer#apply}
 * bit for bit and against {@link ShortcutAModel} to the cycle, under random back-pressure, {@value #IMAGES}
 * images back to back. The layer comes from the IR's {@link Op.ShortcutA}, which fixes the output shape.
 * <p>
 * A run ends {@value CoSimulation#DRAIN_CYCLES} cycles after the last output beat, so the dropped pixels after
 * the last kept one may not all be consumed; the simulator and the RTL are compared on the same cycles.
 */
@Tag("rtl")
class ShortcutAIT {
    private static final int IMAGES = 2;

    static Stream<ShortcutAConfig> grid() {
        // {C, H, W, stride, pad, lanes, laneWidth}
        int[][] g = {
            {16, 8, 8, 2, 8, 8, 28},
            {16, 8, 8, 2, 8, 1, 28},
            {32, 8, 8, 2, 16, 16, 28},
            {16, 7, 7, 2, 8, 8, 28},
            {16, 5, 6, 2, 8, 4, 8},
            {8, 5, 5, 1, 4, 4, 28},
            {3, 7, 5, 3, 3, 3, 8},
            {16, 8, 8, 2, 0, 16, 28},
            {2, 1, 1, 2, 2, 2, 8},
        };
        List<ShortcutAConfig> l = new ArrayList<>();
        for (int[] v : g) {
            l.add(new ShortcutAConfig(v[0], v[1], v[2], v[3], v[4], v[5], v[6]));
        }
        return l.stream();
    }

    /** The golden layer of a configuration, its output shape inferred by the IR's op. */
    static ShortcutLayer layer(ShortcutAConfig c) {
        Shape in = new Shape(c.channels(), c.height(), c.width());
        Shape out = new Op.ShortcutA(c.stride(), c.padChannels()).outputShape(List.of(in));
        return new ShortcutLayer("shortcut", "x", in, out, c.stride(), c.padChannels());
    }

    /** A C×H×W tensor as pixel-major beats of {@code lanes} lanes, channel f·lanes + i in lane i of beat f. */
    static List<BigInteger> beats(int[] x, Shape s, int lanes, int laneWidth) {
        List<BigInteger> l = new ArrayList<>();
        for (int p = 0; p < s.plane(); p++) {
            for (int f = 0; f < s.channels() / lanes; f++) {
                long[] v = new long[lanes];
                for (int i = 0; i < lanes; i++) {
                    v[i] = x[(f * lanes + i) * s.plane() + p];
                }
                l.add(Lanes.pack(v, laneWidth));
            }
        }
        return l;
    }

    private static Scenario scenario(ShortcutAConfig c, Stalls stalls) {
        ShortcutLayer layer = layer(c);
        ShortcutAConfig.of(layer, c.lanes(), c.laneWidth());
        SplittableRandom r = new SplittableRandom(stalls.seed() * 7919 + c.moduleName().hashCode());
        int lo = c.laneWidth() == 1 ? 0 : -(1 << (c.laneWidth() - 1));
        int hi = c.laneWidth() == 1 ? 2 : 1 << (c.laneWidth() - 1);
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        for (int img = 0; img < IMAGES; img++) {
            int[] x = new int[layer.in().size()];
            for (int i = 0; i < x.length; i++) {
                // Nonzero values, so that a zero beat in place of a data beat shows.
                do {
                    x[i] = r.nextInt(lo, hi);
                } while (x[i] == 0);
            }
            in.addAll(beats(x, layer.in(), c.lanes(), c.laneWidth()));
            expected.addAll(beats(layer.apply(List.of(x), null), layer.out(), c.lanes(), c.laneWidth()));
        }
        RtlDesign design = ShortcutARtl.design(RENDERER, c.moduleName(), c, layer);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("x", in), Map.of("y", expected),
                RtlTestSupport.pattern(stalls, in.size() + expected.size()), stalls.seed(), run -> {
                    var x = run.input("x", in);
                    var y = run.<BigInteger>output("y", expected.size(), b -> b);
                    run.add(new ShortcutAModel("shortcut", c, x, y));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(ShortcutAConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(IMAGES), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(ShortcutAConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(ShortcutAConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = ShortcutARtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.lanes(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        ShortcutAConfig c = new ShortcutAConfig(16, 8, 8, 2, 8, 8, 28);
        Path dir = TARGET.resolve("rtl-checks").resolve("shortcut_a_illegal");
        ShortcutARtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=16", "-GPAD_CHANNELS=8",
                "-GLANES=16", "--top-module", "shortcut_a", "shortcut_a.v", "axis_fifo.v"), dir,
                java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted LANES = 16 for PAD_CHANNELS = 8");
        assertTrue(r.output().contains("shortcut_a: illegal parameters CHANNELS = 16, PAD_CHANNELS = 8, LANES = 16"),
                r.output());
    }
}
