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
import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.adabinhw.generator.blocks.ThresholdUnitRtl;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.ThresholdUnitModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code threshold_unit} in RTL over a grid of channel counts, SIMD foldings and stream widths, against the
 * golden model's {@link BinaryConvLayer#activationBits} bit for bit and against the Java model to the cycle,
 * under random back-pressure. Thresholds include both ends of their range (always 1, never 1), the largest
 * stream value and zero; a third of the inputs sit exactly on their channel's threshold and a tenth one below.
 */
@Tag("rtl")
class ThresholdUnitIT {
    /** About this many beats per run; at least two pixels. */
    private static final int BEATS = 240;

    static Stream<ThresholdUnitConfig> grid() {
        int[][] channelsSimd = {{1, 1}, {3, 1}, {3, 3}, {16, 4}, {16, 16}, {65, 5}, {65, 65}, {130, 2}, {130, 65}};
        List<ThresholdUnitConfig> g = new ArrayList<>();
        for (int width : new int[] {8, 28}) {
            for (int[] cs : channelsSimd) {
                g.add(new ThresholdUnitConfig(cs[0], cs[1], width));
            }
        }
        return g.stream();
    }

    /** One image's data: thresholds, the input tensor (C×1×P) and the golden activation bits. */
    private record Case(int[] thresholds, int pixels, int[] x, long[] bits) {
    }

    private static Case data(ThresholdUnitConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 104729 + c.channels() * 31L + c.simd());
        int[] t = new int[c.channels()];
        for (int ch = 0; ch < t.length; ch++) {
            t[ch] = switch (ch % 8) {
                case 0 -> c.thresholdMin();
                case 1 -> c.thresholdMax();
                case 2 -> c.valueMax();
                case 3 -> 0;
                case 4 -> c.valueMin() + 1;
                default -> r.nextInt(c.thresholdMin(), c.thresholdMax() + 1);
            };
        }
        int pixels = Math.max(2, (BEATS + c.folds() - 1) / c.folds());
        int[] x = new int[c.channels() * pixels];
        for (int ch = 0; ch < c.channels(); ch++) {
            for (int p = 0; p < pixels; p++) {
                int clampedT = Math.min(c.valueMax(), t[ch]);
                x[ch * pixels + p] = switch (r.nextInt(10)) {
                    case 0, 1, 2 -> clampedT;
                    case 3 -> Math.max(c.valueMin(), clampedT - 1);
                    case 4 -> c.valueMin();
                    case 5 -> c.valueMax();
                    default -> r.nextInt(c.valueMin(), c.valueMax() + 1);
                };
            }
        }
        Shape in = new Shape(c.channels(), 1, pixels);
        ConvGeometry g = new ConvGeometry(in, new Shape(1, 1, pixels), 1, 1, 1, 0);
        QuantConfig q = QuantConfig.DEFAULT.withStream(c.streamWidth(), Math.min(20, c.streamWidth() - 1));
        BinaryConvLayer layer = new BinaryConvLayer("threshold", "x", g, t, new long[BinaryConvLayer.words(c.channels())],
                new int[1], new int[1], new long[g.classes()], 0, q);
        return new Case(t, pixels, x, layer.activationBits(x));
    }

    private static Scenario scenario(ThresholdUnitConfig c, Stalls stalls) {
        Case k = data(c, stalls.seed());
        RtlDesign design = ThresholdUnitRtl.design(RENDERER, c.moduleName(), c, k.thresholds());
        int words = BinaryConvLayer.words(c.channels());
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        // Pixel-major, channels folded by SIMD: beat (p, f) carries channels f·simd … f·simd + simd − 1.
        for (int p = 0; p < k.pixels(); p++) {
            for (int f = 0; f < c.folds(); f++) {
                int[] v = new int[c.simd()];
                BigInteger bits = BigInteger.ZERO;
                for (int i = 0; i < c.simd(); i++) {
                    int ch = f * c.simd() + i;
                    v[i] = k.x()[ch * k.pixels() + p];
                    if ((k.bits()[p * words + ch / 64] >>> (ch % 64) & 1) != 0) {
                        bits = bits.setBit(i);
                    }
                }
                in.add(c.packValues(v));
                expected.add(bits);
            }
        }
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("values", in), Map.of("bits", expected),
                RtlTestSupport.pattern(stalls, in.size()), stalls.seed(), run -> {
                    var s = run.input("values", in);
                    var o = run.<BigInteger>output("bits", expected.size(), b -> b);
                    run.add(new ThresholdUnitModel("threshold", c, k.thresholds(), s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(ThresholdUnitConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(s.expected().get("bits").size() + (long) c.latency(), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(ThresholdUnitConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(ThresholdUnitConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = ThresholdUnitRtl.design(RENDERER, c.moduleName(), c, data(c, 1).thresholds());
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        // At least one comparator bit per lane survives synthesis.
        assertTrue(syn.cells() >= c.simd(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        ThresholdUnitConfig c = new ThresholdUnitConfig(16, 4, 8);
        Path dir = TARGET.resolve("rtl-checks").resolve("threshold_unit_illegal");
        ThresholdUnitRtl.design(RENDERER, c.moduleName(), c, new int[16]).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=65", "-GSIMD=4",
                "--top-module", "threshold_unit", "threshold_unit.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted SIMD = 4 for 65 channels");
        assertTrue(r.output().contains("threshold_unit: illegal parameters CHANNELS = 65, SIMD = 4"), r.output());
    }
}
