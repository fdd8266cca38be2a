package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.STALLS;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.AxisTlastConfig;
import org.adabinhw.generator.blocks.AxisTlastRtl;
import org.adabinhw.simulator.AxisTlastModel;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code axis_tlast} in RTL, through a wrapper that puts {@code tlast} on top of the output TDATA, against the
 * expected beats (every input beat unchanged, {@code tlast} on every FRAME-th) bit for bit and against
 * {@link AxisTlastModel} to the cycle, under the shared stall settings.
 */
@Tag("rtl")
class AxisTlastIT {
    private static final int BEATS = 120;

    static Stream<AxisTlastConfig> grid() {
        return Stream.of(new AxisTlastConfig(1, 1), new AxisTlastConfig(8, 2), new AxisTlastConfig(32, 10),
                new AxisTlastConfig(7, 1000), new AxisTlastConfig(40, 7));
    }

    private static Scenario scenario(AxisTlastConfig c, Stalls stalls) {
        Random r = new Random(stalls.seed() * 31 + c.frame());
        List<BigInteger> in = new ArrayList<>();
        List<BigInteger> expected = new ArrayList<>();
        for (int i = 0; i < BEATS; i++) {
            BigInteger b = new BigInteger(c.dataWidth(), r);
            in.add(b);
            expected.add(i % c.frame() == c.frame() - 1 ? b.setBit(c.dataWidth()) : b);
        }
        RtlDesign design = AxisTlastRtl.design(RENDERER, c.moduleName(), c);
        StallPattern pattern = StallPattern.random(stalls.seed(), 1, 1, stalls.in(), stalls.out(), 8 * BEATS + 64);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("x", in), Map.of("y", expected), pattern,
                stalls.seed(), run -> {
                    var x = run.<BigInteger>input("x", in);
                    var y = run.<BigInteger>output("y", BEATS, b -> b);
                    run.add(new AxisTlastModel("tlast", c, x, y));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheExpectedBeatsAndTheSimulator(AxisTlastConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            CoSimReport r = COSIM.run(scenario(c, stalls), Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(BEATS, r.rtl().length(), "no register: one beat per cycle, none of latency");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheExpectedBeatsAndTheSimulator(AxisTlastConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(AxisTlastConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = AxisTlastRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.all(design, dir);
    }
}
