package org.adabinhw.golden.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.SafeTensors;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.WeightBinarizer;

/** Writes a {@link Network} as a network file and a safetensors weights file, both or neither. */
final class NetworkWriter {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Path json;
    private final Path weights;
    private final NetworkFormat.Precision precision;
    private final Map<String, NdArray> tensors = new LinkedHashMap<>();

    private NetworkWriter(Path json, Path weights, NetworkFormat.Precision precision) {
        this.json = json.toAbsolutePath().normalize();
        this.weights = weights.toAbsolutePath().normalize();
        this.precision = precision;
    }

    static void write(Network net, Path json, Path weights, NetworkFormat.Precision precision) throws IOException {
        new NetworkWriter(json, weights, precision).write(net);
    }

    private void write(Network net) throws IOException {
        if (json.equals(weights)) {
            throw new IllegalArgumentException("the network file and the weights file are both " + json);
        }
        StringBuilder text = new StringBuilder("{\n");
        text.append("  \"format\": ").append(NODES.textNode(NetworkFormat.FORMAT)).append(",\n");
        text.append("  \"version\": ").append(NetworkFormat.VERSION).append(",\n");
        text.append("  \"name\": ").append(NODES.textNode(net.name())).append(",\n");
        text.append("  \"input\": ").append(compact(input(net.input()))).append(",\n");
        text.append("  \"weights\": ").append(NODES.textNode(relativeWeights())).append(",\n");
        text.append("  \"layers\": [\n");
        String previous = Network.INPUT;
        List<Node> nodes = net.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            text.append("    ").append(compact(layer(nodes.get(i), previous)))
                    .append(i + 1 < nodes.size() ? ",\n" : "\n");
            previous = nodes.get(i).name();
        }
        text.append("  ]\n}\n");
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) {
            NdArray.checkFinite(weights, e.getKey(), e.getValue());
        }
        commit(text.toString().getBytes(StandardCharsets.UTF_8),
                Map.of("format", NetworkFormat.FORMAT, "network", net.name()));
    }

    /** The weights path as the network file records it: relative to the network file's folder, '/'-separated. */
    private String relativeWeights() {
        Path dir = json.getParent();
        if (dir.getRoot() == null || !dir.getRoot().equals(weights.getRoot())) {
            return weights.toString();
        }
        return dir.relativize(weights).toString().replace(weights.getFileSystem().getSeparator(), "/");
    }

    private static ObjectNode input(InputSpec in) {
        ObjectNode o = NODES.objectNode();
        o.putArray("shape").add(in.shape().channels()).add(in.shape().height()).add(in.shape().width());
        o.put("scale", in.scale());
        ArrayNode mean = o.putArray("mean");
        for (double m : in.mean()) {
            mean.add(m);
        }
        ArrayNode std = o.putArray("std");
        for (double s : in.std()) {
            std.add(s);
        }
        return o;
    }

    private ObjectNode layer(Node n, String previous) {
        String name = n.name();
        ObjectNode l = NODES.objectNode();
        l.put("name", name);
        l.put("type", n.op().type());
        if (!n.inputs().equals(List.of(previous))) {
            ArrayNode in = l.putArray("inputs");
            n.inputs().forEach(in::add);
        }
        switch (n.op()) {
            case Op.Conv2d c -> {
                conv(l, c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW(), c.stride(), c.padding());
                l.put("bias", c.bias() != null);
                tensor(name, "weight", c.weight(), c.outChannels(), c.inChannels(), c.kernelH(), c.kernelW());
                if (c.bias() != null) {
                    tensor(name, "bias", c.bias(), c.outChannels());
                }
            }
            case Op.BinaryConv2d b -> {
                conv(l, b.outChannels(), b.inChannels(), b.kernelH(), b.kernelW(), b.stride(), b.padding());
                tensor(name, "weight", b.weight(), b.outChannels(), b.inChannels(), b.kernelH(), b.kernelW());
                weightBinarizer(l, name, b);
                activationBinarizer(l, name, b);
            }
            case Op.BatchNorm bn -> {
                l.put("eps", finite(bn.eps(), name, "eps"));
                tensor(name, "weight", bn.gamma(), bn.channels());
                tensor(name, "bias", bn.beta(), bn.channels());
                tensor(name, "running_mean", bn.mean(), bn.channels());
                tensor(name, "running_var", bn.var(), bn.channels());
            }
            case Op.Nonlinear nl -> {
                switch (nl.function()) {
                    case Nonlinearity.Maxout m -> {
                        tensor(name, "pos_scale", m.pos(), m.pos().length);
                        tensor(name, "neg_scale", m.neg(), m.neg().length);
                    }
                    case Nonlinearity.PRelu p -> tensor(name, "weight", p.slope(), p.slope().length);
                    case Nonlinearity.Hardtanh h -> {
                        l.put("min", finite(h.min(), name, "min"));
                        l.put("max", finite(h.max(), name, "max"));
                    }
                    case Nonlinearity.Relu r -> {
                    }
                }
            }
            case Op.Add a -> {
            }
            case Op.ShortcutA s -> {
                l.put("stride", s.stride());
                l.put("pad_channels", s.padChannels());
            }
            case Op.MaxPool2d p -> {
                l.put("kernel", p.kernel());
                l.put("stride", p.stride());
                l.put("padding", p.padding());
                l.put("ceil_mode", p.ceilMode());
            }
            case Op.AvgPool2d p -> {
                l.put("kernel", p.kernel());
                l.put("stride", p.stride());
                l.put("padding", p.padding());
                l.put("ceil_mode", p.ceilMode());
                l.put("count_include_pad", p.countIncludePad());
            }
            case Op.GlobalAvgPool g -> {
            }
            case Op.Linear lin -> {
                l.put("out_features", lin.outFeatures());
                l.put("in_features", lin.inFeatures());
                l.put("bias", lin.bias() != null);
                tensor(name, "weight", lin.weight(), lin.outFeatures(), lin.inFeatures());
                if (lin.bias() != null) {
                    tensor(name, "bias", lin.bias(), lin.outFeatures());
                }
            }
        }
        return l;
    }

    private static void conv(ObjectNode l, int out, int in, int kh, int kw, int stride, int padding) {
        l.put("out_channels", out);
        l.put("in_channels", in);
        l.putArray("kernel").add(kh).add(kw);
        l.put("stride", stride);
        l.put("padding", padding);
    }

    private void weightBinarizer(ObjectNode l, String name, Op.BinaryConv2d b) {
        switch (b.weights()) {
            case WeightBinarizer.AdaBin a -> l.put("weight_binarizer", "adabin");
            case WeightBinarizer.Sign s -> l.put("weight_binarizer", s.meanAbsScale() ? "xnor" : "sign");
            case WeightBinarizer.Wsd w -> {
                if (w.shift().length != b.outChannels()) {
                    throw new IllegalArgumentException("layer " + name + ": WSD has " + w.shift().length
                            + " shift parameters for " + b.outChannels() + " output channels");
                }
                l.put("weight_binarizer", "wsd");
                tensor(name, "wsd_shift", w.shift(), b.outChannels());
            }
        }
    }

    private void activationBinarizer(ObjectNode l, String name, Op.BinaryConv2d b) {
        switch (b.activations()) {
            case ActivationBinarizer.AdaBin a -> {
                if (precision == NetworkFormat.Precision.FLOAT32 && !((float) a.alpha() > 0)) {
                    throw ModelFormatException.at(weights, "layer '" + name + "': alpha_a = " + a.alpha()
                            + " rounds to 0 in float32; write with Precision.FLOAT64");
                }
                l.put("activation_binarizer", "adabin");
                tensor(name, "binary_a.alpha_a", new double[] {a.alpha()});
                tensor(name, "binary_a.beta_a", new double[] {a.beta()});
            }
            case ActivationBinarizer.Sign s -> l.put("activation_binarizer", "sign");
            case ActivationBinarizer.ChannelThreshold t -> {
                l.put("activation_binarizer", "channel_threshold");
                tensor(name, "act_threshold", t.threshold(), b.inChannels());
            }
            case ActivationBinarizer.SqueezeExcite se -> {
                l.put("activation_binarizer", "se_threshold");
                tensor(name, "se.squeeze", se.squeeze(), se.hidden(), b.inChannels());
                tensor(name, "se.excite", se.excite(), b.inChannels(), se.hidden());
            }
        }
    }

    private void tensor(String layer, String param, double[] data, int... shape) {
        tensors.put(layer + "." + param, new NdArray(shape, data, "float64"));
    }

    private double finite(double v, String layer, String field) {
        if (!Double.isFinite(v)) {
            throw ModelFormatException.at(json, "layer '" + layer + "': " + field + " = " + v
                    + " cannot be written; the network format needs finite numbers");
        }
        return v;
    }

    /** One line of JSON with ", " and ": " separators, as Python's json.dumps writes it. */
    private static String compact(JsonNode n) {
        StringBuilder s = new StringBuilder();
        if (n.isObject()) {
            s.append('{');
            n.properties().forEach(e -> s.append(s.length() > 1 ? ", " : "")
                    .append(NODES.textNode(e.getKey())).append(": ").append(compact(e.getValue())));
            return s.append('}').toString();
        }
        if (n.isArray()) {
            s.append('[');
            for (int i = 0; i < n.size(); i++) {
                s.append(i > 0 ? ", " : "").append(compact(n.get(i)));
            }
            return s.append(']').toString();
        }
        return n.toString();
    }

    /** Writes both files to temporary siblings, then moves the weights and then the network file into place. */
    private void commit(byte[] jsonBytes, Map<String, String> metadata) throws IOException {
        Path tmpWeights = temporary(weights);
        Path tmpJson = temporary(json);
        try {
            SafeTensors.write(tmpWeights, tensors, metadata, precision.safetensorsDtype());
            try (FileChannel ch = FileChannel.open(tmpJson, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(jsonBytes);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            move(tmpWeights, weights);
            move(tmpJson, json);
        } catch (IOException | RuntimeException | Error e) {
            for (Path p : new Path[] {tmpWeights, tmpJson}) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof ModelFormatException m && m.getMessage().contains(tmpWeights.toString())) {
                throw new ModelFormatException(m.getMessage().replace(tmpWeights.toString(), weights.toString()), m);
            }
            throw e;
        }
    }

    private static Path temporary(Path target) {
        return target.resolveSibling("." + target.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
