package org.adabinhw.golden.format;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

/** Reads one network file and its weights into a validated {@link Network}. */
final class NetworkReader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> TOP_FIELDS = List.of("format", "version", "name", "input", "weights", "layers");
    private static final List<String> INPUT_FIELDS = List.of("shape", "scale", "mean", "std");
    private static final String CONV = "out_channels x in_channels x kh x kw";

    private final Path json;
    /** Output shape of every layer read so far, and of {@link Network#INPUT}. */
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private TensorSet tensors;

    private NetworkReader(Path json) {
        this.json = json;
    }

    static Network read(Path json) throws IOException {
        return new NetworkReader(json).read();
    }

    private Network read() throws IOException {
        JsonNode root = parse();
        LayerFields top = new LayerFields(json, "network", root);
        top.rejectUnknown(TOP_FIELDS);
        String format = top.has("format") ? top.requiredString("format") : null;
        if (!NetworkFormat.FORMAT.equals(format)) {
            throw top.error("field 'format' is " + (format == null ? "missing" : "\"" + format + "\"")
                    + "; an adabin-hw network file has \"format\": \"" + NetworkFormat.FORMAT + "\"");
        }
        int version = top.requiredInt("version", 1);
        if (version != NetworkFormat.VERSION) {
            throw top.error("version " + version + " is not supported; this reader reads version "
                    + NetworkFormat.VERSION);
        }
        String name = top.requiredString("name");
        JsonNode inputNode = root.get("input");
        if (inputNode == null || !inputNode.isObject()) {
            throw top.error("field 'input' must be an object with shape, scale, mean and std, got " + inputNode);
        }
        InputSpec input = readInput(new LayerFields(json, "input", inputNode));
        Path weights = weightsFile(top);
        tensors = new TensorSet(json, weights, readWeights(weights));
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw top.error("field 'layers' must be a non-empty array of layer objects, got " + layers);
        }
        shapes.put(Network.INPUT, input.shape());
        List<Node> nodes = new ArrayList<>();
        String previous = Network.INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Node n = readLayer(i, layers.get(i), previous);
            nodes.add(n);
            previous = n.name();
        }
        tensors.requireAllTaken();
        try {
            return new Network(name, input, nodes);
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.at(json, e.getMessage(), e);
        }
    }

    private JsonNode parse() throws IOException {
        byte[] bytes = Files.readAllBytes(json);
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ModelFormatException.at(json, "invalid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw ModelFormatException.at(json, "expected a JSON object with \"format\": \"" + NetworkFormat.FORMAT
                    + "\", got " + (root == null || root.isMissingNode() ? "an empty file" : root.getNodeType()));
        }
        return root;
    }

    private InputSpec readInput(LayerFields f) {
        f.rejectUnknown(INPUT_FIELDS);
        int[] shape = f.intArray("shape", 3, 1);
        double scale = f.requiredDouble("scale");
        double[] mean = f.doubleArray("mean", shape[0]);
        double[] std = f.doubleArray("std", shape[0]);
        try {
            return new InputSpec(new Shape(shape[0], shape[1], shape[2]), scale, mean, std);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage());
        }
    }

    private Path weightsFile(LayerFields top) {
        String rel = top.requiredString("weights");
        try {
            Path dir = json.toAbsolutePath().getParent();
            return dir.resolve(rel).normalize();
        } catch (InvalidPathException e) {
            throw top.error("field 'weights' is \"" + rel + "\", which is not a valid path");
        }
    }

    private Map<String, NdArray> readWeights(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw ModelFormatException.at(json, "weights file " + file + " (field 'weights', relative to the"
                    + " folder of the network file) does not exist; put the safetensors file there or correct"
                    + " the path");
        }
        return SafeTensors.read(file);
    }

    private Node readLayer(int index, JsonNode node, String previous) {
        if (node == null || !node.isObject()) {
            throw ModelFormatException.at(json, "layers[" + index + "] must be a JSON object, got " + node);
        }
        LayerFields first = new LayerFields(json, "layers[" + index + "]", node);
        String name = first.requiredString("name");
        if (shapes.containsKey(name)) {
            throw first.error("layer name '" + name + "' is " + (name.equals(Network.INPUT)
                    ? "reserved for the network input" : "used by an earlier layer") + "; names must be unique");
        }
        String type = first.requiredString("type");
        String where = "layer '" + name + "' (" + type + ")";
        List<String> fields = LayerTypes.FIELDS.get(type);
        if (fields == null) {
            throw first.error("layer '" + name + "' has unknown type \"" + type + "\"; valid types: "
                    + String.join(", ", LayerTypes.FIELDS.keySet()));
        }
        LayerFields f = new LayerFields(json, where, node);
        f.rejectUnknown(fields);
        List<String> inputs = f.has("inputs") ? f.stringArray("inputs") : List.of(previous);
        List<Shape> in = new ArrayList<>();
        for (String i : inputs) {
            Shape s = shapes.get(i);
            if (s == null) {
                throw f.error("input '" + i + "' is not '" + Network.INPUT + "' or an earlier layer; earlier layers: "
                        + earlierLayers());
            }
            in.add(s);
        }
        int arity = type.equals("add") ? 2 : 1;
        if (in.size() != arity) {
            throw f.error("takes " + arity + " input(s), got " + inputs + (f.has("inputs") ? ""
                    : " by default (the previous layer)") + "; give them as \"inputs\": [...]");
        }
        try {
            Op op = readOp(type, name, where, f, in.get(0));
            shapes.put(name, op.outputShape(in));
            return new Node(name, op, inputs);
        } catch (IllegalArgumentException e) {
            throw f.error(e.getMessage() + " (input shape" + (in.size() > 1 ? "s " : " ") + shapeList(in) + ")");
        }
    }

    private String earlierLayers() {
        List<String> names = new ArrayList<>(shapes.keySet());
        if (names.size() > 12) {
            return String.join(", ", names.subList(0, 5)) + ", ..., "
                    + String.join(", ", names.subList(names.size() - 5, names.size()));
        }
        return String.join(", ", names);
    }

    private static String shapeList(List<Shape> in) {
        return in.stream().map(Shape::toString).reduce((a, b) -> a + " and " + b).orElse("");
    }

    private Op readOp(String type, String name, String where, LayerFields f, Shape in) {
        int c = in.channels();
        return switch (type) {
            case "conv2d" -> {
                int out = f.requiredInt("out_channels", 1);
                int inCh = f.requiredInt("in_channels", 1);
                int[] k = f.kernel("kernel");
                int stride = f.optionalInt("stride", 1, 1);
                int padding = f.optionalInt("padding", 0, 0);
                boolean bias = f.optionalBoolean("bias", true);
                double[] w = tensors.take(where, name, "weight", new int[] {out, inCh, k[0], k[1]}, CONV);
                double[] b = bias ? tensors.take(where, name, "bias", new int[] {out}, "out_channels") : null;
                yield new Op.Conv2d(out, inCh, k[0], k[1], stride, padding, w, b);
            }
            case "binary_conv2d" -> {
                int out = f.requiredInt("out_channels", 1);
                int inCh = f.requiredInt("in_channels", 1);
                int[] k = f.kernel("kernel");
                int stride = f.optionalInt("stride", 1, 1);
                int padding = f.optionalInt("padding", 0, 0);
                String wb = f.choice("weight_binarizer", LayerTypes.WEIGHT_BINARIZERS);
                String ab = f.choice("activation_binarizer", LayerTypes.ACTIVATION_BINARIZERS);
                double[] w = tensors.take(where, name, "weight", new int[] {out, inCh, k[0], k[1]}, CONV);
                WeightBinarizer weights = switch (wb) {
                    case "adabin" -> new WeightBinarizer.AdaBin();
                    case "sign" -> new WeightBinarizer.Sign(false);
                    case "xnor" -> new WeightBinarizer.Sign(true);
                    default -> new WeightBinarizer.Wsd(tensors.take(where, name, "wsd_shift", new int[] {out},
                            "out_channels"));
                };
                yield new Op.BinaryConv2d(out, inCh, k[0], k[1], stride, padding, w, weights,
                        readActivation(ab, name, where, f, inCh));
            }
            case "batchnorm" -> {
                double eps = f.optionalDouble("eps", 1e-5);
                String m = "channels of the input, " + in;
                int[] s = {c};
                yield new Op.BatchNorm(tensors.take(where, name, "weight", s, m), tensors.take(where, name, "bias", s, m),
                        tensors.take(where, name, "running_mean", s, m), tensors.take(where, name, "running_var", s, m),
                        eps);
            }
            case "maxout" -> {
                String m = "channels of the input, " + in;
                yield new Op.Nonlinear(new Nonlinearity.Maxout(tensors.take(where, name, "pos_scale", new int[] {c}, m),
                        tensors.take(where, name, "neg_scale", new int[] {c}, m)), c);
            }
            case "prelu" -> {
                int[] actual = tensors.shapeOf(name, "weight");
                int[] s = actual != null && actual.length == 1 && actual[0] == 1 ? actual : new int[] {c};
                yield new Op.Nonlinear(new Nonlinearity.PRelu(tensors.take(where, name, "weight", s,
                        "channels of the input, " + in + ", or [1] for one shared slope")), c);
            }
            case "hardtanh" -> new Op.Nonlinear(new Nonlinearity.Hardtanh(f.optionalDouble("min", -1),
                    f.optionalDouble("max", 1)), c);
            case "relu" -> new Op.Nonlinear(new Nonlinearity.Relu(), c);
            case "add" -> new Op.Add();
            case "shortcut_a" -> new Op.ShortcutA(f.requiredInt("stride", 1), f.requiredInt("pad_channels", 0));
            case "maxpool2d" -> {
                int k = f.requiredInt("kernel", 1);
                yield new Op.MaxPool2d(k, f.optionalInt("stride", k, 1), f.optionalInt("padding", 0, 0),
                        f.optionalBoolean("ceil_mode", false));
            }
            case "avgpool2d" -> {
                int k = f.requiredInt("kernel", 1);
                yield new Op.AvgPool2d(k, f.optionalInt("stride", k, 1), f.optionalInt("padding", 0, 0),
                        f.optionalBoolean("ceil_mode", false), f.optionalBoolean("count_include_pad", true));
            }
            case "global_avgpool" -> new Op.GlobalAvgPool();
            case "linear" -> {
                int out = f.requiredInt("out_features", 1);
                int inF = f.requiredInt("in_features", 1);
                boolean bias = f.optionalBoolean("bias", true);
                double[] w = tensors.take(where, name, "weight", new int[] {out, inF}, "out_features x in_features");
                double[] b = bias ? tensors.take(where, name, "bias", new int[] {out}, "out_features") : null;
                yield new Op.Linear(out, inF, w, b);
            }
            default -> throw new IllegalStateException("layer type " + type + " listed but not read");
        };
    }

    private ActivationBinarizer readActivation(String kind, String name, String where, LayerFields f, int inCh) {
        return switch (kind) {
            case "adabin" -> {
                double alpha = tensors.take(where, name, "binary_a.alpha_a", new int[0], "a scalar")[0];
                double beta = tensors.take(where, name, "binary_a.beta_a", new int[0], "a scalar")[0];
                if (!(alpha > 0)) {
                    throw f.error("tensor '" + name + ".binary_a.alpha_a' is " + alpha + "; the AdaBin activation"
                            + " scale alpha_a must be > 0 (retrain with alpha_a kept positive)");
                }
                yield new ActivationBinarizer.AdaBin(alpha, beta);
            }
            case "sign" -> new ActivationBinarizer.Sign();
            case "channel_threshold" -> new ActivationBinarizer.ChannelThreshold(
                    tensors.take(where, name, "act_threshold", new int[] {inCh}, "in_channels"));
            default -> {
                int[] sq = tensors.shapeOf(name, "se.squeeze");
                int hidden = sq != null && sq.length == 2 && sq[0] >= 1 ? sq[0] : 1;
                double[] squeeze = tensors.take(where, name, "se.squeeze", new int[] {hidden, inCh},
                        "hidden x in_channels, hidden ≥ 1");
                double[] excite = tensors.take(where, name, "se.excite", new int[] {inCh, hidden},
                        "in_channels x hidden, hidden from se.squeeze");
                yield new ActivationBinarizer.SqueezeExcite(hidden, squeeze, excite);
            }
        };
    }
}
