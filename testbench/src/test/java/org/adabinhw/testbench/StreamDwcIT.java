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

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.blocks.AxisFifoRtl;
import org.adabinhw.generator.blocks.StreamDwcConfig;
import org.adabinhw.generator.blocks.StreamDwcRtl;
import org.adabinhw.simulator.StreamDwcModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.adabinhw.testbench.RtlTestSupport.Stalls;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stream_dwc} in RTL, down and up, ratios 2, 3, 4 and 16, lane widths 1 and 28, channel counts from 4
 * to 48 (48 with 48 → 3, 3 → 48, and 16 → 1, 1 → 3 in the chain), against the trivially expected beats (the channel sequence
 * folded by the output's lanes) bit for bit and against {@link StreamDwcModel} to the cycle, under random
 * back-pressure. A pair where neither lane count divides the other (48 channels, 16 → 3) runs as the chain of
 * two converters through the gcd that {@link StreamDwcConfig#chain} gives, under a small test-only top.
 */
@Tag("rtl")
class StreamDwcIT {
    /** About this many beats on the busier side per run. */
    private static final int BEATS = 200;

    static Stream<StreamDwcConfig> grid() {
        // {channels, inLanes, outLanes, laneWidth}; 48 with 16 -> 1 and 1 -> 3 run in the chain test.
        int[][] g = {
            {4, 2, 1, 1},
            {4, 1, 2, 28},
            {6, 3, 1, 28},
            {6, 1, 3, 1},
            {16, 16, 4, 1},
            {16, 4, 16, 28},
            {48, 48, 3, 28},
            {48, 3, 48, 1},
        };
        List<StreamDwcConfig> l = new ArrayList<>();
        for (int[] v : g) {
            l.add(new StreamDwcConfig(v[0], v[1], v[2], v[3]));
        }
        return l.stream();
    }

    private static int pixels(StreamDwcConfig c) {
        return Math.max(2, BEATS / c.cyclesPerPixel());
    }

    /** Random channel values, pixel-major: element {@code p·C + ch} is channel ch of pixel p. */
    private static long[] values(int channels, int laneWidth, int pixels, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 104729 + channels * 31L + laneWidth);
        long[] v = new long[channels * pixels];
        for (int i = 0; i < v.length; i++) {
            v[i] = laneWidth == 1 ? r.nextInt(2) : r.nextLong(-(1L << (laneWidth - 1)), 1L << (laneWidth - 1));
        }
        return v;
    }

    /** The value sequence folded by {@code lanes}: beat f carries elements f·lanes … f·lanes + lanes − 1. */
    static List<BigInteger> fold(long[] v, int lanes, int laneWidth) {
        List<BigInteger> beats = new ArrayList<>();
        for (int f = 0; f < v.length / lanes; f++) {
            long[] l = new long[lanes];
            System.arraycopy(v, f * lanes, l, 0, lanes);
            beats.add(Lanes.pack(l, laneWidth));
        }
        return beats;
    }

    private static Scenario scenario(StreamDwcConfig c, Stalls stalls) {
        long[] v = values(c.channels(), c.laneWidth(), pixels(c), stalls.seed());
        List<BigInteger> in = fold(v, c.inLanes(), c.laneWidth());
        List<BigInteger> expected = fold(v, c.outLanes(), c.laneWidth());
        RtlDesign design = StreamDwcRtl.design(RENDERER, c.moduleName(), c);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("x", in), Map.of("y", expected),
                RtlTestSupport.pattern(stalls, in.size() + expected.size()), stalls.seed(), run -> {
                    var x = run.input("x", in);
                    var y = run.<BigInteger>output("y", expected.size(), b -> b);
                    run.add(new StreamDwcModel("dwc", c, x, y));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheExpectedBeatsAndTheSimulator(StreamDwcConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(pixels(c)), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheExpectedBeatsAndTheSimulator(StreamDwcConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(2)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(StreamDwcConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = StreamDwcRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
        assertTrue(syn.cells() >= c.outLanes(), "Yosys kept " + syn.cells() + " cells of " + c);
    }

    /**
     * A test-only top chaining converters (their wrappers {@code <top>_0}, {@code <top>_1}, …, byte-padded TDATA
     * connected directly), streams {@code x} and {@code y}.
     */
    static RtlDesign chainDesign(String top, List<StreamDwcConfig> chain) {
        GeneratedFiles files = new GeneratedFiles();
        List<String> sources = new ArrayList<>();
        StringBuilder v = new StringBuilder();
        StreamDwcConfig first = chain.get(0);
        StreamDwcConfig last = chain.get(chain.size() - 1);
        StreamPort x = StreamPort.in("x", first.inputWidth());
        StreamPort y = StreamPort.out("y", last.outputWidth());
        v.append("`timescale 1ns / 1ps\n`default_nettype none\n\n");
        v.append("module ").append(top).append(" (\n    input  wire ap_clk,\n    input  wire ap_rst_n,\n");
        v.append("    input  wire [").append(x.tdataMsb()).append(":0] ").append(x.tdata()).append(",\n");
        v.append("    input  wire ").append(x.tvalid()).append(",\n    output wire ").append(x.tready()).append(",\n");
        v.append("    output wire [").append(y.tdataMsb()).append(":0] ").append(y.tdata()).append(",\n");
        v.append("    output wire ").append(y.tvalid()).append(",\n    input  wire ").append(y.tready()).append("\n);\n");
        for (int i = 0; i < chain.size(); i++) {
            StreamDwcConfig c = chain.get(i);
            String name = top + "_" + i;
            RtlDesign d = StreamDwcRtl.design(RENDERER, name, c);
            if (i == 0) {
                for (String f : List.of(AxisFifoRtl.CORE_FILE, StreamDwcRtl.CORE_FILE)) {
                    files.add(f, d.files().content(f));
                    sources.add(f);
                }
            }
            files.add(name + ".v", d.files().content(name + ".v"));
            sources.add(name + ".v");
            String src = i == 0 ? "s_axis_x" : "link" + i;
            String dst = i == chain.size() - 1 ? "m_axis_y" : "link" + (i + 1);
            if (i < chain.size() - 1) {
                int w = Lanes.byteAligned(c.outputWidth());
                v.append("    wire [").append(w - 1).append(":0] ").append(dst).append("_tdata;\n");
                v.append("    wire ").append(dst).append("_tvalid;\n    wire ").append(dst).append("_tready;\n");
            }
            v.append("    ").append(name).append(" stage").append(i).append(" (\n");
            v.append("        .ap_clk(ap_clk),\n        .ap_rst_n(ap_rst_n),\n");
            v.append("        .s_axis_x_tdata(").append(src).append("_tdata),\n");
            v.append("        .s_axis_x_tvalid(").append(src).append("_tvalid),\n");
            v.append("        .s_axis_x_tready(").append(src).append("_tready),\n");
            v.append("        .m_axis_y_tdata(").append(dst).append("_tdata),\n");
            v.append("        .m_axis_y_tvalid(").append(dst).append("_tvalid),\n");
            v.append("        .m_axis_y_tready(").append(dst).append("_tready)\n    );\n");
        }
        v.append("endmodule\n\n`default_nettype wire\n");
        files.add(top + ".v", v.toString());
        sources.add(top + ".v");
        return new RtlDesign(top, List.of(x, y), sources, files);
    }

    @Test
    void aPairThroughTheGcdRunsAsAChainOfTwo() {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        List<StreamDwcConfig> chain = StreamDwcConfig.chain(48, 16, 3, 28);
        assertEquals(List.of(new StreamDwcConfig(48, 16, 1, 28), new StreamDwcConfig(48, 1, 3, 28)), chain);
        String top = "stream_dwc_chain_c48_i16_o3_w28";
        RtlDesign design = chainDesign(top, chain);
        RtlChecks.all(design, TARGET.resolve("rtl-checks").resolve(top));
        int pixels = 4;
        for (Stalls stalls : STALLS) {
            long[] v = values(48, 28, pixels, stalls.seed());
            List<BigInteger> in = fold(v, 16, 28);
            List<BigInteger> expected = fold(v, 3, 28);
            Scenario s = new Scenario(top + "-" + stalls, design, Map.of("x", in), Map.of("y", expected),
                    RtlTestSupport.pattern(stalls, 48 * pixels), stalls.seed(), run -> {
                        var x = run.input("x", in);
                        org.adabinhw.simulator.Stream<BigInteger> link = run.stream("link");
                        var y = run.<BigInteger>output("y", expected.size(), b -> b);
                        run.add(new StreamDwcModel("down", chain.get(0), x, link));
                        run.add(new StreamDwcModel("up", chain.get(1), link, y));
                    });
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.in() == 0 && stalls.out() == 0) {
                // The middle stream carries one lane per cycle; the up-converter adds its latency to the down's.
                assertEquals(pixels * 48L + chain.get(0).latency() + chain.get(1).latency(), r.rtl().length());
            }
        }
        CoSimReport r = COSIM.run(new Scenario(top + "-icarus", design, Map.of("x", fold(values(48, 28, 2, 9), 16, 28)),
                Map.of("y", fold(values(48, 28, 2, 9), 3, 28)), RtlTestSupport.pattern(STALLS.get(2), 96), 9, null),
                Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        StreamDwcConfig c = new StreamDwcConfig(48, 16, 1, 8);
        Path dir = TARGET.resolve("rtl-checks").resolve("stream_dwc_illegal");
        StreamDwcRtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=48", "-GIN_LANES=16",
                "-GOUT_LANES=3", "--top-module", "stream_dwc", "stream_dwc.v", "axis_fifo.v"), dir,
                java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted IN_LANES = 16, OUT_LANES = 3");
        assertTrue(r.output().contains("stream_dwc: illegal parameters CHANNELS = 48, IN_LANES = 16, OUT_LANES = 3"),
                r.output());
    }
}
