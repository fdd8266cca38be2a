package org.adabinhw.generator.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The accelerator of the example network: its blocks, the default folding, and the folding checks. */
class AcceleratorBuilderTest {
    private static final VerilogRenderer RENDERER = new VerilogRenderer();
    private static IntegerNetwork mnist;

    @BeforeAll
    static void load() throws IOException {
        mnist = IntegerCompiler.compile(NetworkFormat.read(Path.of("..", "examples", "mnist", "network.json")),
                QuantConfig.DEFAULT);
    }

    private static Accelerator build(Folding f) {
        return AcceleratorBuilder.build(RENDERER, mnist, f, "mnist_accel", Map.of("kind", "example"));
    }

    @Test
    void everyBlockKeepsWithinTheIntervalAndConvolutionsTakeTheFewestLanesThatDo() {
        for (long interval : AcceleratorBuilder.intervals(mnist)) {
            Accelerator a = AcceleratorBuilder.build(RENDERER, mnist, Folding.DEFAULT, "mnist_accel", Map.of(), interval);
            for (Accelerator.Stage st : a.stages()) {
                assertTrue(st.cyclesPerImage() <= interval, st.instance() + " takes " + st.cyclesPerImage() + " cycles at "
                        + interval);
            }
            for (String conv : List.of("conv1", "conv2", "conv3", "conv4")) {
                Folding.Layer f = a.folding().of(conv);
                long outputs = a.stages().stream().filter(st -> st.layer().equals(conv) && st.config().block().endsWith("mvu"))
                        .mapToLong(st -> st.config() instanceof org.adabinhw.generator.blocks.BinaryMvuConfig b
                                ? (long) b.outChannels() * b.outPixels()
                                : (long) ((org.adabinhw.generator.blocks.RealMvuConfig) st.config()).outChannels()
                                        * ((org.adabinhw.generator.blocks.RealMvuConfig) st.config()).outPixels())
                        .findFirst().orElseThrow();
                // The outputs fit the interval at the chosen lanes, and at no fewer lanes that divide PE with no more
                // groups than a fold has beats.
                assertTrue((outputs + f.lanes() - 1) / f.lanes() <= interval, conv + " at " + interval + ": " + f);
                for (int fewer = 1; fewer < f.lanes(); fewer++) {
                    if (f.pe() % fewer == 0) {
                        int groups = f.pe() / fewer;
                        boolean fits = (outputs + fewer - 1) / fewer <= interval;
                        assertTrue(!fits || groups > a.stages().stream().filter(st -> st.layer().equals(conv)
                                && st.config() instanceof org.adabinhw.generator.blocks.BinaryMvuConfig).findFirst()
                                .map(st -> ((org.adabinhw.generator.blocks.BinaryMvuConfig) st.config()).beats())
                                .orElse(Integer.MAX_VALUE), conv + " at " + interval + " could take " + fewer + " lanes: " + f);
                    }
                }
            }
        }
    }

    @Test
    void theDefaultFoldingBalancesEveryConvolutionAgainstTheSlowest() {
        Accelerator a = build(Folding.DEFAULT);
        // conv3 (32 -> 32 channels, 14 x 14, 3 x 3) at 256 XNOR lanes is the slowest: 196 * 32 * 288 / 256.
        assertEquals(7056, a.cyclesPerImage());
        for (String conv : List.of("conv1", "conv2", "conv3", "conv4")) {
            Folding.Layer f = a.folding().of(conv);
            assertTrue(f.simd() > 0 && f.pe() > 0, conv + " has a folding");
        }
        Folding.Layer conv3 = a.folding().of("conv3");
        assertEquals(256, conv3.simd() * conv3.pe());
        // conv2 needs only half of that: 196 * 32 * 144 / 128 = 7056.
        Folding.Layer conv2 = a.folding().of("conv2");
        assertEquals(128, conv2.simd() * conv2.pe());
        // conv3 reads conv2's output lanes as they come: no width converter.
        assertEquals(conv2.pe(), conv3.simd());
        for (Accelerator.Stage s : a.stages()) {
            assertTrue(s.cyclesPerImage() <= a.cyclesPerImage(), s.instance() + " is slower than the interval");
        }
    }

    @Test
    void theResidualGetsAForkAndABypassFifo() {
        Accelerator a = build(Folding.DEFAULT);
        List<String> blocks = a.stages().stream().map(s -> s.layer() + ":" + s.block()).toList();
        assertTrue(blocks.contains("act2:stream_fork"), blocks.toString());
        assertTrue(blocks.contains("add3:axis_fifo"), blocks.toString());
        assertTrue(blocks.contains("add3:stream_add"), blocks.toString());
        assertTrue(blocks.contains("fc:head_unit"), blocks.toString());
    }

    @Test
    void theDescriptionNamesTheTopPortsFormatsAndFolding() throws IOException {
        Accelerator a = build(Folding.DEFAULT);
        JsonNode d = new ObjectMapper().readTree(a.description());
        assertEquals("mnist_accel", d.get("top").asText());
        assertEquals(8, d.get("input").get("tdata_width").asInt());
        assertEquals(32, d.get("output").get("tdata_width").asInt());
        assertEquals(10, d.get("output").get("classes").asInt());
        assertEquals(28, d.get("formats").get("stream_width").asInt());
        assertEquals(a.folding().of("conv3").pe(), d.get("folding").get("conv3").get("pe").asInt());
        assertEquals(7056, d.get("cycles_per_image").asLong());
        assertTrue(a.files().paths().contains("filelist.f"));
        assertTrue(a.design().sources().stream().allMatch(s -> s.startsWith("rtl/")), a.design().sources().toString());
        assertTrue(a.design().dataFiles().stream().allMatch(s -> s.startsWith("mem/")), a.design().dataFiles().toString());
        assertEquals("rtl/mnist_accel.v", a.design().sources().get(a.design().sources().size() - 1));
    }

    @Test
    void aFoldingFromTheFileIsKeptAndChangesTheInterval() {
        Accelerator a = build(new Folding(Map.of("conv3", new Folding.Layer(8, 8))));
        // The fewest output lanes that carry conv3's 32 x 196 outputs within the interval.
        assertEquals(new Folding.Layer(8, 8, 1), a.folding().of("conv3"));
        assertEquals(196L * 32 * 288 / 64, a.cyclesPerImage());
        Accelerator b = build(new Folding(Map.of("conv3", new Folding.Layer(8, 8, 4))));
        assertEquals(new Folding.Layer(8, 8, 4), b.folding().of("conv3"));
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> build(new Folding(Map.of("conv3", new Folding.Layer(8, 8, 3)))));
        assertTrue(e.getMessage().contains("conv3") && e.getMessage().contains("lanes = 3")
                && e.getMessage().contains("legal: 1, 2, 4, 8"), e.getMessage());
    }

    @Test
    void illegalFoldingsNameTheLayerAndTheLegalValues() {
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> build(new Folding(Map.of("conv2", new Folding.Layer(5, 4)))));
        assertTrue(e.getMessage().contains("conv2") && e.getMessage().contains("SIMD = 5")
                && e.getMessage().contains("legal: 1, 2, 4, 8, 16"), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> build(new Folding(Map.of("conv4", new Folding.Layer(32, 3)))));
        assertTrue(e.getMessage().contains("conv4") && e.getMessage().contains("PE = 3")
                && e.getMessage().contains("legal: 1, 2, 4, 8, 16, 32, 64"), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> build(new Folding(Map.of("nope", new Folding.Layer(1, 1)))));
        assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("conv1, conv2, conv3, conv4"), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> build(new Folding(Map.of("fc", new Folding.Layer(0, 3)))));
        assertTrue(e.getMessage().contains("fc") && e.getMessage().contains("legal: 1, 2, 5, 10"), e.getMessage());
    }

    @Test
    void thePlansFifoDepthIsTheBypassFifosAndOtherAddsKeepTheDefault() {
        Accelerator d = build(Folding.DEFAULT);
        String add = d.stages().stream().filter(s -> s.block().equals("axis_fifo")).findFirst().orElseThrow().layer();
        int generated = d.folding().fifo(add);
        Accelerator a = build(new Folding(Map.of(), Map.of(add, 17)));
        org.adabinhw.generator.blocks.AxisFifoConfig c = (org.adabinhw.generator.blocks.AxisFifoConfig) a.stages().stream()
                .filter(s -> s.block().equals("axis_fifo")).findFirst().orElseThrow().config();
        assertEquals(17, c.depth());
        assertEquals(17, a.folding().fifo(add));
        assertTrue(generated > 17 && a.description().contains("\"" + add + "\" : 17"), a.description());
        GeneratorException e = assertThrows(GeneratorException.class, () -> build(new Folding(Map.of(), Map.of("conv2", 4))));
        assertTrue(e.getMessage().contains("conv2") && e.getMessage().contains(add), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> build(new Folding(Map.of(), Map.of(add, 1 << 21))));
        assertTrue(e.getMessage().contains(add) && e.getMessage().contains("legal: 1.."), e.getMessage());
    }

    @Test
    void equalInputsGiveByteIdenticalFiles() {
        assertEquals(build(Folding.DEFAULT).files().manifest(), build(Folding.DEFAULT).files().manifest());
        assertFalse(build(Folding.DEFAULT).files().hash().equals(build(new Folding(Map.of("conv3", new Folding.Layer(8, 8))))
                .files().hash()));
    }

    @Test
    void topNamesAreVerilogIdentifiers() {
        assertEquals("mnist_adabin_accel", AcceleratorBuilder.topName("mnist-adabin"));
        assertEquals("net_3x_accel", AcceleratorBuilder.topName("3x"));
    }
}
