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

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.HeadUnitConfig;
import org.adabinhw.generator.blocks.HeadUnitRtl;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.HeadUnitModel;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code head_unit} in RTL over a grid of channel counts (10, 16, 64, 65), lane foldings (1, C and a divisor),
 * feature maps (1×1, 4×4, 7×7, 8×8), classes (10, 3), HEAD_PE (1, J and one in between) and stream widths
 * (28, 12), against the golden model's {@link HeadLayer#apply} bit for bit and against {@link HeadUnitModel}
 * to the cycle, under random back-pressure, {@value #IMAGES} images back to back. The grid has configurations
 * whose MAC phase is shorter than an image's input, longer (the input stalls from the third image on), and
 * equal. The layers' constants are seeded random values of the right widths: a third of the classes use
 * full-range weights (the extremes included) and biases, so that their logits saturate on both ends, the others
 * small ones, so that the rounding shows; the images cycle through full-range values, small values, and all
 * values at the stream's minimum or maximum (the largest sums and accumulators). Every configuration passes
 * Verilator's lint and an Icarus compile; Yosys synthesises a few small ones (see {@link #synthesisGrid}).
 */
@Tag("rtl")
class HeadUnitIT {
    private static final int IMAGES = 4;
    /** Rounding shifts, one per stall seed: none, small, medium, and the largest legal one. */
    private static final int[] SHIFTS = {0, 5, 17, 30, HeadUnitConfig.MAX_SHIFT};

    static Stream<HeadUnitConfig> grid() {
        // C, LANES, H, W, J, HEAD_PE, stream width;   T_in = H·W·C/LANES, T_mac = J·C/HEAD_PE
        int[][] g = {
            {10, 1, 4, 4, 10, 1, 28},     // T_in 160 > T_mac 100
            {1, 1, 4, 4, 10, 1, 28},      // one channel: a group every cycle, the group FIFO's credits at their limit
            {10, 10, 1, 1, 10, 10, 12},   // T_in 1 < T_mac 10: an image per beat, FOLDS = 1
            {10, 5, 7, 7, 3, 3, 28},      // T_in 98 > T_mac 10
            {10, 2, 2, 2, 10, 5, 12},     // T_in 20 = T_mac 20
            {16, 4, 4, 4, 10, 1, 12},     // T_in 64 < T_mac 160
            {16, 16, 8, 8, 10, 10, 28},   // T_in 64 > T_mac 16, FOLDS = 1 read-modify-write back to back
            {16, 1, 1, 1, 3, 1, 28},      // T_in 16 < T_mac 48
            {64, 64, 8, 8, 10, 1, 28},    // T_in 64 < T_mac 640, FOLDS = 1
            {64, 8, 7, 7, 3, 3, 12},      // T_in 392 > T_mac 64
            {64, 1, 4, 4, 10, 10, 12},    // T_in 1024 > T_mac 64
            {65, 5, 8, 8, 10, 10, 28},    // T_in 832 > T_mac 65, the widest accumulator of the grid
            {65, 65, 4, 4, 3, 1, 12},     // T_in 16 < T_mac 195
            {65, 13, 1, 1, 10, 1, 28},    // T_in 5 < T_mac 650
        };
        List<HeadUnitConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new HeadUnitConfig(r[0], r[1], r[2], r[3], r[4], r[5], r[6], 24));
        }
        return l.stream();
    }

    /** A random classifier layer for the configuration, as {@code IntegerCompiler} would emit it. */
    static HeadLayer layer(HeadUnitConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        int shift = SHIFTS[(int) (seed % SHIFTS.length)];
        int[] w = new int[c.classes() * c.channels()];
        long[] b = new long[c.classes()];
        long bMax = (1L << (HeadUnitConfig.BIAS_WIDTH - 1)) - 1;
        for (int j = 0; j < c.classes(); j++) {
            boolean large = (j + seed) % 3 == 0;
            for (int ch = 0; ch < c.channels(); ch++) {
                int k = j * c.channels() + ch;
                if (large) {
                    w[k] = ch == 0 ? (int) c.weightMin() : ch == 1 ? (int) c.weightMax()
                            : (int) r.nextLong(c.weightMin(), c.weightMax() + 1);
                } else {
                    w[k] = r.nextInt(-200, 201);
                }
            }
            if (large) {
                b[j] = j % 2 == 0 ? r.nextLong(-bMax - 1, bMax + 1) : (j % 4 == 1 ? bMax : -bMax - 1);
            } else {
                long m = Math.min(bMax, 1L << Math.min(46, shift + 8));
                b[j] = r.nextLong(-m, m + 1);
            }
        }
        QuantConfig q = new QuantConfig(c.streamWidth(), Math.min(20, c.streamWidth() - 1), 27, c.weightWidth(),
                HeadUnitConfig.LOGIT_WIDTH);
        return new HeadLayer("fc", "x", new Shape(c.channels(), c.height(), c.width()), true, c.classes(), w, b, shift, q);
    }

    /** Image {@code n} of a run, {@code C×H×W}: full-range, small, all minimum or all maximum values. */
    static int[] image(HeadUnitConfig c, SplittableRandom r, int n) {
        int[] x = new int[c.channels() * c.pixels()];
        int small = 1 << Math.min(c.streamWidth() - 1, 8);
        for (int i = 0; i < x.length; i++) {
            x[i] = switch (n % 4) {
                case 0 -> r.nextInt(c.valueMin(), c.valueMax() + 1);
                case 1 -> r.nextInt(-small, small);
                case 2 -> c.valueMin();
                default -> c.valueMax();
            };
        }
        return x;
    }

    /** The input stream of one image: pixels in raster order, channels folded by LANES. */
    static List<BigInteger> beats(HeadUnitConfig c, int[] x) {
        List<BigInteger> s = new ArrayList<>();
        int plane = c.pixels();
        for (int p = 0; p < plane; p++) {
            for (int f = 0; f < c.folds(); f++) {
                int[] v = new int[c.lanes()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = x[(f * c.lanes() + i) * plane + p];
                }
                s.add(c.packValues(v));
            }
        }
        return s;
    }

    private static Scenario scenario(HeadUnitConfig c, Stalls stalls, long[] saturated) {
        HeadLayer layer = layer(c, stalls.seed());
        RtlDesign design = HeadUnitRtl.design(RENDERER, c.moduleName(), c, layer);
        SplittableRandom r = new SplittableRandom(stalls.seed() * 31 + 7);
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        IntLayer.Stats stats = new IntLayer.Stats();
        for (int img = 0; img < IMAGES; img++) {
            int[] x = image(c, r, img + (int) stalls.seed());
            in.addAll(beats(c, x));
            for (int logit : layer.apply(List.of(x), stats)) {
                expected.add(c.packLogit(logit));
            }
        }
        saturated[0] += stats.of(layer.name())[0];
        long cycles = c.runLength(IMAGES);
        StallPattern pattern = StallPattern.random(stalls.seed(), 1, 1, stalls.in(), stalls.out(),
                (int) Math.min(400_000, 4 * cycles + 256));
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("x", in), Map.of("logits", expected), pattern,
                stalls.seed(), run -> {
                    var s = run.input("x", in);
                    var o = run.<BigInteger>output("logits", expected.size(), b -> b);
                    run.add(new HeadUnitModel("head", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(HeadUnitConfig c) {
        assumeTools(EdaTool.VERILATOR);
        long[] saturated = new long[1];
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls, saturated);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(IMAGES), r.rtl().length(), "run length of " + c);
            }
        }
        assertTrue(saturated[0] > 0, "no logit of " + c + " saturated");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(HeadUnitConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2), new long[1]), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    /**
     * Small configurations for Yosys (a generic synthesis of the grid's wide multipliers and ROMs takes minutes):
     * LANES = 1 and > 1, HEAD_PE = 1 and > 1 (the serialiser's shift register), FOLDS = 1 and > 1, a 1×1 map.
     */
    static Stream<HeadUnitConfig> synthesisGrid() {
        return Stream.of(new HeadUnitConfig(16, 4, 4, 4, 10, 1, 12, 24), new HeadUnitConfig(16, 1, 1, 1, 3, 1, 28, 24),
                new HeadUnitConfig(4, 4, 2, 2, 3, 3, 12, 24));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanAndCompiles(HeadUnitConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG);
        RtlDesign design = HeadUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.verilatorLint(design, dir);
        RtlChecks.iverilogCompile(design, dir);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("synthesisGrid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(HeadUnitConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = HeadUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName() + "-synth");
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        // At least the multipliers and accumulators of every class computed in parallel survive.
        assertTrue(syn.cells() >= 100L * c.headPe(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        HeadUnitConfig c = new HeadUnitConfig(16, 4, 4, 4, 10, 2, 12, 24);
        Path dir = TARGET.resolve("rtl-checks").resolve("head_unit_illegal");
        HeadUnitRtl.design(RENDERER, c.moduleName(), c, layer(c, 1)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=16", "-GLANES=4", "-GCLASSES=10",
                "-GHEAD_PE=4", "--top-module", "head_unit", "head_unit.v", "mul_split.v", "axis_fifo.v"), dir,
                java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted HEAD_PE = 4 for 10 classes");
        assertTrue(r.output().contains("head_unit: illegal parameters CHANNELS = 16, LANES = 4, MAP_HEIGHT = 1, MAP_WIDTH = 1,"
                + " CLASSES = 10, HEAD_PE = 4"), r.output());
    }
}
