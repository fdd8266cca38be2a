package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.adabinhw.testbench.Ice40Implementation.DoesNotFit;
import org.adabinhw.testbench.Ice40Implementation.Implemented;
import org.adabinhw.testbench.Ice40Implementation.Options;
import org.adabinhw.testbench.Ice40Implementation.Part;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The iCE40 flow (Yosys {@code synth_ice40 -dsp}, nextpnr-ice40, icepack) on the smallest accelerator that has every
 * kind of block a network needs, generated for the iCE40 family: a 4×4 image, a 1×1 real convolution to two channels,
 * Maxout, a 1×1 binary convolution, global pooling and a two-class head, one output channel at a time, in narrow formats
 * (12-bit stream, 10-bit constants; 32-bit logits as by default, so that the buses need the wrapper on a UP5K). It fits
 * a UP5K: about 1,700 LUT4 and 2,300 of the 5,280 LCs, 5 EBR, 5 of the 8 DSPs; the flow takes about 12 s, the class
 * about 30 s.
 */
@Tag("rtl")
class Ice40ImplementationIT {
    /** The RTL for the iCE40 family, as {@code generate --part ice40up5k} writes it. */
    private static final VerilogRenderer ICE40 = new VerilogRenderer(Family.ICE40);
    /** Narrow formats: at the default widths the datapath alone needs more LCs than a UP5K has. */
    private static final QuantConfig NARROW = new QuantConfig(12, 6, 10, 10, 32);
    /**
     * One output channel at a time in both convolutions: five multipliers (one in the real convolution, one in Maxout,
     * two in the binary convolution's scale and bias, one in the head), each one SB_MAC16 of the UP5K's 8. The default
     * folding computes both channels at once and needs 9.
     */
    private static final Folding FOLDING = new Folding(Map.of("conv1", new Folding.Layer(1, 1), "conv2",
            new Folding.Layer(2, 1)));

    private static IntegerNetwork network;
    private static AcceleratorVerification.Generated tiny;

    @BeforeAll
    static void generate() {
        Random r = new Random(3);
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("conv1", new Op.Conv2d(2, 1, 1, 1, 1, 0, gaussian(r, 2), null), Network.INPUT));
        nodes.add(Node.of("bn1", batchNorm(r, 2), "conv1"));
        nodes.add(Node.of("act1", new Op.Nonlinear(new Nonlinearity.Maxout(new double[] {1, 1}, new double[] {0.25, 0.25}), 2),
                "bn1"));
        nodes.add(Node.of("conv2", new Op.BinaryConv2d(2, 2, 1, 1, 1, 0, gaussian(r, 4), new WeightBinarizer.AdaBin(),
                new ActivationBinarizer.AdaBin(0.9, 0.1)), "act1"));
        nodes.add(Node.of("bn2", batchNorm(r, 2), "conv2"));
        nodes.add(Node.of("pool", new Op.GlobalAvgPool(), "bn2"));
        nodes.add(Node.of("fc", new Op.Linear(2, 2, gaussian(r, 4), gaussian(r, 2)), "pool"));
        Network net = new Network("tiny", new InputSpec(new Shape(1, 4, 4), 1 / 255.0, new double[] {0.5},
                new double[] {0.25}), nodes);
        network = IntegerCompiler.compile(net, NARROW);
        tiny = write(ICE40, "tiny");
    }

    /** The tiny accelerator generated for a family into {@code target/implement/NAME}, read back. */
    private static AcceleratorVerification.Generated write(VerilogRenderer renderer, String name) {
        Accelerator a = AcceleratorBuilder.build(renderer, network, FOLDING, "tiny_accel", Map.of("kind", "test"));
        Path dir = TARGET.resolve("implement").resolve(name);
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        return AcceleratorVerification.load(dir);
    }

    @Test
    void tinyAcceleratorIsPlacedRoutedAndPackedOnAUp5kInsideTheWrapper() throws IOException {
        assumeTools(EdaTool.YOSYS, EdaTool.NEXTPNR_ICE40, EdaTool.ICEPACK);
        Path out = TARGET.resolve("implement").resolve("tiny-up5k");
        List<String> progress = new ArrayList<>();
        Ice40Implementation.Result result = new Ice40Implementation(ICE40, progress::add)
                .run(tiny, out, new Options(Part.ICE40UP5K, Ice40Implementation.DEFAULT_FREQ_MHZ, 1, true));
        progress.forEach(System.out::println);
        Implemented r = assertInstanceOf(Implemented.class, result, () -> result.toString());
        System.out.println(r.placed() + "; fmax " + r.fmaxMhz() + " MHz; " + r.synthesis() + "; wrapper " + r.wrapper());

        assertTrue(Files.size(r.bitstream()) > 0 && r.bitstreamBytes() == Files.size(r.bitstream()), r.bitstream().toString());
        assertTrue(r.fmaxMhz() > 0, "fmax " + r.fmaxMhz());
        assertEquals(12.0, r.targetMhz());
        assertTrue(r.used("ICESTORM_LC") >= r.synthesis().luts() && r.synthesis().luts() > 0, r.toString());
        assertTrue(r.used("ICESTORM_RAM") > 0, "the weights and the window buffers are in block RAM: " + r.placed());
        // synth_ice40 -dsp, as the estimate is calibrated: every multiplier is an SB_MAC16.
        assertEquals(5, r.synthesis().dsp(), r.synthesis().toString());
        assertEquals(r.synthesis().dsp(), r.used("ICESTORM_DSP"));
        assertEquals(Ice40Implementation.WRAPPER_PINS, r.used("SB_IO"));
        assertEquals(Ice40Implementation.WRAPPER_PINS, r.synthesis().portBits());
        // The shift register holds one input beat; the XOR tree of the 32-bit logit is eleven LUT4s.
        assertEquals(8, r.wrapper().ff());
        assertEquals(11, r.wrapper().luts());
        assertEquals(List.of("yosys synth_ice40", "yosys synth_ice40 of the wrapper alone", "nextpnr-ice40 (pins unconstrained)",
                "icepack"), r.steps().stream().map(Ice40Implementation.Step::name).toList());
        assertTrue(r.steps().stream().allMatch(s -> Files.isRegularFile(s.log())), r.steps().toString());

        if (EdaTool.VERILATOR.available()) {
            List<String> lint = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module",
                    Ice40Implementation.WRAPPER_MODULE));
            lint.addAll(tiny.design().sources());
            lint.add(out.resolve(Ice40Implementation.WRAPPER_FILE).toString());
            ToolRun l = ToolRun.run(lint, tiny.dir(), Duration.ofMinutes(5), null);
            assertEquals("", l.output().strip(), "the wrapper is not lint-clean");
        }

        // The estimate of the same accelerator against what was implemented (the wrapper's cells taken out): LUT4 and
        // FF within 15 %, block RAM and DSP exact.
        Accelerator a = AcceleratorBuilder.build(ICE40, network, FOLDING, "tiny_accel", Map.of("kind", "test"));
        Estimate e = Estimate.of(a, Parts.of("ice40up5k"), 12, null, List.of());
        long lut = r.synthesis().luts() - r.wrapper().luts();
        long ff = r.synthesis().ff() - r.wrapper().ff();
        String cmp = String.format(java.util.Locale.ROOT, "estimate LUT4 %d / implemented %d, FF %d / %d, EBR %d / %d, DSP %d / %d",
                e.used("lut"), lut, e.used("ff"), ff, e.used("bram"), r.used("ICESTORM_RAM"), e.used("dsp"), r.used("ICESTORM_DSP"));
        System.out.println(cmp);
        assertTrue(Math.abs(e.used("lut") - lut) <= 0.15 * lut, cmp);
        assertTrue(Math.abs(e.used("ff") - ff) <= 0.15 * ff, cmp);
        assertEquals(r.used("ICESTORM_RAM"), e.used("bram"), cmp);
        assertEquals(r.used("ICESTORM_DSP"), e.used("dsp"), cmp);

        // The logic-depth estimate (docs/clock-estimate.md) on the same netlist against nextpnr's fmax: the check of the
        // method that the Xilinx clock estimate rests on. Recorded in the docs; asserted within a factor of 2.
        LogicDepth.Worst depth = LogicDepth.of(out.resolve("tiny_accel.json"), Ice40Implementation.WRAPPER_MODULE,
                LogicDepth.Delays.ICE40_UP5K);
        String clk = String.format(java.util.Locale.ROOT, "logic depth %s (%s) against nextpnr's fmax %.2f MHz", depth.summary(),
                depth.route(), r.fmaxMhz());
        System.out.println(clk);
        assertTrue(depth.fmaxMhz() > r.fmaxMhz() / 2 && depth.fmaxMhz() < r.fmaxMhz() * 2, clk);

        JsonNode f = new ObjectMapper().readTree(out.resolve(Ice40Implementation.FIGURES).toFile());
        for (String key : List.of("part", "top", "luts", "lc", "ff", "ebr", "spram", "dsp", "io", "fmax_mhz", "target_mhz",
                "timing_met", "bitstream")) {
            assertTrue(f.has(key), "implement.json lacks " + key + ": " + f);
        }
        assertEquals("ice40up5k", f.path("part").asText());
        assertEquals("tiny_accel", f.path("top").asText());
        assertEquals(r.used("ICESTORM_LC"), f.path("lc").asLong());
        assertEquals(r.fmaxMhz(), f.path("fmax_mhz").asDouble());
        assertEquals(r.timingMet(), f.path("timing_met").asBoolean());
        assertTrue(Files.isRegularFile(out.resolve(f.path("bitstream").asText())), f.toString());
    }

    @Test
    void withoutTheWrapperTheBusesDoNotFitTheUp5kPackageAndNextpnrDoesNotRun() {
        assumeTools(EdaTool.YOSYS, EdaTool.NEXTPNR_ICE40, EdaTool.ICEPACK);
        Path out = TARGET.resolve("implement").resolve("tiny-up5k-nowrap");
        Ice40Implementation.Result result = new Ice40Implementation(ICE40, System.out::println)
                .run(tiny, out, new Options(Part.ICE40UP5K, 12, 1, false));
        DoesNotFit r = assertInstanceOf(DoesNotFit.class, result, () -> result.toString());
        // clock, reset, 8 + 1 + 1 input bits, 32 + 1 + 1 + 1 output bits
        assertEquals(47, r.synthesis().portBits());
        assertTrue(r.reason().startsWith("does not fit: 47 I/O bits, the package has 39"), r.reason());
        assertEquals(1, r.steps().size(), "only Yosys runs: " + r.steps());
        assertFalse(Files.exists(out.resolve("tiny_accel.bin")));
        assertFalse(Files.exists(out.resolve(Ice40Implementation.FIGURES)));
    }

    @Test
    void theHx8kHasNoDspForTheMultipliers() {
        assumeTools(EdaTool.YOSYS, EdaTool.NEXTPNR_ICE40, EdaTool.ICEPACK);
        Path out = TARGET.resolve("implement").resolve("tiny-hx8k");
        Ice40Implementation.Result result = new Ice40Implementation(ICE40, System.out::println)
                .run(tiny, out, new Options(Part.ICE40HX8K, 12, 1, true));
        DoesNotFit r = assertInstanceOf(DoesNotFit.class, result, () -> result.toString());
        assertEquals("SB_MAC16", r.scarcest().resource(), r.reason());
        assertEquals(5, r.scarcest().used(), r.reason());
        assertEquals(0, r.scarcest().available(), r.reason());
        assertEquals(2, r.steps().size(), "only Yosys runs: " + r.steps());
        assertFalse(Files.exists(out.resolve("tiny_accel.bin")));
    }

    @Test
    void aDirectoryGeneratedForXilinxIsRejectedBeforeAnyToolRuns() {
        // Its memories ask for distributed RAM, which synth_ice40 cannot map.
        AcceleratorVerification.Generated xilinx = write(RENDERER, "tiny-xilinx-7");
        Path out = TARGET.resolve("implement").resolve("tiny-xilinx-7-up5k");
        GeneratedFiles.deleteRecursively(out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Ice40Implementation(ICE40,
                System.out::println).run(xilinx, out, new Options(Part.ICE40UP5K, 12, 1, true)));
        assertEquals(xilinx.dir() + " was generated for xilinx-7; generate it for the part with: ./adabin-hw generate ... "
                + "--part ice40up5k", e.getMessage());
        assertFalse(Files.exists(out), "the flow created " + out);
    }

    private static double[] gaussian(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * 0.3;
        }
        return d;
    }

    private static Op.BatchNorm batchNorm(Random r, int c) {
        double[] var = new double[c];
        double[] weight = new double[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5 + r.nextDouble();
            weight[i] = 1.1;
        }
        return new Op.BatchNorm(weight, gaussian(r, c), gaussian(r, c), var, 1e-5);
    }
}
