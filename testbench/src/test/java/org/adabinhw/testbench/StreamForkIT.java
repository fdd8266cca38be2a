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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.StreamForkConfig;
import org.adabinhw.generator.blocks.StreamForkRtl;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.simulator.StreamForkModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stream_fork} in RTL with 2 and 3 outputs and beats of 1 to 448 bits, against the trivially expected
 * beats (every input beat on every output, in order) bit for bit and against {@link StreamForkModel} to the
 * cycle. The stall pattern has one column per output, each stalled independently: the shared settings, plus a
 * skewed one where output 0 never stalls and the last output stalls 70 % of the time in bursts.
 */
@Tag("rtl")
class StreamForkIT {
    /** Beats per run. */
    private static final int BEATS = 200;

    static Stream<StreamForkConfig> grid() {
        int[][] g = {{1, 2}, {8, 2}, {448, 2}, {5, 3}, {28, 3}, {200, 3}};
        List<StreamForkConfig> l = new ArrayList<>();
        for (int[] v : g) {
            l.add(new StreamForkConfig(v[0], v[1]));
        }
        return l.stream();
    }

    private static List<BigInteger> beats(StreamForkConfig c, long seed) {
        Random r = new Random(seed * 7919 + c.moduleName().hashCode());
        List<BigInteger> l = new ArrayList<>();
        for (int i = 0; i < BEATS; i++) {
            l.add(new BigInteger(c.dataWidth(), r));
        }
        return l;
    }

    /**
     * A pattern in which output 0 is never stalled, the last output is stalled in bursts of 1–8 cycles about
     * 70 % of the time (a burst starts with probability 1/2 after the previous one), the outputs between 30 %
     * and the input 20 %: the case where one slow consumer must not hold back a fast one.
     */
    private static StallPattern skewed(StreamForkConfig c, long seed, int length) {
        SplittableRandom r = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        int burst = 0;
        for (int cyc = 0; cyc < length; cyc++) {
            if (burst == 0 && r.nextBoolean()) {
                burst = 1 + r.nextInt(8);
            }
            sb.append(r.nextDouble() < 0.2 ? '0' : '1');
            for (int k = 0; k < c.outputs(); k++) {
                boolean stalled = k == c.outputs() - 1 ? burst > 0 : k > 0 && r.nextDouble() < 0.3;
                sb.append(stalled ? '0' : '1');
            }
            sb.append('\n');
            burst = Math.max(0, burst - 1);
        }
        return StallPattern.parse(sb.toString(), 1, c.outputs());
    }

    private static Scenario scenario(StreamForkConfig c, Stalls stalls, boolean skewed) {
        List<BigInteger> in = beats(c, stalls.seed());
        RtlDesign design = StreamForkRtl.design(RENDERER, c.moduleName(), c);
        Map<String, List<BigInteger>> expected = new LinkedHashMap<>();
        for (int k = 0; k < c.outputs(); k++) {
            expected.put(c.outputName(k), in);
        }
        int length = 8 * BEATS + 64;
        StallPattern pattern = skewed ? skewed(c, stalls.seed(), length)
                : StallPattern.random(stalls.seed(), 1, c.outputs(), stalls.in(), stalls.out(), length);
        return new Scenario(c.moduleName() + "-" + (skewed ? "skewed-" : "") + stalls, design, Map.of("x", in), expected,
                pattern, stalls.seed(), run -> {
                    var x = run.input("x", in);
                    List<org.adabinhw.simulator.Stream<BigInteger>> ys = new ArrayList<>();
                    for (int k = 0; k < c.outputs(); k++) {
                        ys.add(run.<BigInteger>output(c.outputName(k), in.size(), b -> b));
                    }
                    run.add(new StreamForkModel("fork", c, x, ys));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheExpectedBeatsAndTheSimulator(StreamForkConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls, false);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(BEATS), r.rtl().length(), "run length of " + c);
            }
        }
        CoSimReport r = COSIM.run(scenario(c, new Stalls(0.2, 0.7, 6), true), Simulator.VERILATOR);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheExpectedBeatsAndTheSimulator(StreamForkConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2), false), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(StreamForkConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = StreamForkRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        // At least the output registers of every output survive synthesis.
        assertTrue(syn.cells() >= c.outputs(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        StreamForkConfig c = new StreamForkConfig(8, 2);
        Path dir = TARGET.resolve("rtl-checks").resolve("stream_fork_illegal");
        StreamForkRtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GOUTPUTS=1", "--top-module", "stream_fork",
                "stream_fork.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted OUTPUTS = 1");
        assertTrue(r.output().contains("stream_fork: illegal parameters DATA_WIDTH = 8, OUTPUTS = 1"), r.output());
    }
}
