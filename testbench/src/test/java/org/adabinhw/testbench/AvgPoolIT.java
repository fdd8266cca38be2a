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
import org.adabinhw.generator.blocks.AvgPoolConfig;
import org.adabinhw.generator.blocks.AvgPoolRtl;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.AvgPoolModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code avg_pool} in RTL over a grid of foldings (SIMD 1, SIMD = C and between), stream widths 8 and 28,
 * kernels 1 to 5, strides 1 and 2, paddings, both {@code count_include_pad} rules and odd and even map sizes (the
 * ImageNet shortcut's 2×2, stride 2 without padding counts; 3×3, stride 1, padding 1 counting the padding;
 * divisors 1 to 25, among them 6, 9, 15 and 25; a window over the whole map), against the golden model's
 * {@link AvgPoolLayer#apply} bit for bit and against {@link AvgPoolModel} to the cycle, under random
 * back-pressure, {@value #IMAGES} images back to back. The window beats come from {@link PoolWindows#windows};
 * the values sit at both ends of the stream range, so that averages saturate where {@code R[d] > 2^16/d}.
 */
@Tag("rtl")
class AvgPoolIT {
    private static final int IMAGES = 2;

    /** One configuration and the count rule of its layer. */
    record Case(AvgPoolConfig config, boolean countIncludePad) {
        @Override
        public String toString() {
            return config.moduleName() + (countIncludePad ? "_incpad" : "_excpad");
        }
    }

    static Stream<Case> grid() {
        // C, SIMD, W, K, stride, padding, H, W, count_include_pad
        int[][] g = {
            {4, 4, 8, 2, 2, 0, 6, 6, 0},
            {3, 1, 28, 2, 2, 0, 4, 6, 0},
            {4, 2, 28, 3, 1, 1, 5, 5, 1},
            {4, 2, 8, 3, 1, 1, 5, 6, 0},
            {2, 2, 28, 3, 2, 1, 7, 7, 0},
            {1, 1, 8, 3, 2, 1, 6, 6, 1},
            {6, 3, 8, 5, 1, 2, 5, 5, 0},
            {8, 8, 8, 1, 1, 0, 3, 3, 0},
            {2, 1, 28, 4, 2, 2, 5, 5, 0},
            {3, 3, 28, 4, 1, 0, 4, 4, 0},
            {2, 2, 8, 3, 1, 1, 1, 1, 0},
            {5, 1, 8, 3, 1, 1, 3, 4, 1},
        };
        List<Case> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new Case(new AvgPoolConfig(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]), r[8] == 1));
        }
        return l.stream();
    }

    /** The golden layer of a case, its output shape by PyTorch's rule. */
    static AvgPoolLayer layer(Case k) {
        AvgPoolConfig c = k.config();
        Shape in = new Shape(c.channels(), c.inHeight(), c.inWidth());
        Shape out = new Op.AvgPool2d(c.kernel(), c.stride(), c.padding(), false, k.countIncludePad())
                .outputShape(List.of(in));
        QuantConfig q = QuantConfig.DEFAULT.withStream(c.streamWidth(), c.streamWidth() - 8);
        return new AvgPoolLayer("pool", "x", in, out, c.kernel(), c.stride(), c.padding(), k.countIncludePad(), q);
    }

    private static PoolWindows.Geometry geometry(AvgPoolConfig c) {
        return new PoolWindows.Geometry(c.channels(), c.simd(), c.streamWidth(), c.kernel(), c.stride(), c.padding(),
                c.inHeight(), c.inWidth());
    }

    private record Data(List<BigInteger> in, List<BigInteger> expected, long saturated) {
    }

    private static Data data(Case k, long seed) {
        AvgPoolConfig c = k.config();
        AvgPoolLayer layer = layer(k);
        PoolWindows.Geometry g = geometry(c);
        SplittableRandom r = new SplittableRandom(seed * 7919 + k.toString().hashCode());
        IntLayer.Stats stats = new IntLayer.Stats();
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        for (int img = 0; img < IMAGES; img++) {
            int[] x = PoolWindows.image(g, r, img);
            in.addAll(PoolWindows.windows(g, x));
            expected.addAll(PoolWindows.values(g, layer.apply(List.of(x), stats)));
        }
        return new Data(in, expected, stats.of("pool")[0]);
    }

    private static Scenario scenario(Case k, Stalls stalls) {
        AvgPoolConfig c = k.config();
        AvgPoolLayer layer = layer(k);
        assertEquals(c, AvgPoolConfig.of(layer, c.simd()), "the factory of " + layer);
        Data d = data(k, stalls.seed());
        RtlDesign design = AvgPoolRtl.design(RENDERER, c.moduleName(), c, layer);
        return new Scenario(k + "-" + stalls, design, Map.of("window", d.in()), Map.of("values", d.expected()),
                RtlTestSupport.pattern(stalls, d.in().size() + d.expected().size()), stalls.seed(), run -> {
                    var s = run.input("window", d.in());
                    var o = run.<BigInteger>output("values", d.expected().size(), b -> b);
                    run.add(new AvgPoolModel("pool", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(Case k) {
        assumeTools(EdaTool.VERILATOR);
        AvgPoolConfig c = k.config();
        for (Stalls stalls : STALLS) {
            CoSimReport r = COSIM.run(scenario(k, stalls), Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength((long) IMAGES * c.outPixels()), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(Case k) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(k, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(Case k) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        AvgPoolConfig c = k.config();
        RtlDesign design = AvgPoolRtl.design(RENDERER, c.moduleName(), c, layer(k));
        Path dir = TARGET.resolve("rtl-checks").resolve(k.toString());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.simd(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    /** The stimuli saturate some averages somewhere in the grid (otherwise the saturation logic would go untested). */
    @Test
    void theStimuliSaturateTheAverages() {
        long saturated = 0;
        for (Case k : grid().toList()) {
            for (Stalls s : STALLS) {
                saturated += data(k, s.seed()).saturated();
            }
        }
        assertTrue(saturated > 0, "no average saturated");
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        Case k = grid().findFirst().orElseThrow();
        AvgPoolConfig c = k.config();
        Path dir = TARGET.resolve("rtl-checks").resolve("avg_pool_illegal");
        AvgPoolRtl.design(RENDERER, c.moduleName(), c, layer(k)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=4", "-GSIMD=4",
                "-GOUT_HEIGHT=2", "-GROW_CLASSES=3", "--top-module", "avg_pool", "avg_pool.v", "axis_fifo.v"), dir,
                java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted ROW_CLASSES = 3 for OUT_HEIGHT = 2");
        assertTrue(r.output().contains("avg_pool: illegal parameters CHANNELS = 4, SIMD = 4, STREAM_WIDTH = 8, TAPS = 1,"
                + " OUT_HEIGHT = 2"), r.output());
    }
}
