package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.BUILDER;
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
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.AxisFifoRtl;
import org.adabinhw.simulator.AxisFifoModel;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code axis_fifo} in RTL over a grid of widths and depths: beats leave in order and unchanged (the
 * golden model of a FIFO is the identity), the Java model matches the RTL to the cycle under random
 * back-pressure on both sides, the stall-free rate is the documented one, and the rendered Verilog is
 * lint-clean, compiles in Icarus and synthesises in Yosys.
 */
@Tag("rtl")
class AxisFifoIT {
    private static final int BEATS = 200;

    static Stream<AxisFifoConfig> grid() {
        List<AxisFifoConfig> g = new ArrayList<>();
        for (int width : new int[] {1, 8, 28, 37}) {
            for (int depth : new int[] {1, 2, 5, 16}) {
                g.add(new AxisFifoConfig(width, depth));
            }
        }
        return g.stream();
    }

    private static List<BigInteger> stimulus(AxisFifoConfig c, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919 + c.dataWidth());
        BigInteger ones = BigInteger.ONE.shiftLeft(c.dataWidth()).subtract(BigInteger.ONE);
        List<BigInteger> beats = new ArrayList<>();
        for (int i = 0; i < BEATS; i++) {
            beats.add(switch (i % 7) {
                case 0 -> ones;
                case 1 -> BigInteger.ZERO;
                default -> new BigInteger(c.dataWidth(), new java.util.Random(r.nextLong()));
            });
        }
        return beats;
    }

    private static Scenario scenario(AxisFifoConfig c, RtlDesign design, Stalls stalls, StallPattern pattern) {
        List<BigInteger> in = stimulus(c, stalls.seed());
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("in", in), Map.of("out", in), pattern,
                stalls.seed(), run -> {
                    var s = run.input("in", in);
                    var o = run.<BigInteger>output("out", in.size(), b -> b);
                    run.add(new AxisFifoModel<>("fifo", c, s, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(AxisFifoConfig c) {
        assumeTools(EdaTool.VERILATOR);
        RtlDesign design = AxisFifoRtl.design(RENDERER, c.moduleName(), c);
        for (Stalls stalls : STALLS) {
            CoSimReport r = COSIM.run(scenario(c, design, stalls, RtlTestSupport.pattern(stalls, BEATS)), Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                // Closed form without stalls: one beat every cyclesPerBeat cycles, plus the latency.
                assertEquals((long) (BEATS - 1) * c.cyclesPerBeat() + 1 + c.latency(), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(AxisFifoConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        RtlDesign design = AxisFifoRtl.design(RENDERER, c.moduleName(), c);
        for (Stalls stalls : List.of(STALLS.get(0), STALLS.get(2))) {
            CoSimReport r = COSIM.run(scenario(c, design, stalls, RtlTestSupport.pattern(stalls, BEATS)), Simulator.ICARUS);
            System.out.println(r.summary());
            r.assertPassed();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(AxisFifoConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = AxisFifoRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() > 0, "Yosys kept no cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        Path dir = TARGET.resolve("rtl-checks").resolve("axis_fifo_illegal");
        RtlDesign design = AxisFifoRtl.design(RENDERER, "axis_fifo_w8_d2", new AxisFifoConfig(8, 2));
        design.writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GDEPTH=0", "-GDATA_WIDTH=12", "axis_fifo.v"),
                dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted DEPTH = 0");
        assertTrue(r.output().contains("axis_fifo: illegal parameters DATA_WIDTH = 12, DEPTH = 0"), r.output());
    }

    @Test
    void aSecondBuildOfTheSameConfigurationComesFromTheCache() {
        assumeTools(EdaTool.VERILATOR);
        AxisFifoConfig c = new AxisFifoConfig(8, 2);
        RtlDesign design = AxisFifoRtl.design(RENDERER, c.moduleName(), c);
        BUILDER.build(design, false);
        VerilatorModel again = BUILDER.build(AxisFifoRtl.design(RENDERER, c.moduleName(), c), false);
        assertTrue(again.cached(), "the second build of " + c + " was not cached");
    }
}
