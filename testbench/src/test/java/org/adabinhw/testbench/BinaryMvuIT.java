package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
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
import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.generator.blocks.BinaryMvuRtl;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.simulator.BinaryMvuModel;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code binary_mvu} in RTL over a pruned grid of (C, SIMD), (O, PE), kernel, stride, padding and map sizes,
 * against the golden model's {@link BinaryConvLayer#apply} bit for bit and against {@link BinaryMvuModel} to
 * the cycle, under random back-pressure on both sides, {@value #IMAGES} images back to back. The layers have
 * random weights and constants: per channel either large multipliers (saturation on both ends) or small ones
 * with small shifts (rounding ties). The window beats come from {@link #windowBeats}, a plain function of the
 * input tensor and the geometry.
 */
@Tag("rtl")
class BinaryMvuIT {
    private static final int IMAGES = 2;
    /** No stalls (run length = closed form), then 30–50 % stalls on both sides. */
    private static final List<Stalls> STALLS = List.of(new Stalls(0, 0, 1), new Stalls(0.3, 0.5, 2),
            new Stalls(0.5, 0.3, 3));

    static Stream<BinaryMvuConfig> grid() {
        // C, SIMD, O, PE, K, stride, padding, H, W, stream width, output lanes
        int[][] g = {
            {1, 1, 1, 1, 1, 1, 0, 5, 5, 8, 1},
            {16, 4, 8, 2, 3, 1, 1, 5, 5, 8, 1},
            {65, 5, 10, 5, 3, 2, 1, 5, 5, 8, 1},
            {64, 64, 16, 16, 1, 1, 0, 4, 6, 8, 16},
            {130, 13, 8, 2, 3, 1, 0, 4, 6, 12, 2},
            {16, 4, 1, 1, 3, 2, 0, 5, 5, 8, 1},
            {1, 1, 10, 5, 3, 1, 1, 4, 6, 8, 1},
            {64, 64, 8, 2, 3, 2, 1, 4, 6, 28, 1},
            {65, 5, 16, 16, 1, 2, 0, 5, 5, 8, 2},
            {64, 64, 10, 5, 1, 1, 0, 5, 5, 8, 5},
            {1, 1, 8, 2, 1, 1, 0, 4, 6, 8, 2},
            {130, 13, 1, 1, 3, 1, 1, 4, 6, 8, 1},
            {32, 8, 32, 32, 3, 1, 1, 4, 4, 28, 1},
            {16, 16, 32, 8, 3, 2, 1, 6, 6, 28, 4},
        };
        List<BinaryMvuConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new BinaryMvuConfig(r[0], r[2], r[4], r[1], r[3], r[7], r[8], r[5], r[6], r[9], 27, r[10]));
        }
        return l.stream();
    }

    /** A random layer: weights, thresholds 0, per channel large or small constants. */
    static BinaryConvLayer layer(BinaryMvuConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        ConvGeometry g = c.geometry();
        int o = c.outChannels();
        long[] wb = new long[o * c.taps() * BinaryConvLayer.words(c.channels())];
        for (int ch = 0; ch < c.channels(); ch++) {
            for (int ot = 0; ot < o * c.taps(); ot++) {
                if (r.nextBoolean()) {
                    wb[ot * BinaryConvLayer.words(c.channels()) + ch / 64] |= 1L << (ch % 64);
                }
            }
        }
        int shift = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(5);
        int[] mx = new int[o];
        int[] ma = new int[o];
        long[] bias = new long[o * g.classes()];
        int cmax = (1 << 26) - 1;
        for (int k = 0; k < o; k++) {
            boolean large = (k + seed) % 3 == 0;
            int m = large ? cmax : 3;
            mx[k] = k % 7 == 6 ? -cmax - 1 : r.nextInt(-m, m + 1);
            ma[k] = r.nextInt(-m, m + 1);
            for (int cls = 0; cls < g.classes(); cls++) {
                long b = large ? 1L << 40 : 8L << shift;
                bias[k * g.classes() + cls] = r.nextLong(-b, b + 1);
            }
        }
        QuantConfig q = QuantConfig.DEFAULT.withStream(c.streamWidth(), Math.min(20, c.streamWidth() - 1));
        return new BinaryConvLayer("conv", "x", g, new int[c.channels()], wb, mx, ma, bias, shift, q);
    }

    /** A random input tensor C×H×W of values ±1 (bit = value ≥ 0 with threshold 0). */
    static int[] input(BinaryMvuConfig c, SplittableRandom r) {
        int[] x = new int[c.channels() * c.inHeight() * c.inWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextBoolean() ? 1 : -1;
        }
        return x;
    }

    /**
     * The window beats (TDATA) of one image: per output pixel in raster order, per tap (ky, kx) and channel
     * fold f, the activation bits of channels f·SIMD … and tap_valid at bit SIMD (0 with bits 0 in the padding).
     */
    static List<BigInteger> windowBeats(BinaryMvuConfig c, long[] bits) {
        int words = BinaryConvLayer.words(c.channels());
        int laneWords = (c.simd() + 63) / 64;
        List<BigInteger> beats = new ArrayList<>();
        for (int oy = 0; oy < c.outHeight(); oy++) {
            for (int ox = 0; ox < c.outWidth(); ox++) {
                for (int ky = 0; ky < c.kernel(); ky++) {
                    for (int kx = 0; kx < c.kernel(); kx++) {
                        int iy = oy * c.stride() - c.padding() + ky;
                        int ix = ox * c.stride() - c.padding() + kx;
                        boolean valid = iy >= 0 && iy < c.inHeight() && ix >= 0 && ix < c.inWidth();
                        for (int f = 0; f < c.folds(); f++) {
                            long[] b = new long[laneWords];
                            if (valid) {
                                int p = iy * c.inWidth() + ix;
                                for (int i = 0; i < c.simd(); i++) {
                                    int ch = f * c.simd() + i;
                                    if ((bits[p * words + ch / 64] >>> (ch % 64) & 1) != 0) {
                                        b[i >>> 6] |= 1L << (i & 63);
                                    }
                                }
                            }
                            beats.add(c.packWindowBeat(b, valid));
                        }
                    }
                }
            }
        }
        return beats;
    }

    private static Scenario scenario(BinaryMvuConfig c, Stalls stalls) {
        BinaryConvLayer layer = layer(c, stalls.seed());
        RtlDesign design = BinaryMvuRtl.design(RENDERER, c.moduleName(), c, layer);
        SplittableRandom r = new SplittableRandom(stalls.seed() * 31 + 5);
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        int positions = c.outPixels();
        for (int img = 0; img < IMAGES; img++) {
            int[] x = input(c, r);
            in.addAll(windowBeats(c, layer.activationBits(x)));
            int[] out = layer.apply(List.of(x), null);
            for (int p = 0; p < positions; p++) {
                for (int g = 0; g < c.outGroups(); g++) {
                    long[] v = new long[c.lanes()];
                    for (int i = 0; i < c.lanes(); i++) {
                        v[i] = out[(g * c.lanes() + i) * positions + p];
                    }
                    expected.add(c.packValues(v));
                }
            }
        }
        long cycles = c.runLength((long) IMAGES * positions);
        StallPattern pattern = StallPattern.random(stalls.seed(), 1, 1, stalls.in(), stalls.out(),
                (int) Math.min(200_000, 3 * cycles + 64));
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("window", in), Map.of("values", expected),
                pattern, stalls.seed(), run -> {
                    var s = run.input("window", in);
                    var o = run.<BigInteger>output("values", expected.size(), v -> v);
                    run.add(new BinaryMvuModel("mvu", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(BinaryMvuConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength((long) IMAGES * c.outPixels()), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(BinaryMvuConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(1)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(BinaryMvuConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = BinaryMvuRtl.design(RENDERER, c.moduleName(), c, layer(c, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.lanes(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        BinaryMvuConfig c = new BinaryMvuConfig(16, 8, 3, 4, 2, 5, 5, 1, 1, 8, 27);
        Path dir = TARGET.resolve("rtl-checks").resolve("binary_mvu_illegal");
        BinaryMvuRtl.design(RENDERER, c.moduleName(), c, layer(c, 1)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=65", "-GSIMD=4",
                "--top-module", "binary_mvu", "binary_mvu.v", "mvu_drain.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted SIMD = 4 for 65 channels");
        assertTrue(r.output().contains("binary_mvu: illegal parameters CHANNELS = 65, SIMD = 4"), r.output());
    }
}
