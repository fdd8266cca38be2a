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
import org.adabinhw.generator.blocks.SlidingWindowConfig;
import org.adabinhw.generator.blocks.SlidingWindowRtl;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.SlidingWindowModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sliding_window} in RTL over a pruned grid of foldings, element widths, kernels, strides, paddings and
 * image sizes (every border class, stride 2 on odd and even sizes, 1×1 kernels, a last input row no window
 * uses), against windows computed directly from the input tensors bit for bit and against the Java model to
 * the cycle, under random back-pressure, with {@value #IMAGES} images back to back.
 */
@Tag("rtl")
class SlidingWindowIT {
    /** Images per run, streamed back to back. */
    private static final int IMAGES = 2;

    static Stream<SlidingWindowConfig> grid() {
        // {C, SIMD, E, K, S, P, H, W}
        int[][] g = {
            {1, 1, 1, 3, 1, 1, 5, 5},
            {1, 1, 1, 1, 1, 0, 4, 6},
            {1, 1, 1, 3, 2, 0, 5, 5},
            {16, 4, 1, 3, 2, 1, 8, 8},
            {16, 4, 1, 3, 2, 1, 5, 5},
            {16, 4, 1, 1, 1, 0, 8, 8},
            {65, 5, 1, 3, 1, 1, 4, 6},
            {65, 5, 1, 1, 2, 0, 5, 5},
            {3, 3, 8, 3, 1, 0, 8, 8},
            {3, 3, 8, 3, 2, 0, 8, 8},
            {3, 3, 8, 3, 2, 1, 4, 6},
            {16, 16, 28, 3, 1, 1, 8, 8},
            {16, 16, 28, 1, 2, 0, 4, 6},
        };
        List<SlidingWindowConfig> l = new ArrayList<>();
        for (int[] v : g) {
            l.add(new SlidingWindowConfig(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]));
        }
        return l.stream();
    }

    /** Random images, {@code x[n][c][y][x]}, each lane value in {@code [0, 2^E)}. */
    private static int[][][][] images(SlidingWindowConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        int[][][][] x = new int[IMAGES][c.channels()][c.height()][c.width()];
        for (int[][][] img : x) {
            for (int[][] ch : img) {
                for (int[] row : ch) {
                    for (int i = 0; i < row.length; i++) {
                        row[i] = r.nextInt(1 << c.elementWidth());
                    }
                }
            }
        }
        return x;
    }

    /** The lanes of beat {@code f} of pixel {@code (y, x)}: channels {@code f·simd …}, lane 0 lowest. */
    private static BigInteger lanes(SlidingWindowConfig c, int[][][] img, int y, int x, int f) {
        int[] v = new int[c.simd()];
        for (int i = 0; i < c.simd(); i++) {
            v[i] = img[f * c.simd() + i][y][x];
        }
        return Lanes.pack(v, c.elementWidth());
    }

    /** The input stream: pixels in raster order, channels folded by SIMD. */
    static List<BigInteger> pixelStream(SlidingWindowConfig c, int[][][][] x) {
        List<BigInteger> s = new ArrayList<>();
        for (int[][][] img : x) {
            for (int y = 0; y < c.height(); y++) {
                for (int xx = 0; xx < c.width(); xx++) {
                    for (int f = 0; f < c.folds(); f++) {
                        s.add(lanes(c, img, y, xx, f));
                    }
                }
            }
        }
        return s;
    }

    /**
     * The golden windows, computed from the tensors: per output pixel in raster order, taps in the order ky, kx,
     * fold; a tap is valid when its input pixel lies inside the image, the rule of {@link ConvGeometry}, whose
     * per-border-class masks it is checked against.
     */
    static List<BigInteger> windowStream(SlidingWindowConfig c, int[][][][] x) {
        ConvGeometry geo = new ConvGeometry(new Shape(c.channels(), c.height(), c.width()),
                new Shape(1, c.outHeight(), c.outWidth()), c.kernel(), c.kernel(), c.stride(), c.padding());
        List<BigInteger> s = new ArrayList<>();
        for (int[][][] img : x) {
            for (int oy = 0; oy < c.outHeight(); oy++) {
                for (int ox = 0; ox < c.outWidth(); ox++) {
                    boolean[] mask = geo.validTaps(geo.classOf(oy, ox));
                    for (int ky = 0; ky < c.kernel(); ky++) {
                        for (int kx = 0; kx < c.kernel(); kx++) {
                            int iy = oy * c.stride() - c.padding() + ky;
                            int ix = ox * c.stride() - c.padding() + kx;
                            boolean inside = iy >= 0 && iy < c.height() && ix >= 0 && ix < c.width();
                            assertEquals(mask[ky * c.kernel() + kx], inside,
                                    "ConvGeometry's mask at (" + oy + ", " + ox + ") tap (" + ky + ", " + kx + ")");
                            for (int f = 0; f < c.folds(); f++) {
                                s.add(c.windowBeat(inside, inside ? lanes(c, img, iy, ix, f) : BigInteger.ZERO));
                            }
                        }
                    }
                }
            }
        }
        return s;
    }

    private static Scenario scenario(SlidingWindowConfig c, Stalls stalls) {
        int[][][][] x = images(c, stalls.seed());
        List<BigInteger> in = pixelStream(c, x);
        List<BigInteger> expected = windowStream(c, x);
        RtlDesign design = SlidingWindowRtl.design(RENDERER, c.moduleName(), c);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("pixels", in), Map.of("windows", expected),
                RtlTestSupport.pattern(stalls, in.size() + expected.size()), stalls.seed(), run -> {
                    var s = run.input("pixels", in);
                    var o = run.<BigInteger>output("windows", expected.size(), b -> b);
                    run.add(new SlidingWindowModel("window", c, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenWindowsAndTheSimulator(SlidingWindowConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                long in = s.stimulus().get("pixels").size();
                long out = s.expected().get("windows").size();
                long length = r.rtl().length();
                System.out.printf("sliding_window throughput %s: %d in, %d out beats in %d cycles: %.3f out beats/cycle,"
                        + " %d cycles above max(in, out)%n", c.moduleName(), in, out, length, (double) out / length,
                        length - Math.max(in, out));
                // Once primed, one beat per cycle on the busier side: the excess is the priming of the first rows
                // (at most K rows of input before the first window) and pipeline latency.
                long priming = (long) (c.kernel() + 1) * c.width() * c.folds() + 8;
                assertTrue(length <= Math.max(in, out) + priming * IMAGES, "run length " + length + " of " + c
                        + " exceeds max(in, out) + priming = " + (Math.max(in, out) + priming * IMAGES));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenWindowsAndTheSimulator(SlidingWindowConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(SlidingWindowConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = SlidingWindowRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() > 0, "Yosys kept no cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        SlidingWindowConfig c = new SlidingWindowConfig(16, 4, 1, 3, 1, 1, 5, 5);
        Path dir = TARGET.resolve("rtl-checks").resolve("sliding_window_illegal");
        SlidingWindowRtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=16", "-GSIMD=4", "-GSTRIDE=3",
                "--top-module", "sliding_window", "sliding_window.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted STRIDE = 3");
        assertTrue(r.output().contains("sliding_window: illegal parameters CHANNELS = 16, SIMD = 4, ELEM_WIDTH = 1, KERNEL = 3,"
                + " STRIDE = 3"), r.output());
    }
}
