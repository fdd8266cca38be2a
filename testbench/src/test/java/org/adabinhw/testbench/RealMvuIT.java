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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.RealMvuConfig;
import org.adabinhw.generator.blocks.RealMvuRtl;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.RealConvLayer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.RealMvuModel;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code real_mvu} in RTL over a pruned grid: the stem on uint8 pixels (C = 1 and 3, K = 3 pad 1 stride 1,
 * K = 7 pad 3 stride 2), 1×1 stride-2 convolutions on 28-bit and narrow streams, a 3×3 stream convolution,
 * foldings with PE = O, SIMD = C, SIMD = 1 and odd channel counts; against the golden model's
 * {@link RealConvLayer#apply} bit for bit and against {@link RealMvuModel} to the cycle, under random
 * back-pressure, {@value #IMAGES} images back to back.
 * <p>
 * Odd stall seeds take their layer from {@link IntegerCompiler} (a random float convolution and batch norm,
 * on the ImageNet-normalised image for the stem: real weights, per-border-class biases and shift); even
 * seeds take random constants that stress the datapath: per channel full-range weights (saturation on both
 * ends, the most negative weight), mid-range weights, or small weights with small shifts (rounding ties).
 * The window beats come from {@link #windowBeats}, a plain function of the input tensor and the geometry.
 */
@Tag("rtl")
class RealMvuIT {
    private static final int IMAGES = 2;
    /** The most multipliers (PE·SIMD) of a configuration that Yosys synthesises. */
    private static final int SYNTH_MULTIPLIERS = 2;

    static Stream<RealMvuConfig> grid() {
        // C, SIMD, O, PE, K, stride, padding, H, W, pixel input, stream width, weight width, output lanes
        int[][] g = {
            {1, 1, 4, 2, 3, 1, 1, 5, 5, 1, 28, 24, 1},
            {3, 3, 8, 4, 3, 1, 1, 5, 6, 1, 28, 24, 2},
            {3, 1, 4, 4, 7, 2, 3, 8, 8, 1, 28, 24, 1},
            {3, 3, 6, 2, 7, 2, 3, 7, 9, 1, 10, 24, 2},
            {16, 4, 8, 2, 1, 2, 0, 6, 6, 0, 28, 24, 1},
            {5, 5, 7, 7, 1, 2, 0, 5, 7, 0, 10, 24, 7},
            {7, 1, 3, 1, 1, 2, 0, 5, 5, 0, 10, 24, 1},
            {9, 3, 6, 3, 3, 1, 1, 4, 5, 0, 16, 18, 3},
            {1, 1, 16, 16, 3, 1, 1, 6, 6, 1, 28, 24, 2},
        };
        List<RealMvuConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new RealMvuConfig(r[0], r[2], r[4], r[1], r[3], r[7], r[8], r[5], r[6], r[9] != 0, r[10], r[11], r[12]));
        }
        return l.stream();
    }

    /** The stream format of a configuration: ±128 in {@code streamWidth} bits where it has 8 integer bits. */
    static QuantConfig formats(RealMvuConfig c) {
        int w = Math.max(8, c.streamWidth());
        return new QuantConfig(w, w - 8, QuantConfig.DEFAULT.binaryConstWidth(), Math.max(8, c.weightWidth()),
                QuantConfig.DEFAULT.logitWidth());
    }

    /** The layer of a run: compiled from a random float network for odd seeds, random stress constants for even. */
    static RealConvLayer layer(RealMvuConfig c, long seed) {
        return seed % 2 == 1 ? compiled(c, seed) : stress(c, seed);
    }

    private static double[] gaussian(SplittableRandom r, int n, double mean, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian(mean, std);
        }
        return v;
    }

    /**
     * A convolution and its batch norm in float, compiled by the golden model's {@link IntegerCompiler}: on the
     * ImageNet-normalised image for the stem, behind an identity 1×1 stem (whose output is a stream) otherwise.
     */
    static RealConvLayer compiled(RealMvuConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 104_729 + c.moduleName().hashCode());
        int ci = c.channels();
        int o = c.outChannels();
        Shape in = new Shape(ci, c.inHeight(), c.inWidth());
        Op.Conv2d conv = new Op.Conv2d(o, ci, c.kernel(), c.kernel(), c.stride(), c.padding(),
                gaussian(r, o * ci * c.taps(), 0, 1.0 / Math.sqrt(c.fanIn())), gaussian(r, o, 0, 0.1));
        double[] var = new double[o];
        double[] gamma = new double[o];
        for (int k = 0; k < o; k++) {
            var[k] = 0.5 + 1.5 * r.nextDouble();
            gamma[k] = 0.5 + r.nextDouble();
        }
        Op.BatchNorm bn = new Op.BatchNorm(gamma, gaussian(r, o, 0, 0.3), gaussian(r, o, 0, 0.2), var, 1e-5);
        List<Node> nodes = new ArrayList<>();
        InputSpec spec;
        String src;
        if (c.pixelInput()) {
            spec = InputSpec.imagenetNormalised(in);
            src = Network.INPUT;
        } else {
            double[] mean = new double[ci];
            double[] std = new double[ci];
            Arrays.fill(mean, 0.5);
            Arrays.fill(std, 0.25);
            spec = new InputSpec(in, 1.0 / 255.0, mean, std);
            double[] eye = new double[ci * ci];
            for (int k = 0; k < ci; k++) {
                eye[k * ci + k] = 1;
            }
            nodes.add(Node.of("stem", new Op.Conv2d(ci, ci, 1, 1, 1, 0, eye, null), Network.INPUT));
            src = "stem";
        }
        nodes.add(Node.of("conv", conv, src));
        nodes.add(Node.of("bn", bn, "conv"));
        Network net = new Network("real_mvu_it", spec, nodes);
        RealConvLayer layer = (RealConvLayer) IntegerCompiler.compile(net, formats(c)).layer("conv");
        assertEquals(c.pixelInput(), layer.pixelInput(), "the compiled layer's input kind");
        return layer;
    }

    /** Random constants: per channel full-range, mid-range or small weights and biases. */
    static RealConvLayer stress(RealMvuConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.moduleName().hashCode());
        ConvGeometry g = c.geometry();
        int o = c.outChannels();
        int per = c.channels() * c.taps();
        int shift = seed % 4 == 0 ? 1 + r.nextInt(5) : r.nextInt(4) == 0 ? 0 : 10 + r.nextInt(10);
        long xMax = Math.max(-c.laneMin(), c.laneMax());
        int[] w = new int[o * per];
        long[] bias = new long[o * g.classes()];
        for (int k = 0; k < o; k++) {
            int kind = (int) ((k + seed) % 3);
            long limit = switch (kind) {
                case 0 -> c.weightMax();
                // Sums around the output range at this shift.
                case 1 -> Math.max(1, Math.min(c.weightMax(), (1L << Math.min(62, shift + c.streamWidth())) / (c.fanIn() * xMax)));
                default -> 3;
            };
            for (int i = 0; i < per; i++) {
                w[k * per + i] = (int) r.nextLong(-limit, limit + 1);
            }
            if (k % 7 == 6) {
                w[k * per + r.nextInt(per)] = (int) c.weightMin();
            }
            // Full-range channels: biases up to twice the output range (saturating where the products do not).
            long b = kind == 0 ? 1L << Math.min(46, shift + c.streamWidth()) : kind == 1
                    ? 1L << Math.min(46, shift + c.streamWidth() - 1) : 8L << shift;
            for (int cls = 0; cls < g.classes(); cls++) {
                bias[k * g.classes() + cls] = r.nextLong(-b, b);
            }
        }
        return new RealConvLayer("conv", "x", g, c.pixelInput(), w, bias, shift, formats(c));
    }

    /** A random input tensor C×H×W: pixels 0..255, or stream values over the whole range. */
    static int[] input(RealMvuConfig c, SplittableRandom r) {
        int[] x = new int[c.channels() * c.inHeight() * c.inWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (int) r.nextLong(c.laneMin(), c.laneMax() + 1);
        }
        return x;
    }

    /**
     * The window beats of one image: per output pixel in raster order, per tap (ky, kx) and channel fold f,
     * the lanes of channels f·SIMD … and tap_valid above them (0 with lanes 0 in the padding).
     */
    static List<BigInteger> windowBeats(RealMvuConfig c, int[] x) {
        int plane = c.inHeight() * c.inWidth();
        List<BigInteger> beats = new ArrayList<>();
        for (int oy = 0; oy < c.outHeight(); oy++) {
            for (int ox = 0; ox < c.outWidth(); ox++) {
                for (int ky = 0; ky < c.kernel(); ky++) {
                    for (int kx = 0; kx < c.kernel(); kx++) {
                        int iy = oy * c.stride() - c.padding() + ky;
                        int ix = ox * c.stride() - c.padding() + kx;
                        boolean valid = iy >= 0 && iy < c.inHeight() && ix >= 0 && ix < c.inWidth();
                        for (int f = 0; f < c.folds(); f++) {
                            long[] lanes = new long[c.simd()];
                            for (int j = 0; valid && j < c.simd(); j++) {
                                lanes[j] = x[(f * c.simd() + j) * plane + iy * c.inWidth() + ix];
                            }
                            beats.add(c.packWindowBeat(lanes, valid));
                        }
                    }
                }
            }
        }
        return beats;
    }

    private static Scenario scenario(RealMvuConfig c, Stalls stalls) {
        RealConvLayer layer = layer(c, stalls.seed());
        RtlDesign design = RealMvuRtl.design(RENDERER, c.moduleName(), c, layer);
        SplittableRandom r = new SplittableRandom(stalls.seed() * 31 + 5);
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        int positions = c.outPixels();
        IntLayer.Stats stats = new IntLayer.Stats();
        long lows = 0;
        long highs = 0;
        for (int img = 0; img < IMAGES; img++) {
            int[] x = input(c, r);
            in.addAll(windowBeats(c, x));
            int[] out = layer.apply(List.of(x), stats);
            for (int p = 0; p < positions; p++) {
                for (int g = 0; g < c.outGroups(); g++) {
                    long[] v = new long[c.lanes()];
                    for (int i = 0; i < c.lanes(); i++) {
                        v[i] = out[(g * c.lanes() + i) * positions + p];
                        lows += v[i] == c.valueMin() ? 1 : 0;
                        highs += v[i] == c.valueMax() ? 1 : 0;
                    }
                    expected.add(c.packValues(v));
                }
            }
        }
        if (stalls.seed() % 2 == 0) {
            // The stress constants reach both ends of the range and leave values inside it.
            long[] sat = stats.of(layer.name());
            assertTrue(lows > 0 && highs > 0 && sat[0] < sat[1], c + ", seed " + stalls.seed() + ": " + lows + " at the "
                    + "minimum, " + highs + " at the maximum, " + sat[0] + " of " + sat[1] + " saturated");
        }
        long cycles = c.runLength((long) IMAGES * positions);
        StallPattern pattern = StallPattern.random(stalls.seed(), 1, 1, stalls.in(), stalls.out(),
                (int) Math.min(200_000, 3 * cycles + 64));
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("window", in), Map.of("values", expected),
                pattern, stalls.seed(), run -> {
                    var s = run.input("window", in);
                    var o = run.<BigInteger>output("values", expected.size(), v -> v);
                    run.add(new RealMvuModel("mvu", c, layer, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(RealMvuConfig c) {
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
    void icarusMatchesTheGoldenModelAndTheSimulator(RealMvuConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    /**
     * Every configuration passes Verilator's lint and the Icarus compile; those with at most
     * {@value #SYNTH_MULTIPLIERS} multipliers also Yosys synthesis ({@link RtlChecks#all}), because Yosys's
     * generic gate mapping costs several seconds per 24-bit multiplier and the logic around the multipliers
     * is the same for every folding.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(RealMvuConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = RealMvuRtl.design(RENDERER, c.moduleName(), c, layer(c, 1));
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        if (c.pe() * c.simd() > SYNTH_MULTIPLIERS) {
            RtlChecks.verilatorLint(design, dir);
            RtlChecks.iverilogCompile(design, dir);
            return;
        }
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.pe() * c.simd(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        RealMvuConfig c = new RealMvuConfig(16, 8, 1, 4, 2, 4, 4, 2, 0, false, 28, 24);
        Path dir = TARGET.resolve("rtl-checks").resolve("real_mvu_illegal");
        RealMvuRtl.design(RENDERER, c.moduleName(), c, layer(c, 2)).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=16", "-GACC_WIDTH=48",
                "--top-module", "real_mvu", "real_mvu.v", "mvu_drain.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted a 48-bit accumulator");
        assertTrue(r.output().contains("real_mvu: illegal parameters CHANNELS = 16") && r.output().contains("ACC_WIDTH = 48"),
                r.output());
    }
}
