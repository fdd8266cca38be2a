package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.arch.Architecture;
import org.adabinhw.golden.arch.OfficialNetworks;
import org.adabinhw.golden.arch.RandomStateDicts;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.simulator.AcceleratorBeats;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.FifoSizing;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole accelerators, generated from the example network and the official presets, in Verilator and Icarus
 * against the integer golden model, bit for bit, under random back-pressure on both sides; their throughput
 * without stalls against the folding's ideal; static checks of the generated RTL; and memory images edited
 * after generation, which {@code verify} must catch.
 */
@Tag("rtl")
class AcceleratorIT {
    /** Stall rate of the co-simulations: at least the 30 % on both sides. */
    private static final double STALLS = 0.3;

    /** A generated accelerator, written to disk and read back as {@code verify} reads it. */
    private record Generated(Accelerator accelerator, AcceleratorVerification.Generated dir, IntegerNetwork net) {
        int[][] golden(List<int[]> images) {
            IntegerEngine e = new IntegerEngine(net);
            return images.stream().map(e::logits).toArray(int[][]::new);
        }
    }

    private static Generated generate(Network net, String name) {
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, Folding.DEFAULT, AcceleratorBuilder.topName(net.name()),
                Map.of("kind", "test"));
        Path dir = TARGET.resolve("accelerators").resolve(name);
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        return new Generated(a, AcceleratorVerification.load(dir), inet);
    }

    static Path example() {
        Path p = Path.of("..", "examples", "mnist").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(p.resolve("network.json")), "the example network is missing at " + p);
        return p;
    }

    static Path shared(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared").resolve(relative);
            if (Files.exists(p)) {
                return p;
            }
        }
        return abort("shared/" + relative + " not found beside the project: skipping (CI lays it at ../shared)");
    }

    static List<int[]> images(Path npy, int count) throws IOException {
        NdArray a = Npy.read(npy);
        int n = Math.min(count, a.shape()[0]);
        int per = a.size() / a.shape()[0];
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[per];
            for (int j = 0; j < per; j++) {
                px[j] = (int) a.data()[i * per + j];
            }
            out.add(px);
        }
        return out;
    }

    private static Generated mnist() throws IOException {
        return generate(NetworkFormat.read(example().resolve("network.json")), "mnist");
    }

    private static Generated resnet20() throws IOException {
        return generate(OfficialNetworks.fromCheckpoint(shared("models/adabin-resnet20-cifar10-official.th"), null), "resnet20");
    }

    private static AcceleratorVerification.Result verify(Generated g, List<int[]> images, double stalls, long seed,
                                                         Simulator sim) {
        // With stalls, the verification build has a stall gate on every internal stream, and the simulator the same.
        AcceleratorVerification.Gated build = g.dir().gated(g.accelerator(), new AcceleratorSimulator(g.accelerator()), RENDERER,
                seed, VerificationBuild.rate(stalls));
        AcceleratorVerification.Result r = AcceleratorVerification.run(build, images, g.golden(images), seed, stalls, sim, COSIM,
                RENDERER);
        System.out.println(r.report().summary() + "; mean interval " + r.meanInterval() + ", expected "
                + g.dir().cyclesPerImage());
        return r;
    }

    /** Bit-exact against the golden model, and the Java simulator agrees with the RTL on every beat's value and cycle. */
    private static void assertPassed(AcceleratorVerification.Result r) {
        assertTrue(r.crossCheck() != null, "the simulator did not run");
        assertTrue(r.passed(), () -> String.join("\n", r.mismatches()) + "\n" + String.join("\n", r.report().mismatches())
                + "\nrun directory " + r.report().runDir());
        assertEquals(List.of(), r.crossCheck(), "simulator against RTL");
        assertTrue(r.report().model().beats().get(AcceleratorVerification.LOGITS).size() > 0, "no beats compared");
    }

    /** The ideal of the folding: the slowest convolution's MACs / (PE·SIMD) per image. */
    private static long ideal(Accelerator a) {
        return a.stages().stream().filter(s -> s.block().endsWith("_mvu")).mapToLong(Accelerator.Stage::cyclesPerImage)
                .max().orElseThrow();
    }

    @Test
    void mnistIsBitExactInVerilatorUnderStallsOnBothSides() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = mnist();
        assertPassed(verify(g, images(example().resolve("heldout_u8.npy"), 6), STALLS, 11, Simulator.VERILATOR));
    }

    @Test
    void mnistIsBitExactOnExtremeImagesUnderStalls() throws IOException {
        // Corner stimuli for the whole design: black, white, and images whose pixels jump between 0 and 255 (stripes,
        // a checkerboard, a single white pixel in each corner), reaching the extreme popcounts and every border class
        // with extreme values.
        assumeTools(EdaTool.VERILATOR);
        Generated g = mnist();
        int n = 28 * 28;
        List<int[]> images = new ArrayList<>();
        images.add(new int[n]);
        images.add(java.util.stream.IntStream.range(0, n).map(i -> 255).toArray());
        images.add(java.util.stream.IntStream.range(0, n).map(i -> (i / 28) % 2 == 0 ? 255 : 0).toArray());
        images.add(java.util.stream.IntStream.range(0, n).map(i -> ((i / 28) + (i % 28)) % 2 == 0 ? 255 : 0).toArray());
        int[] corners = new int[n];
        for (int i : new int[] {0, 27, n - 28, n - 1}) {
            corners[i] = 255;
        }
        images.add(corners);
        assertPassed(verify(g, images, STALLS, 31, Simulator.VERILATOR));
    }

    @Test
    void mnistIsBitExactInIcarus() throws IOException {
        assumeTools(EdaTool.IVERILOG, EdaTool.VVP);
        Generated g = mnist();
        assertPassed(verify(g, images(example().resolve("heldout_u8.npy"), 2), STALLS, 12, Simulator.ICARUS));
    }

    @Test
    void mnistThroughputIsTheFoldingsIdeal() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = mnist();
        AcceleratorVerification.Result r = verify(g, images(example().resolve("heldout_u8.npy"), 5), 0, 13, Simulator.VERILATOR);
        assertPassed(r);
        long ideal = ideal(g.accelerator());
        assertEquals(ideal, g.dir().cyclesPerImage(), "the description's cycles per image are the slowest layer's");
        // Exactly the slowest block's pace: every block after a convolution keeps up with it.
        assertEquals((double) ideal, r.meanInterval(), "mean interval in cycles per image against the folding's ideal");
    }

    /**
     * Sizes the bypass FIFOs of a network's accelerator by simulation, generates it with those depths, and checks in
     * Verilator without stalls that it is bit-exact, agrees with the simulator and runs at the ideal interval within 1 %.
     */
    private static void assertSizedFifosKeepTheIdealInterval(Network net, String name, List<int[]> images, long seed) {
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        Accelerator first = AcceleratorBuilder.build(RENDERER, inet, Folding.DEFAULT, name, Map.of("kind", "test"));
        FifoSizing.Result sizing = FifoSizing.size(first, System.out::println);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, first.folding().withFifos(sizing.depths()), name,
                Map.of("kind", "test"));
        Path dir = TARGET.resolve("accelerators").resolve(name);
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        Generated g = new Generated(a, AcceleratorVerification.load(dir), inet);
        AcceleratorVerification.Result r = verify(g, images, 0, seed, Simulator.VERILATOR);
        assertPassed(r);
        long ideal = ideal(a);
        assertTrue(Math.abs(r.meanInterval() - ideal) <= 0.01 * ideal, "mean interval " + r.meanInterval()
                + " cycles per image with the sized FIFOs " + sizing.depths() + ", the ideal " + ideal);
    }

    @Test
    void mnistWithFifosSizedBySimulationKeepsTheIdealThroughputInVerilator() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        assertSizedFifosKeepTheIdealInterval(NetworkFormat.read(example().resolve("network.json")), "mnist_sized",
                images(example().resolve("heldout_u8.npy"), 4), 14);
    }

    @Test
    void anUndersizedBypassFifoDeadlocksTheRtlAsTheSimulatorReports() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Network net = NetworkFormat.read(example().resolve("network.json"));
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, new Folding(Map.of(), Map.of("add3", 4)), "mnist_small_fifo",
                Map.of("kind", "test"));
        List<int[]> imgs = images(example().resolve("heldout_u8.npy"), 1);
        AcceleratorSimulator sim = new AcceleratorSimulator(a);
        AcceleratorSimulator.Result s = sim.run(AcceleratorBeats.pixelBeats(imgs, 1), 1,
                org.adabinhw.simulator.StallPattern.none(1, 1), AcceleratorSimulator.Options.DEFAULT, null);
        assertTrue(s.deadlock() != null, "the simulator saw no deadlock");
        System.out.print(s.deadlock().report());
        Path dir = TARGET.resolve("accelerators").resolve("mnist-small-fifo");
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        Generated g = new Generated(a, AcceleratorVerification.load(dir), inet);
        AcceleratorVerification.Result r = AcceleratorVerification.run(g.dir(), imgs, g.golden(imgs), 15, 0, Simulator.VERILATOR,
                COSIM, RENDERER, sim);
        // The RTL stops too: no logit arrives, and it accepted exactly the pixels the simulator says it would.
        assertTrue(r.report().rtl().timedOut(), r.report().summary());
        assertEquals(0, r.report().rtl().beats().get(AcceleratorVerification.LOGITS).size());
        assertEquals(List.of(), r.crossCheck(), "simulator against RTL");
        long accepted = r.report().rtl().accepts().get("").size();
        assertTrue(accepted > 0 && accepted < 28 * 28, accepted + " pixels accepted");
        assertEquals(s.trace().accepts().get(""), r.report().rtl().accepts().get(""));
    }

    @Test
    void mnistRtlIsLintCleanCompilesAndSynthesises() throws IOException {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        Generated g = mnist();
        Path dir = TARGET.resolve("rtl-checks").resolve("mnist");
        RtlChecks.verilatorLint(g.accelerator().design(), dir);
        RtlChecks.iverilogCompile(g.accelerator().design(), dir);
        RtlChecks.Synthesis s = RtlChecks.yosysSynthCoarse(g.accelerator().design(), dir);
        assertTrue(s.cells() > 100, "Yosys kept " + s.cells() + " cells");
    }

    @Test
    void generationIsDeterministic() throws IOException {
        Network net = NetworkFormat.read(example().resolve("network.json"));
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        String a = AcceleratorBuilder.build(RENDERER, inet, Folding.DEFAULT, "m", Map.of()).files().hash();
        String b = AcceleratorBuilder.build(RENDERER, IntegerCompiler.compile(NetworkFormat.read(example().resolve("network.json")),
                QuantConfig.DEFAULT), Folding.DEFAULT, "m", Map.of()).files().hash();
        assertEquals(a, b);
    }

    /** Flips one bit of the first data word of one memory image of the given kind. */
    private static Path flip(Generated g, String suffix, String name, int bit) throws IOException {
        Path from = g.dir().dir();
        Path to = TARGET.resolve("accelerators").resolve("mnist-" + name);
        GeneratedFiles.deleteRecursively(to);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path mem;
        try (Stream<Path> files = Files.list(to.resolve("mem"))) {
            mem = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().findFirst()
                    .orElseThrow(() -> new AssertionError("no memory image *" + suffix));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(mem, StandardCharsets.UTF_8));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (!l.isEmpty() && !l.startsWith("//")) {
                lines.set(i, String.format("%0" + l.length() + "x", new BigInteger(l, 16).flipBit(bit)));
                break;
            }
        }
        Files.write(mem, lines, StandardCharsets.UTF_8);
        return to;
    }

    @Test
    void editedMemoryImagesFailVerification() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = mnist();
        List<int[]> images = images(example().resolve("heldout_u8.npy"), 2);
        int[][] golden = g.golden(images);
        // Word 0 of each image: the weight of output channel 0, tap (0, 0), input channel 0; the bias of channel 0 in
        // the top-left border class (bit 46 of its 48: a large change, not one lost in the rounding shift); the
        // threshold of input channel 0 (bit 27 of its 29: 2^7 in real value, so the bit no longer follows the input).
        record Flip(String image, String what, int bit) {
        }
        for (Flip f : List.of(new Flip("conv3_mvu_weights.memh", "weight", 0), new Flip("conv3_mvu_bias.memh", "constant", 46),
                new Flip("conv3_thr_thresholds.memh", "threshold", 27))) {
            Path dir = flip(g, f.image(), f.what(), f.bit());
            AcceleratorVerification.Result r = AcceleratorVerification.run(AcceleratorVerification.load(dir), images, golden,
                    5, STALLS, Simulator.VERILATOR, COSIM, RENDERER);
            assertFalse(r.passed(), "verify passed with a flipped " + f.what() + " bit in " + f.image());
            System.out.println("flipped " + f.what() + ": " + r.mismatches().size() + " mismatches, first: " + r.mismatches().get(0));
        }
    }

    @Test
    void resnet20IsBitExactOnTwoImagesUnderStalls() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = resnet20();
        assertPassed(verify(g, images(shared("reference/resnet20-official/images_u8.npy"), 2), STALLS, 21, Simulator.VERILATOR));
    }

    @Test
    void resnet20ThroughputIsTheFoldingsIdeal() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = resnet20();
        AcceleratorVerification.Result r = verify(g, images(shared("reference/resnet20-official/images_u8.npy"), 3), 0, 22,
                Simulator.VERILATOR);
        assertPassed(r);
        long ideal = ideal(g.accelerator());
        // Exactly the slowest block's pace: every block after a convolution keeps up with it.
        assertEquals((double) ideal, r.meanInterval(), "mean interval in cycles per image against the folding's ideal");
    }

    @Test
    void resnet20RtlIsLintCleanAndCompiles() throws IOException {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG);
        Generated g = resnet20();
        Path dir = TARGET.resolve("rtl-checks").resolve("resnet20");
        RtlChecks.verilatorLint(g.accelerator().design(), dir);
        RtlChecks.iverilogCompile(g.accelerator().design(), dir);
    }

    @Test
    @Tag("slow")
    void resnet20IsBitExactOnAllSixteenImages() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Generated g = resnet20();
        assertPassed(verify(g, images(shared("reference/resnet20-official/images_u8.npy"), 16), STALLS, 23, Simulator.VERILATOR));
    }

    @Test
    @Tag("slow")
    void resnet20WithFifosSizedBySimulationKeepsTheIdealThroughputInVerilator() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        assertSizedFifosKeepTheIdealInterval(OfficialNetworks.fromCheckpoint(shared("models/adabin-resnet20-cifar10-official.th"),
                null), "resnet20_sized", images(shared("reference/resnet20-official/images_u8.npy"), 4), 24);
    }

    @Test
    @Tag("slow")
    void resnet18CifarIsBitExactOnTwoImages() throws IOException {
        assumeTools(EdaTool.VERILATOR);
        Path ref = shared("reference/resnet18-cifar-random");
        Generated g = generate(OfficialNetworks.fromCheckpoint(ref.resolve("model.th"), null), "resnet18-cifar");
        assertPassed(verify(g, images(ref.resolve("images_u8.npy"), 2), STALLS, 31, Simulator.VERILATOR));
    }

    @Test
    @Tag("slow")
    void everyPresetIsLintCleanCompilesAndSynthesises() throws IOException {
        assumeTools(EdaTool.VERILATOR, EdaTool.IVERILOG, EdaTool.YOSYS);
        List<Generated> all = new ArrayList<>(List.of(mnist(), resnet20()));
        all.add(generate(OfficialNetworks.fromCheckpoint(shared("reference/resnet18-cifar-random/model.th"), null),
                "resnet18-cifar"));
        for (Architecture arch : List.of(Architecture.RESNET18_IMAGENET, Architecture.RESNET34_IMAGENET)) {
            all.add(generate(RandomStateDicts.network(arch, 1000, 7), arch.name().toLowerCase(java.util.Locale.ROOT)));
        }
        for (Generated g : all) {
            Path dir = TARGET.resolve("rtl-checks").resolve("preset-" + g.accelerator().top());
            RtlChecks.verilatorLint(g.accelerator().design(), dir);
            RtlChecks.iverilogCompile(g.accelerator().design(), dir);
            RtlChecks.Synthesis s = RtlChecks.yosysSynthCoarse(g.accelerator().design(), dir);
            System.out.println(g.accelerator().top() + ": " + s.cells() + " cells after Yosys synthesis");
        }
    }
}
