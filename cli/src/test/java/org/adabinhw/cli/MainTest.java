package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.io.SafeTensors;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end: results, and one clear error with exit code 2 per class of malformed input. */
class MainTest {
    @TempDir
    Path dir;
    Path json;
    Path weights;
    Path images;
    Path out;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        return new Result(code, o.toString(), e.toString());
    }

    /** A tiny AdaBin network: stem, binary conv with residual, pool, classifier. */
    static Network tinyNetwork() {
        Random r = new Random(3);
        Shape in = new Shape(1, 6, 6);
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("conv1", new Op.Conv2d(4, 1, 3, 3, 1, 1, gaussian(r, 36), null), Network.INPUT));
        nodes.add(Node.of("bn1", batchNorm(r, 4), "conv1"));
        nodes.add(Node.of("act1", new Op.Nonlinear(new Nonlinearity.Maxout(fill(4, 1.0), fill(4, 0.25)), 4), "bn1"));
        nodes.add(Node.of("conv2", new Op.BinaryConv2d(4, 4, 3, 3, 1, 1, gaussian(r, 144), new WeightBinarizer.AdaBin(),
                new ActivationBinarizer.AdaBin(0.9, 0.1)), "act1"));
        nodes.add(Node.of("bn2", batchNorm(r, 4), "conv2"));
        nodes.add(new Node("add2", new Op.Add(), List.of("bn2", "act1")));
        nodes.add(Node.of("pool", new Op.GlobalAvgPool(), "add2"));
        nodes.add(Node.of("fc", new Op.Linear(3, 4, gaussian(r, 12), gaussian(r, 3)), "pool"));
        return new Network("tiny", new InputSpec(in, 1 / 255.0, new double[] {0.5}, new double[] {0.25}), nodes);
    }

    static double[] gaussian(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * 0.3;
        }
        return d;
    }

    static double[] fill(int n, double v) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, v);
        return d;
    }

    static Op.BatchNorm batchNorm(Random r, int c) {
        double[] var = new double[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5 + r.nextDouble();
        }
        return new Op.BatchNorm(fill(c, 1.1), gaussian(r, c), gaussian(r, c), var, 1e-5);
    }

    @BeforeEach
    void setUp() throws IOException {
        json = dir.resolve("net.json");
        weights = dir.resolve("weights.safetensors");
        NetworkFormat.write(tinyNetwork(), json, weights);
        images = dir.resolve("images.npy");
        double[] px = new double[2 * 36];
        Random r = new Random(5);
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(256);
        }
        Npy.write(images, new NdArray(new int[] {2, 1, 6, 6}, px, "uint8"));
        out = dir.resolve("out.npy");
    }

    @Test
    void inferWritesFloatAndRawIntegerLogits() throws IOException {
        Result f = run("infer", "--network", json.toString(), "--input", images.toString(), "--engine", "float",
                "--out", out.toString());
        assertEquals(0, f.code(), f.err());
        NdArray fl = Npy.read(out);
        assertEquals("float32", fl.dtype());
        assertEquals(List.of(2, 3), List.of(fl.shape()[0], fl.shape()[1]));
        Result g = run("infer", "--network", json.toString(), "--input", images.toString(), "--engine", "golden",
                "--raw", "--out", out.toString());
        assertEquals(0, g.code(), g.err());
        NdArray raw = Npy.read(out);
        assertEquals("int32", raw.dtype());
        for (int i = 0; i < fl.size(); i++) {
            // Raw logits carry 20 fractional bits (QuantConfig.DEFAULT).
            assertEquals(fl.data()[i], Math.scalb(raw.data()[i], -20), 0.05, "logit " + i);
        }
    }

    @Test
    void inspectPrintsTheLayerTable() {
        Result r = run("inspect", "--network", json.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("conv2") && r.out().contains("binary_conv2d") && r.out().contains("BOPs"), r.out());
        // 4 output channels × 6×6 positions × 4×3×3 taps.
        assertTrue(r.out().contains(" 5184 "), r.out());
    }

    @Test
    void inspectJsonIsOneDocumentWithTheTablesFigures() throws IOException {
        Result r = run("inspect", "--network", json.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        com.fasterxml.jackson.databind.JsonNode d = DocumentedJsonKeys.check("inspect", r.out());
        long bops = 0;
        boolean conv2 = false;
        for (com.fasterxml.jackson.databind.JsonNode l : d.path("layers")) {
            for (String k : List.of("name", "type", "output", "inputs", "bops", "flops", "weight_bits", "parameters")) {
                assertTrue(l.has(k), "layer without " + k + ": " + l);
            }
            bops += l.path("bops").asLong();
            // The same figure as the table: 4 output channels × 6×6 positions × 4×3×3 taps.
            conv2 |= l.path("name").asText().equals("conv2") && l.path("bops").asLong() == 5184;
        }
        assertTrue(conv2, r.out());
        assertEquals(d.path("total").path("bops").asLong(), bops);
    }

    /** infer, generate, simulate and estimate with --json: one document of the README's keys, the same figures as the text. */
    @Test
    void everyCommandsJsonHasTheDocumentedKeysAndTheTextsFigures() throws IOException {
        Path labels = dir.resolve("labels.npy");
        Npy.write(labels, new NdArray(new int[] {2}, new double[] {0, 2}, "int64"));
        Result infer = run("infer", "--network", json.toString(), "--input", images.toString(), "--labels", labels.toString(),
                "--report", "--out", out.toString(), "--json");
        assertEquals(0, infer.code(), infer.err());
        var i = DocumentedJsonKeys.check("infer", infer.out());
        assertEquals(2, i.path("images").asInt());
        int correct = i.path("accuracy").path("correct").asInt(-1);
        assertTrue(correct >= 0 && correct <= 2, infer.out());
        assertEquals(50.0 * correct, i.path("accuracy").path("percent").asDouble(), 1e-9);
        assertTrue(infer.err().contains(String.format(java.util.Locale.ROOT, "= %.2f %%", i.path("accuracy").path("percent").asDouble())),
                infer.err());
        assertTrue(i.path("report").path("layers").size() >= 1 && i.path("report").path("layers").get(0).has("agreement"), infer.out());
        var confusion = i.path("report").path("confusion");
        assertEquals(2, confusion.path("both_right").asInt() + confusion.path("float_only").asInt()
                + confusion.path("golden_only").asInt() + confusion.path("both_wrong").asInt(), infer.out());
        assertTrue(infer.err().contains("engines against the labels: both right"), infer.err());
        Result plain = run("infer", "--network", json.toString(), "--input", images.toString(), "--out", out.toString(), "--json");
        assertTrue(DocumentedJsonKeys.check("infer", plain.out()).path("accuracy").isNull(), plain.out());

        Path accel = dir.resolve("accel");
        Result gen = run("generate", "--network", json.toString(), "--out", accel.toString(), "--json");
        assertEquals(0, gen.code(), gen.err());
        var g = DocumentedJsonKeys.check("generate", gen.out());
        assertTrue(gen.err().contains("(bottleneck)"), "the table goes to standard error: " + gen.err());
        long slowest = 0;
        int bottlenecks = 0;
        for (var l : g.path("layers")) {
            slowest = Math.max(slowest, l.path("cycles_per_image").asLong());
            bottlenecks += l.path("bottleneck").asBoolean() ? 1 : 0;
        }
        assertEquals(g.path("cycles_per_image").asLong(), slowest);
        assertTrue(bottlenecks >= 1);

        Result sim = run("simulate", accel.toString(), "--input", images.toString(), "--log", dir.resolve("log").toString(), "--json");
        assertEquals(0, sim.code(), sim.err());
        var s = DocumentedJsonKeys.check("simulate", sim.out());
        assertTrue(s.path("passed").asBoolean() && s.path("mismatches").isEmpty(), sim.out());
        assertEquals(2, s.path("latency").size());
        assertEquals(1, s.path("interval").size());
        assertTrue(sim.err().contains("PASS: all 6 beats"), sim.err());

        Result est = run("estimate", accel.toString(), "--part", "xc7z020", "--json");
        assertEquals(0, est.code(), est.err());
        var e = DocumentedJsonKeys.check("estimate", est.out());
        assertEquals(g.path("cycles_per_image").asLong(), e.path("cycles_per_image").asLong());
        assertTrue(est.err().contains("verdict:"), est.err());
    }

    private void assertUserError(Result r, String... fragments) {
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "message lacks '" + f + "': " + r.err());
        }
        assertFalse(r.err().contains("\tat "), "no stack trace expected: " + r.err());
        assertFalse(Files.exists(out), "no output file may be written on failure");
    }

    private Result inferCheckpoint(Path checkpoint) {
        return run("infer", "--checkpoint", checkpoint.toString(), "--input", images.toString(), "--out", out.toString());
    }

    private Result inferNetwork() {
        return run("infer", "--network", json.toString(), "--input", images.toString(), "--out", out.toString());
    }

    @Test
    void nonZipCheckpointIsRejected() throws IOException {
        Path bad = dir.resolve("random.th");
        byte[] b = new byte[1000];
        new Random(1).nextBytes(b);
        Files.write(bad, b);
        assertUserError(inferCheckpoint(bad), "random.th", "zip");
    }

    @Test
    void zipWithoutPickleIsRejected() throws IOException {
        Path bad = dir.resolve("empty.th");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bad))) {
            z.putNextEntry(new ZipEntry("archive/version"));
            z.write('3');
            z.closeEntry();
        }
        assertUserError(inferCheckpoint(bad), "empty.th", "data.pkl");
    }

    @Test
    void generateRefusesSdBnnsDynamicThresholdNamingTheLayer() {
        Path sdbnn = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && sdbnn == null; d = d.getParent()) {
            Path p = d.resolve("shared/reference/sdbnn-resnet20-random/model.th");
            sdbnn = Files.exists(p) ? p : null;
        }
        assumeTrue(sdbnn != null, "shared/reference not found beside the project: skipping the SD-BNN generate test");
        out = dir.resolve("sdbnn-rtl");
        Result r = run("generate", "--checkpoint", sdbnn.toString(), "--out", out.toString());
        assertUserError(r, "layer layer1.0.conv1", "SE threshold", "not supported by the hardware");
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void truncatedCheckpointIsRejected() throws IOException {
        Path official = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && official == null; d = d.getParent()) {
            Path p = d.resolve("shared/models/adabin-resnet20-cifar10-official.th");
            official = Files.exists(p) ? p : null;
        }
        assumeTrue(official != null, "shared/models not found beside the project: skipping the truncated-checkpoint test");
        byte[] all = Files.readAllBytes(official);
        Path cut = dir.resolve("cut.th");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertUserError(inferCheckpoint(cut), "cut.th");
    }

    private void editWeights(Consumer<Map<String, NdArray>> edit) throws IOException {
        Map<String, NdArray> t = new LinkedHashMap<>(SafeTensors.read(weights));
        edit.accept(t);
        Files.delete(weights);
        SafeTensors.write(weights, t, Map.of());
    }

    @Test
    void missingTensorIsRejected() throws IOException {
        editWeights(t -> t.remove("bn2.running_var"));
        assertUserError(inferNetwork(), "weights.safetensors", "bn2.running_var");
    }

    @Test
    void misShapedTensorIsRejected() throws IOException {
        editWeights(t -> t.put("conv2.weight", new NdArray(new int[] {4, 4, 9}, new double[144], "float32")));
        assertUserError(inferNetwork(), "conv2.weight", "[4, 4, 9]");
    }

    @Test
    void nanIsRejected() throws IOException {
        editWeights(t -> {
            double[] d = t.get("fc.weight").data().clone();
            d[5] = Double.NaN;
            t.put("fc.weight", new NdArray(t.get("fc.weight").shape(), d, "float32"));
        });
        assertUserError(inferNetwork(), "fc.weight", "NaN");
    }

    @Test
    void nonPositiveAlphaIsRejected() throws IOException {
        editWeights(t -> t.put("conv2.binary_a.alpha_a", new NdArray(new int[0], new double[] {-0.5}, "float32")));
        assertUserError(inferNetwork(), "conv2", "alpha_a", "-0.5");
    }

    @Test
    void unknownTensorIsRejected() throws IOException {
        editWeights(t -> t.put("conv9.weight", new NdArray(new int[] {1}, new double[] {1}, "float32")));
        assertUserError(inferNetwork(), "conv9.weight");
    }

    @Test
    void unknownLayerTypeIsRejected() throws IOException {
        Files.writeString(json, Files.readString(json).replace("\"maxout\"", "\"swish\""));
        assertUserError(inferNetwork(), "net.json", "swish");
    }

    @Test
    void imagesOfTheWrongShapeAreRejected() throws IOException {
        Npy.write(images, new NdArray(new int[] {1, 1, 5, 6}, new double[30], "uint8"));
        assertUserError(inferNetwork(), "images.npy", "[1, 1, 5, 6]");
    }

    @Test
    void labelsGiveTheTopOneAccuracyAndMustMatchTheImages() throws IOException {
        Path labels = dir.resolve("labels.npy");
        Npy.write(labels, new NdArray(new int[] {2}, new double[] {0, 2}, "int64"));
        Result r = run("infer", "--network", json.toString(), "--input", images.toString(), "--labels", labels.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*top-1 accuracy \\(golden engine\\): [0-2] / 2 = .*"), r.err());
        Npy.write(labels, new NdArray(new int[] {3}, new double[] {0, 1, 2}, "int64"));
        Files.deleteIfExists(out);
        assertUserError(run("infer", "--network", json.toString(), "--input", images.toString(), "--labels", labels.toString(),
                "--out", out.toString()), "labels.npy", "2 images");
    }

    @Test
    void inspectExportsTheNetworkInTheGenericFormatAndItGivesTheSameLogits() throws IOException {
        Path exported = dir.resolve("exported.json");
        Result r = run("inspect", "--network", json.toString(), "--export", exported.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(dir.resolve("exported.safetensors")), r.out());
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        assertEquals(0, run("infer", "--network", json.toString(), "--input", images.toString(), "--raw", "--out", a.toString()).code());
        assertEquals(0, run("infer", "--network", exported.toString(), "--input", images.toString(), "--raw", "--out", b.toString()).code());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(b)));
    }

    @Test
    void anEmptyImageArrayIsRejected() throws IOException {
        Npy.write(images, new NdArray(new int[] {0, 1, 6, 6}, new double[0], "uint8"));
        assertUserError(inferNetwork(), "images.npy", "no images");
    }

    @Test
    void anOutputIntoAMissingFolderIsRejectedBeforeAnyWork() {
        Path missing = dir.resolve("no-such-folder").resolve("out.npy");
        Result r = run("infer", "--network", json.toString(), "--input", images.toString(), "--out", missing.toString());
        assertUserError(r, "--out", "no-such-folder", "does not exist");
        assertFalse(Files.exists(missing.getParent()));
    }

    @Test
    void moreImagesThanTheInputHoldsAreRejected() {
        Result r = run("simulate", "--network", json.toString(), "--input", images.toString(), "--images", "5");
        assertUserError(r, "--images 5", "images.npy", "(2)");
    }

    @Test
    void missingFileIsRejected() {
        assertUserError(inferCheckpoint(dir.resolve("nope.th")), "nope.th", "no such file");
    }
}
