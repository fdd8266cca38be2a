package org.adabinhw.golden.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;
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

class NetworkFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path json;
    private Path weights;

    /** A network that uses every op, every weight and activation binarizer and every nonlinearity. */
    static Network everything() {
        Random r = new Random(42);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("c1", new Op.Conv2d(8, 3, 3, 3, 1, 1, gauss(r, 8 * 3 * 9), gauss(r, 8)), Network.INPUT));
        n.add(Node.of("bn1", new Op.BatchNorm(gauss(r, 8), gauss(r, 8), gauss(r, 8), positive(r, 8), 1e-5), "c1"));
        n.add(Node.of("m1", new Op.Nonlinear(new Nonlinearity.Maxout(gauss(r, 8), gauss(r, 8)), 8), "bn1"));
        n.add(Node.of("b1", new Op.BinaryConv2d(8, 8, 3, 3, 1, 1, gauss(r, 8 * 8 * 9), new WeightBinarizer.AdaBin(),
                new ActivationBinarizer.AdaBin(0.8, 0.1)), "m1"));
        n.add(Node.of("p1", new Op.Nonlinear(new Nonlinearity.PRelu(gauss(r, 8)), 8), "b1"));
        n.add(Node.of("b2", new Op.BinaryConv2d(8, 8, 3, 3, 1, 1, gauss(r, 8 * 8 * 9), new WeightBinarizer.Sign(false),
                new ActivationBinarizer.Sign()), "p1"));
        n.add(new Node("add1", new Op.Add(), List.of("b2", "p1")));
        n.add(Node.of("h1", new Op.Nonlinear(new Nonlinearity.Hardtanh(-1.5, 2.0), 8), "add1"));
        n.add(Node.of("b3", new Op.BinaryConv2d(16, 8, 3, 3, 2, 1, gauss(r, 16 * 8 * 9), new WeightBinarizer.Sign(true),
                new ActivationBinarizer.ChannelThreshold(gauss(r, 8))), "h1"));
        n.add(Node.of("r1", new Op.Nonlinear(new Nonlinearity.Relu(), 16), "b3"));
        n.add(Node.of("sc", new Op.ShortcutA(2, 4), "h1"));
        n.add(new Node("add2", new Op.Add(), List.of("r1", "sc")));
        n.add(Node.of("b4", new Op.BinaryConv2d(16, 16, 3, 1, 1, 1, gauss(r, 16 * 16 * 3),
                new WeightBinarizer.Wsd(gauss(r, 16)),
                new ActivationBinarizer.SqueezeExcite(4, gauss(r, 4 * 16), gauss(r, 16 * 4))), "add2"));
        n.add(Node.of("mp", new Op.MaxPool2d(2, 2, 0, true), "b4"));
        n.add(Node.of("ap", new Op.AvgPool2d(3, 1, 1, false, false), "mp"));
        n.add(Node.of("p2", new Op.Nonlinear(new Nonlinearity.PRelu(new double[] {0.2}), 16), "ap"));
        n.add(Node.of("gap", new Op.GlobalAvgPool(), "p2"));
        n.add(Node.of("bn2", new Op.BatchNorm(gauss(r, 16), gauss(r, 16), gauss(r, 16), positive(r, 16), 1e-3), "gap"));
        n.add(Node.of("fc1", new Op.Linear(5, 16, gauss(r, 5 * 16), gauss(r, 5)), "bn2"));
        n.add(Node.of("fc2", new Op.Linear(3, 5, gauss(r, 3 * 5), null), "fc1"));
        InputSpec in = new InputSpec(new Shape(3, 8, 8), 1.0 / 255, new double[] {0.485, 0.456, 0.406},
                new double[] {0.229, 0.224, 0.225});
        return new Network("everything", in, n);
    }

    private static double[] gauss(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    private static double[] positive(Random r, int n) {
        double[] d = gauss(r, n);
        for (int i = 0; i < n; i++) {
            d[i] = Math.abs(d[i]) + 0.01;
        }
        return d;
    }

    @BeforeEach
    void writeValidNetwork() throws IOException {
        json = dir.resolve("net.json");
        weights = dir.resolve("net.safetensors");
        NetworkFormat.write(everything(), json, weights, NetworkFormat.Precision.FLOAT64);
    }

    // ---- round trips ----

    @Test
    void roundTripInFloat64KeepsEveryParameter() throws IOException {
        Network expected = everything();
        Network actual = NetworkFormat.read(json);
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.nodes().size(), actual.nodes().size());
        for (int i = 0; i < expected.nodes().size(); i++) {
            assertDeepEquals(expected.nodes().get(i), actual.nodes().get(i), expected.nodes().get(i).name(), false);
            assertEquals(expected.shape(expected.nodes().get(i).name()), actual.shape(actual.nodes().get(i).name()));
        }
        assertEquals("float64", SafeTensors.read(weights).get("c1.weight").dtype());
    }

    @Test
    void roundTripInFloat32RoundsTensorsToFloat() throws IOException {
        Path j = dir.resolve("f32/net.json");
        Files.createDirectories(j.getParent());
        NetworkFormat.write(everything(), j, dir.resolve("f32/w.safetensors"));
        Network actual = NetworkFormat.read(j);
        Network expected = everything();
        for (int i = 0; i < expected.nodes().size(); i++) {
            assertDeepEquals(expected.nodes().get(i), actual.nodes().get(i), expected.nodes().get(i).name(), true);
        }
        assertEquals("float32", SafeTensors.read(dir.resolve("f32/w.safetensors")).get("c1.weight").dtype());
    }

    @Test
    void writingWhatWasReadGivesTheSameBytes() throws IOException {
        Path j2 = dir.resolve("again.json");
        Path w2 = dir.resolve("again.safetensors");
        NetworkFormat.write(NetworkFormat.read(json), j2, w2, NetworkFormat.Precision.FLOAT64);
        assertArrayEquals(Files.readAllBytes(weights), Files.readAllBytes(w2));
        String first = Files.readString(json).replace("net.safetensors", "again.safetensors");
        assertEquals(first, Files.readString(j2));
    }

    @Test
    void writtenJsonListsOneLayerPerLineAndOnlyNonDefaultInputs() throws IOException {
        List<String> lines = Files.readAllLines(json);
        assertEquals("{", lines.get(0));
        assertTrue(lines.contains("  \"weights\": \"net.safetensors\","), lines.toString());
        assertTrue(lines.contains("    {\"name\": \"add1\", \"type\": \"add\", \"inputs\": [\"b2\", \"p1\"]},"),
                lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("    {\"name\": \"b4\", \"type\": \"binary_conv2d\"")
                && l.contains("\"kernel\": [3, 1]") && l.contains("\"weight_binarizer\": \"wsd\"")
                && l.contains("\"activation_binarizer\": \"se_threshold\"") && !l.contains("inputs")));
        assertEquals(7 + 20 + 2, lines.size());
    }

    @Test
    void weightsInAnotherFolderAreRecordedRelativeToTheJsonFile() throws IOException {
        Path j = dir.resolve("a/b/net.json");
        Path w = dir.resolve("w/net.safetensors");
        Files.createDirectories(j.getParent());
        Files.createDirectories(w.getParent());
        NetworkFormat.write(everything(), j, w);
        assertTrue(Files.readString(j).contains("\"weights\": \"../../w/net.safetensors\""));
        assertEquals(20, NetworkFormat.read(j).nodes().size());
    }

    @Test
    void readsWhatThePythonExporterWrites() throws IOException {
        Network net = NetworkFormat.read(resource("tiny/network.json"));
        assertEquals(List.of("conv", "bn", "act", "bconv", "prelu", "res", "clip", "wsd", "sc", "res2", "relu",
                "mpool", "apool", "gap", "bn1d", "fc"), net.nodes().stream().map(Node::name).toList());
        assertEquals(new Shape(3, 1, 1), net.shape("fc"));
        assertEquals(new Shape(8, 3, 3), net.shape("apool"));
        // make_fixtures.py fills element i of the k-th parameter with k + i / 100.
        Op.Conv2d conv = (Op.Conv2d) net.node("conv").op();
        assertFilled(conv.weight(), 1);
        assertFilled(conv.bias(), 2);
        Op.BatchNorm bn = (Op.BatchNorm) net.node("bn").op();
        assertFilled(bn.gamma(), 3);
        assertFilled(bn.beta(), 4);
        assertFilled(bn.mean(), -1);
        assertFilled(bn.var(), 2);
        Nonlinearity.Maxout maxout = (Nonlinearity.Maxout) ((Op.Nonlinear) net.node("act").op()).function();
        assertFilled(maxout.pos(), 5);
        assertFilled(maxout.neg(), 6);
        Op.BinaryConv2d bconv = (Op.BinaryConv2d) net.node("bconv").op();
        assertFilled(bconv.weight(), 7);
        assertEquals(new ActivationBinarizer.AdaBin(0.75, -0.25), bconv.activations());
        assertInstanceOf(WeightBinarizer.AdaBin.class, bconv.weights());
        assertFilled(((Nonlinearity.PRelu) ((Op.Nonlinear) net.node("prelu").op()).function()).slope(), 8);
        assertEquals(new Nonlinearity.Hardtanh(-2, 3), ((Op.Nonlinear) net.node("clip").op()).function());
        Op.BinaryConv2d wsd = (Op.BinaryConv2d) net.node("wsd").op();
        assertFilled(wsd.weight(), -0.5);
        assertFilled(((WeightBinarizer.Wsd) wsd.weights()).shift(), 0.5);
        assertFilled(((ActivationBinarizer.ChannelThreshold) wsd.activations()).threshold(), -0.1);
        assertEquals(new Op.ShortcutA(1, 2), net.node("sc").op());
        assertEquals(List.of("clip"), net.node("sc").inputs());
        assertEquals(new Op.MaxPool2d(2, 2, 0, false), net.node("mpool").op());
        assertEquals(new Op.AvgPool2d(3, 1, 1, true, false), net.node("apool").op());
        Op.BatchNorm bn1d = (Op.BatchNorm) net.node("bn1d").op();
        assertFilled(bn1d.gamma(), 9);
        assertFilled(bn1d.var(), 3);
        Op.Linear fc = (Op.Linear) net.node("fc").op();
        assertFilled(fc.weight(), 11);
        assertFilled(fc.bias(), 12);
        assertArrayEquals(new double[] {0.5, 0.25}, net.input().mean());
        assertEquals(1.0 / 255, net.input().scale());
    }

    @Test
    void documentedExporterIsTheOneInTools() throws IOException {
        Path doc = Path.of("..", "docs", "network-format.md");
        Path tool = Path.of("..", "tools", "adabin_export.py");
        assumeTrue(Files.isRegularFile(doc) && Files.isRegularFile(tool), "skipped: docs/ or tools/ not beside the module");
        String text = Files.readString(doc);
        int start = text.indexOf("```python\n", text.indexOf("## A Python exporter")) + "```python\n".length();
        assertEquals(Files.readString(tool), text.substring(start, text.indexOf("```\n", start)),
                "the exporter in docs/network-format.md differs from tools/adabin_export.py");
    }

    private static void assertFilled(double[] actual, double base) {
        for (int i = 0; i < actual.length; i++) {
            assertEquals((float) (base + i / 100.0), actual[i], 0.0, "element " + i);
        }
    }

    private static Path resource(String name) {
        return Path.of("src/test/resources/format").resolve(name);
    }

    // ---- writing ----

    @Test
    void failedWriteLeavesNoFileAndKeepsExistingOnes() throws IOException {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Network nan = withNode(everything(), "m1",
                new Op.Nonlinear(new Nonlinearity.Maxout(new double[8], nanAt(8, 3)), 8));
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> NetworkFormat.write(nan, out.resolve("n.json"), out.resolve("n.safetensors")));
        assertContains(e, "m1.neg_scale", "NaN");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of(), files.toList());
        }
        double[] huge = new double[8];
        huge[0] = 1e300;
        Network tooLarge = withNode(everything(), "m1", new Op.Nonlinear(new Nonlinearity.Maxout(huge, huge), 8));
        byte[] before = Files.readAllBytes(json);
        byte[] beforeWeights = Files.readAllBytes(weights);
        e = assertThrows(ModelFormatException.class, () -> NetworkFormat.write(tooLarge, json, weights));
        assertContains(e, "net.safetensors", "m1.neg_scale", "float32");
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(json));
        assertArrayEquals(beforeWeights, Files.readAllBytes(weights));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.filter(Files::isRegularFile).count());
        }
    }

    private static double[] nanAt(int n, int i) {
        double[] d = new double[n];
        d[i] = Double.NaN;
        return d;
    }

    private static Network withNode(Network net, String name, Op op) {
        List<Node> nodes = new ArrayList<>();
        for (Node n : net.nodes()) {
            nodes.add(n.name().equals(name) ? new Node(name, op, n.inputs()) : n);
        }
        return new Network(net.name(), net.input(), nodes);
    }

    // ---- malformed files: one test per class of error ----

    @Test
    void rejectsUnknownLayerType() throws IOException {
        editLayer("bn1", l -> l.put("type", "batchnorm2d"));
        assertFails("'bn1'", "unknown type \"batchnorm2d\"",
                "valid types: conv2d, binary_conv2d, batchnorm, maxout, prelu, hardtanh, relu, add, shortcut_a,"
                        + " maxpool2d, avgpool2d, global_avgpool, linear");
    }

    @Test
    void rejectsUnknownLayerField() throws IOException {
        editLayer("c1", l -> l.put("dilation", 2));
        assertFails("layer 'c1' (conv2d)", "unknown field 'dilation'", "valid fields: name, type, inputs, out_channels");
        writeValidNetwork();
        editLayer("b1", l -> l.put("bias", false));
        assertFails("layer 'b1' (binary_conv2d)", "unknown field 'bias'");
    }

    @Test
    void rejectsUnknownTopLevelField() throws IOException {
        editJson(root -> root.put("weigths", "x"));
        assertFails("unknown field 'weigths'");
    }

    @Test
    void rejectsMissingTensor() throws IOException {
        editWeights(t -> t.remove("b1.binary_a.beta_a"));
        assertFails("layer 'b1' (binary_conv2d)", "missing tensor 'b1.binary_a.beta_a' of shape []", "net.safetensors");
    }

    @Test
    void rejectsExtraTensor() throws IOException {
        editWeights(t -> t.put("bn1.num_batches_tracked", NdArray.of(new int[0], new double[] {7})));
        assertFails("bn1.num_batches_tracked", "not used by any layer",
                "layer 'bn1' reads only bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var");
    }

    @Test
    void rejectsBiasTensorOfALayerWithoutBias() throws IOException {
        editLayer("c1", l -> l.put("bias", false));
        assertFails("c1.bias", "not used by any layer", "layer 'c1' reads only c1.weight");
    }

    @Test
    void rejectsMisshapedTensor() throws IOException {
        editWeights(t -> t.put("bn1.running_var", NdArray.of(new int[] {7}, new double[7])));
        assertFails("layer 'bn1' (batchnorm)", "tensor 'bn1.running_var'", "has shape [7], expected [8]");
        writeValidNetwork();
        editWeights(t -> t.put("b1.binary_a.alpha_a", NdArray.of(new int[] {1}, new double[] {0.8})));
        assertFails("tensor 'b1.binary_a.alpha_a'", "has shape [1], expected []");
        writeValidNetwork();
        editWeights(t -> t.put("b4.se.excite", NdArray.of(new int[] {4, 16}, new double[64])));
        assertFails("tensor 'b4.se.excite'", "has shape [4, 16], expected [16, 4]");
    }

    @Test
    void rejectsNaNAndInfinity() throws IOException {
        editWeights(t -> t.put("b2.weight", new NdArray(t.get("b2.weight").shape(), nanAt(8 * 8 * 9, 5), "float64")));
        assertFails("net.safetensors", "tensor 'b2.weight' contains NaN at index 5");
        writeValidNetwork();
        editWeights(t -> t.put("fc1.bias", NdArray.of(new int[] {5},
                new double[] {0, 0, Double.NEGATIVE_INFINITY, 0, 0})));
        assertFails("tensor 'fc1.bias' contains -Infinity at index 2");
    }

    @Test
    void rejectsNonPositiveAlpha() throws IOException {
        for (double alpha : new double[] {0.0, -0.5}) {
            writeValidNetwork();
            editWeights(t -> t.put("b1.binary_a.alpha_a", NdArray.of(new int[0], new double[] {alpha})));
            assertFails("layer 'b1' (binary_conv2d)", "'b1.binary_a.alpha_a' is " + alpha, "must be > 0");
        }
    }

    @Test
    void rejectsInputThatNamesNoEarlierLayer() throws IOException {
        editLayer("add1", l -> ((ArrayNode) l.get("inputs")).set(1, "p9"));
        assertFails("layer 'add1' (add)", "input 'p9' is not 'input' or an earlier layer",
                "earlier layers: input, c1, bn1");
        writeValidNetwork();
        editLayer("add1", l -> ((ArrayNode) l.get("inputs")).set(1, "fc2"));
        assertFails("layer 'add1' (add)", "input 'fc2' is not 'input' or an earlier layer");
    }

    @Test
    void rejectsWrongNumberOfInputs() throws IOException {
        editLayer("add1", l -> l.remove("inputs"));
        assertFails("layer 'add1' (add)", "takes 2 input(s), got [b2] by default");
    }

    @Test
    void rejectsInvalidJsonWithLineAndColumn() throws IOException {
        String text = Files.readString(json);
        Files.writeString(json, text.replace("\"version\": 1,", "\"version\": 1"));
        assertFails("invalid JSON at line 4, column 3");
        Files.writeString(json, text + "x");
        assertFails("invalid JSON at line 30");
        Files.writeString(json, text.replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"));
        assertFails("invalid JSON at line 3", "Duplicate field 'version'");
        Files.writeString(json, "");
        assertFails("expected a JSON object");
    }

    @Test
    void rejectsMissingWeightsFile() throws IOException {
        Files.delete(weights);
        assertFails("weights file " + weights.toAbsolutePath(), "does not exist");
    }

    @Test
    void rejectsWrongFormatVersionAndMissingFields() throws IOException {
        editJson(root -> root.put("format", "onnx"));
        assertFails("field 'format' is \"onnx\"", "\"format\": \"adabin-hw-network\"");
        writeValidNetwork();
        editJson(root -> root.put("version", 2));
        assertFails("version 2 is not supported");
        writeValidNetwork();
        editLayer("b3", l -> l.remove("out_channels"));
        assertFails("layer 'b3' (binary_conv2d)", "missing field 'out_channels'");
        writeValidNetwork();
        editLayer("b3", l -> l.put("weight_binarizer", "ternary"));
        assertFails("layer 'b3'", "\"ternary\"", "valid values: adabin, sign, xnor, wsd");
        writeValidNetwork();
        editLayer("b3", l -> l.put("activation_binarizer", "rsign"));
        assertFails("valid values: adabin, sign, channel_threshold, se_threshold");
        writeValidNetwork();
        editLayer("c1", l -> l.put("stride", "2"));
        assertFails("layer 'c1' (conv2d)", "field 'stride' is \"2\"; expected an integer ≥ 1");
        writeValidNetwork();
        editLayer("fc2", l -> l.put("name", "c1"));
        assertFails("layer name 'c1' is used by an earlier layer");
    }

    @Test
    void wrapsIrRejectionsWithFileAndLayer() throws IOException {
        editLayer("h1", l -> l.put("min", 3.0));
        assertFails("layer 'h1' (hardtanh)", "Hardtanh needs min < max, got 3.0 and 2.0");
        writeValidNetwork();
        editWeights(t -> t.put("bn1.running_var", NdArray.of(new int[] {8}, new double[] {1, 1, -1, 1, 1, 1, 1, 1})));
        assertFails("layer 'bn1' (batchnorm)", "running_var[2] = -1.0 is negative");
        writeValidNetwork();
        editLayer("add2", l -> ((ArrayNode) l.get("inputs")).set(1, "h1"));
        assertFails("layer 'add2' (add)", "add of different shapes 16x4x4 and 8x8x8");
        writeValidNetwork();
        editLayer("mp", l -> l.put("padding", 2));
        assertFails("layer 'mp' (maxpool2d)", "padding 2");
        writeValidNetwork();
        editJson(root -> ((ObjectNode) root.get("input")).putArray("std").add(0.2).add(0).add(0.2));
        assertFails("input: input channel 1: std must be positive");
    }

    // ---- helpers ----

    private void assertFails(String... fragments) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> NetworkFormat.read(json));
        assertTrue(e.getMessage().contains("net.json") || e.getMessage().contains("net.safetensors"), e.getMessage());
        assertContains(e, fragments);
    }

    private static void assertContains(Exception e, String... fragments) {
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message lacks '" + f + "': " + e.getMessage());
        }
    }

    private void editJson(Consumer<ObjectNode> edit) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(json.toFile());
        edit.accept(root);
        Files.writeString(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root), StandardCharsets.UTF_8);
    }

    private void editLayer(String name, Consumer<ObjectNode> edit) throws IOException {
        editJson(root -> {
            for (var l : root.get("layers")) {
                if (l.get("name").asText().equals(name)) {
                    edit.accept((ObjectNode) l);
                    return;
                }
            }
            throw new AssertionError("no layer " + name);
        });
    }

    private void editWeights(Consumer<Map<String, NdArray>> edit) throws IOException {
        Map<String, NdArray> t = new LinkedHashMap<>(SafeTensors.read(weights));
        edit.accept(t);
        SafeTensors.write(weights, t, Map.of(), "F64");
    }

    /**
     * Compares two IR values component by component (records recursively, arrays element-wise). With
     * {@code float32}, a double may also equal the expected value rounded to float.
     */
    static void assertDeepEquals(Object expected, Object actual, String path, boolean float32) {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, path);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), path);
        switch (expected) {
            case double[] e -> {
                double[] a = (double[]) actual;
                assertEquals(e.length, a.length, path);
                for (int i = 0; i < e.length; i++) {
                    assertDoubleEquals(e[i], a[i], path + "[" + i + "]", float32);
                }
            }
            case Double e -> assertDoubleEquals(e, (Double) actual, path, float32);
            case byte[] e -> assertArrayEquals(e, (byte[]) actual, path);
            case List<?> e -> {
                List<?> a = (List<?>) actual;
                assertEquals(e.size(), a.size(), path);
                for (int i = 0; i < e.size(); i++) {
                    assertDeepEquals(e.get(i), a.get(i), path + "[" + i + "]", float32);
                }
            }
            case Record e -> {
                for (RecordComponent c : e.getClass().getRecordComponents()) {
                    try {
                        assertDeepEquals(c.getAccessor().invoke(e), c.getAccessor().invoke(actual),
                                path + "." + c.getName(), float32);
                    } catch (ReflectiveOperationException x) {
                        throw new AssertionError(path + "." + c.getName(), x);
                    }
                }
            }
            default -> assertEquals(expected, actual, path);
        }
    }

    private static void assertDoubleEquals(double e, double a, String path, boolean float32) {
        if (float32 && a == (float) e) {
            return;
        }
        assertEquals(e, a, 0.0, path);
    }
}
