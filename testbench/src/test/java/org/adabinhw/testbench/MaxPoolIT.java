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
import org.adabinhw.generator.blocks.MaxPoolConfig;
import org.adabinhw.generator.blocks.MaxPoolRtl;
import org.adabinhw.golden.integer.MaxPoolLayer;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.MaxPoolModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code max_pool} in RTL over a grid of foldings (SIMD 1, SIMD = C and between), stream widths 8 and 28,
 * kernels 1, 2, 3 and 5, strides 1 and 2, paddings and odd and even map sizes (the ImageNet stem's 3×3, stride 2,
 * padding 1; a 1×1 image whose window has one tap inside), against the golden model's
 * {@link MaxPoolLayer#apply} bit for bit and against {@link MaxPoolModel} to the cycle, under random
 * back-pressure, {@value #IMAGES} images back to back. The window beats come from {@link PoolWindows#windows},
 * a plain function of the input tensor; the values sit at both ends of the stream range.
 */
@Tag("rtl")
class MaxPoolIT {
    private static final int IMAGES = 2;

    static Stream<MaxPoolConfig> grid() {
        // C, SIMD, W, K, stride, padding, H, W
        int[][] g = {
            {4, 4, 8, 3, 2, 1, 7, 7},
            {4, 1, 8, 3, 2, 1, 6, 6},
            {6, 2, 28, 3, 2, 1, 5, 6},
            {3, 3, 28, 2, 2, 0, 5, 5},
            {1, 1, 8, 3, 1, 1, 4, 5},
            {8, 4, 8, 1, 1, 0, 3, 3},
            {2, 1, 28, 1, 2, 0, 4, 5},
            {5, 5, 8, 5, 1, 2, 5, 5},
            {16, 16, 28, 2, 1, 0, 3, 4},
            {6, 3, 8, 3, 1, 0, 5, 4},
            {2, 2, 8, 3, 1, 1, 1, 1},
            {3, 1, 28, 3, 2, 1, 6, 5},
        };
        List<MaxPoolConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new MaxPoolConfig(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]));
        }
        return l.stream();
    }

    /** The golden layer of a configuration, its output shape by PyTorch's rule. */
    static MaxPoolLayer layer(MaxPoolConfig c) {
        Shape in = new Shape(c.channels(), c.inHeight(), c.inWidth());
        Shape out = new Op.MaxPool2d(c.kernel(), c.stride(), c.padding(), false).outputShape(List.of(in));
        return new MaxPoolLayer("pool", "x", in, out, c.kernel(), c.stride(), c.padding());
    }

    private static PoolWindows.Geometry geometry(MaxPoolConfig c) {
        return new PoolWindows.Geometry(c.channels(), c.simd(), c.streamWidth(), c.kernel(), c.stride(), c.padding(),
                c.inHeight(), c.inWidth());
    }

    private static Scenario scenario(MaxPoolConfig c, Stalls stalls) {
        MaxPoolLayer layer = layer(c);
        MaxPoolConfig fromLayer = MaxPoolConfig.of(layer, c.simd(), c.streamWidth());
        assertEquals(c, fromLayer, "the factory of " + layer);
        PoolWindows.Geometry g = geometry(c);
        SplittableRandom r = new SplittableRandom(stalls.seed() * 7919 + c.moduleName().hashCode());
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        for (int img = 0; img < IMAGES; img++) {
            int[] x = PoolWindows.image(g, r, img);
            in.addAll(PoolWindows.windows(g, x));
            expected.addAll(PoolWindows.values(g, layer.apply(List.of(x), null)));
        }
        RtlDesign design = MaxPoolRtl.design(RENDERER, c.moduleName(), c);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("window", in), Map.of("values", expected),
                RtlTestSupport.pattern(stalls, in.size() + expected.size()), stalls.seed(), run -> {
                    var s = run.input("window", in);
                    var o = run.<BigInteger>output("values", expected.size(), b -> b);
                    run.add(new MaxPoolModel("pool", c, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(MaxPoolConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            CoSimReport r = COSIM.run(scenario(c, stalls), Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength((long) IMAGES * c.outPixels()), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(MaxPoolConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(MaxPoolConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = MaxPoolRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.simd(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        MaxPoolConfig c = new MaxPoolConfig(16, 4, 8, 3, 2, 1, 5, 5);
        Path dir = TARGET.resolve("rtl-checks").resolve("max_pool_illegal");
        MaxPoolRtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=6", "-GSIMD=4",
                "--top-module", "max_pool", "max_pool.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted SIMD = 4 for 6 channels");
        assertTrue(r.output().contains("max_pool: illegal parameters CHANNELS = 6, SIMD = 4"), r.output());
    }
}
