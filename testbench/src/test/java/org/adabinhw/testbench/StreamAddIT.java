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
import java.util.function.Function;
import java.util.stream.Stream;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.StreamAddConfig;
import org.adabinhw.generator.blocks.StreamAddRtl;
import org.adabinhw.golden.integer.AddLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.simulator.StreamAddModel;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code stream_add} in RTL over a grid of channel counts, lane foldings and stream widths, against the golden
 * model's {@link AddLayer#apply} bit for bit and against {@link StreamAddModel} to the cycle, under random
 * back-pressure drawn independently for each input and the output: no stalls, both inputs and the output
 * stalling, and one input stalling while the other never does (so beats wait in the holding registers).
 * Half the pairs are drawn so that their sum overflows one end of the stream range or the other.
 */
@Tag("rtl")
class StreamAddIT {
    /** About this many beats per run; at least two pixels. */
    private static final int BEATS = 120;

    /** Stall rates of input a, input b and the output, and the seed of the pattern and the data. */
    record Stalls(double a, double b, double out, long seed) {
        @Override
        public String toString() {
            return "s" + seed + "-a" + Math.round(a * 100) + "-b" + Math.round(b * 100) + "-o" + Math.round(out * 100);
        }
    }

    static final List<Stalls> STALLS = List.of(new Stalls(0, 0, 0, 1), new Stalls(0.3, 0.3, 0.3, 2),
            new Stalls(0.5, 0.5, 0.5, 3), new Stalls(0.4, 0.4, 0, 4), new Stalls(0, 0, 0.4, 5),
            new Stalls(0.5, 0, 0.2, 6), new Stalls(0, 0.5, 0.2, 7));

    static Stream<StreamAddConfig> grid() {
        // channels, lanes, stream width
        int[][] g = {
            {1, 1, 8}, {3, 1, 28}, {3, 3, 8}, {16, 16, 8}, {16, 4, 28}, {65, 5, 8}, {65, 13, 28}, {65, 65, 28},
        };
        List<StreamAddConfig> l = new ArrayList<>();
        for (int[] r : g) {
            l.add(new StreamAddConfig(r[0], r[1], r[2]));
        }
        return l.stream();
    }

    /** Yosys synthesis of the widest adder takes most of a minute: it runs on beats up to 512 bits. */
    private static boolean synthesised(StreamAddConfig c) {
        return c.dataWidth() <= 512;
    }

    private static int pixels(StreamAddConfig c) {
        return Math.max(2, (BEATS + c.folds() - 1) / c.folds());
    }

    /** A pattern with its own rate per column, each cycle and column drawn independently. */
    static StallPattern pattern(Stalls s, int beats) {
        SplittableRandom r = new SplittableRandom(s.seed() * 1_000_003L + 17);
        double[] rates = {s.a(), s.b(), s.out()};
        int length = 8 * beats + 64;
        StringBuilder text = new StringBuilder();
        for (int cycle = 0; cycle < length; cycle++) {
            for (double rate : rates) {
                text.append(r.nextDouble() < rate ? '0' : '1');
            }
            text.append('\n');
        }
        return StallPattern.parse(text.toString(), 2, 1);
    }

    /** Operand b: half the values chosen so that a + b leaves the stream range. */
    private static int[] partner(int[] a, QuantConfig q, SplittableRandom r) {
        int[] b = ElementwiseLayers.tensor(new Shape(1, 1, a.length), q, r);
        for (int i = 0; i < a.length; i++) {
            if (r.nextBoolean()) {
                long room = a[i] >= 0 ? (long) q.streamMax() - a[i] : (long) q.streamMin() - a[i];
                long v = room + (a[i] >= 0 ? r.nextInt(0, 3) : -r.nextInt(0, 3));
                b[i] = (int) Math.max(q.streamMin(), Math.min(q.streamMax(), v));
            }
        }
        return b;
    }

    private static Scenario scenario(StreamAddConfig c, Stalls stalls) {
        QuantConfig q = ElementwiseLayers.formats(c.streamWidth(), 24);
        Shape shape = new Shape(c.channels(), 1, pixels(c));
        AddLayer layer = new AddLayer("add", "a", "b", shape, q);
        c.checkLayer(layer);
        RtlDesign design = StreamAddRtl.design(RENDERER, c.moduleName(), c);
        SplittableRandom r = new SplittableRandom(stalls.seed() * 31 + c.moduleName().hashCode());
        int[] a = ElementwiseLayers.tensor(shape, q, r);
        int[] b = partner(a, q, r);
        int[] y = layer.apply(List.of(a, b), null);
        Function<long[], BigInteger> pack = c::packValues;
        List<BigInteger> ina = ElementwiseLayers.beats(a, shape, c.lanes(), pack);
        List<BigInteger> inb = ElementwiseLayers.beats(b, shape, c.lanes(), pack);
        List<BigInteger> expected = ElementwiseLayers.beats(y, shape, c.lanes(), pack);
        return new Scenario(c.moduleName() + "-" + stalls, design, Map.of("a", ina, "b", inb), Map.of("y", expected),
                pattern(stalls, ina.size()), stalls.seed(), run -> {
                    var sa = run.input("a", ina);
                    var sb = run.input("b", inb);
                    var o = run.output("y", expected.size(), Function.<BigInteger>identity());
                    run.add(new StreamAddModel("add", c, sa, sb, o));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void verilatorMatchesTheGoldenModelAndTheSimulator(StreamAddConfig c) {
        assumeTools(EdaTool.VERILATOR);
        for (Stalls stalls : STALLS) {
            Scenario s = scenario(c, stalls);
            CoSimReport r = COSIM.run(s, Simulator.VERILATOR);
            System.out.println(r.summary());
            r.assertPassed();
            if (stalls.a() == 0 && stalls.b() == 0 && stalls.out() == 0) {
                assertEquals(c.runLength(pixels(c)), r.rtl().length(), "run length of " + c);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void icarusMatchesTheGoldenModelAndTheSimulator(StreamAddConfig c) {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        CoSimReport r = COSIM.run(scenario(c, STALLS.get(5)), Simulator.ICARUS);
        System.out.println(r.summary());
        r.assertPassed();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("grid")
    void renderedVerilogIsLintCleanCompilesAndSynthesises(StreamAddConfig c) {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        RtlDesign design = StreamAddRtl.design(RENDERER, c.moduleName(), c);
        Path dir = TARGET.resolve("rtl-checks").resolve(c.moduleName());
        if (synthesised(c)) {
            RtlChecks.Synthesis syn = RtlChecks.all(design, dir);
            // At least one cell per value bit survives synthesis.
            assertTrue(syn.cells() >= c.dataWidth(), "Yosys kept " + syn.cells() + " cells of " + c);
        } else {
            RtlChecks.verilatorLint(design, dir);
            RtlChecks.iverilogCompile(design, dir);
        }
    }

    @Test
    void illegalParametersStopElaborationNamingTheValues() {
        assumeTools(EdaTool.VERILATOR);
        StreamAddConfig c = new StreamAddConfig(16, 4, 8);
        Path dir = TARGET.resolve("rtl-checks").resolve("stream_add_illegal");
        StreamAddRtl.design(RENDERER, c.moduleName(), c).writeTo(dir);
        ToolRun r = ToolRun.run(List.of("verilator", "--lint-only", "-Wall", "-GCHANNELS=65", "-GLANES=4",
                "--top-module", "stream_add", "stream_add.v", "axis_fifo.v"), dir, java.time.Duration.ofMinutes(1), null);
        assertTrue(r.exitCode() != 0, "Verilator accepted LANES = 4 for 65 channels");
        assertTrue(r.output().contains("stream_add: illegal parameters CHANNELS = 65, LANES = 4"), r.output());
    }
}
