package org.adabinhw.golden.arch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;

/**
 * The official SD-BNN CIFAR-10 networks ({@code resnet20_1w1a}, {@code ResNet18()}, {@code vgg_small_1w1a},
 * ../shared/docs/adabin-semantics.md §4) from their state dicts. Every binary convolution ({@code IRConv2d}) binarises its weights by weight self-distribution
 * ({@code <conv>.alpha}, one per output channel) and its input by activation self-distribution, a squeeze-excite
 * shift of the whole feature map ({@code <conv>.dybeta.fc.0.weight}, hidden × C, and {@code fc.2.weight}, C ×
 * hidden); its output is the plain sum of ±1 products. The stem is a real 3×3 convolution with batch norm and
 * Hardtanh; each block is {@code hardtanh(bn1(conv1(x)) + shortcut(x))} then {@code hardtanh(bn2(conv2(y)) + y)}, with
 * option-A shortcuts; the head a global average pool, {@code BatchNorm1d} and the classifier. Node names are the
 * PyTorch module paths, the inline additions {@code <block>.add1}, {@code <block>.add2}.
 */
public final class SdBnnNetworks {
    private SdBnnNetworks() {
    }

    /** Whether a state dict is SD-BNN's: its binary convolutions have a squeeze-excite threshold. */
    public static boolean isSdBnn(Map<String, NdArray> sd) {
        return sd.keySet().stream().anyMatch(k -> k.contains(".dybeta.fc.") || k.contains(".binary_conv.beta.fc."));
    }

    /** The SD-BNN ResNet-20 of a state dict (keys without the {@code module.} prefix). */
    public static Network resnet20(Path file, Map<String, NdArray> tensors) {
        return build(file, tensors, "sdbnn-resnet20", CIFAR, sd -> {
            List<Node> nodes = new ArrayList<>(stem(sd, "conv1", "bn1", "nonlinear1", 16));
            String x = "nonlinear1";
            int in = 16;
            for (int stage = 0; stage < 3; stage++) {
                int planes = 16 << stage;
                for (int blk = 0; blk < 3; blk++) {
                    String name = "layer" + (stage + 1) + "." + blk;
                    int stride = stage > 0 && blk == 0 ? 2 : 1;
                    nodes.add(binaryConv(sd, name + ".conv1", x, in, planes, stride));
                    nodes.add(bn(sd, name + ".bn1", planes, name + ".conv1"));
                    String shortcut = x;
                    if (stride != 1 || in != planes) {
                        nodes.add(new Node(name + ".shortcut", new Op.ShortcutA(2, planes / 4), List.of(x)));
                        shortcut = name + ".shortcut";
                    }
                    nodes.add(new Node(name + ".add1", new Op.Add(), List.of(name + ".bn1", shortcut)));
                    nodes.add(hardtanh(name + ".nonlinear1", planes, name + ".add1"));
                    nodes.add(binaryConv(sd, name + ".conv2", name + ".nonlinear1", planes, planes, 1));
                    nodes.add(bn(sd, name + ".bn2", planes, name + ".conv2"));
                    nodes.add(new Node(name + ".add2", new Op.Add(), List.of(name + ".bn2", name + ".nonlinear1")));
                    nodes.add(hardtanh(name + ".nonlinear2", planes, name + ".add2"));
                    x = name + ".nonlinear2";
                    in = planes;
                }
            }
            nodes.add(Node.of("avgpool", new Op.GlobalAvgPool(), x));
            nodes.add(bn(sd, "bn2", 64, "avgpool"));
            nodes.add(classifier(sd, "linear", 64, "bn2"));
            return nodes;
        });
    }

    /**
     * The SD-BNN CIFAR ResNet-18 ({@code ResNet18()}) of a state dict: a real 3×3 stem to 64 channels with batch norm
     * and Hardtanh; four stages of two blocks, 64…512 channels, each {@code hardtanh(bn2(conv2(hardtanh(bn1(conv1(x)))))
     * + shortcut(x))} with a real 1×1 convolution and batch norm as the shortcut where the shape changes; a 4×4 average
     * pool, {@code BatchNorm1d} and the classifier.
     */
    public static Network resnet18Cifar(Path file, Map<String, NdArray> tensors) {
        return build(file, tensors, "sdbnn-resnet18-cifar", CIFAR, sd -> {
            List<Node> nodes = new ArrayList<>();
            nodes.addAll(stem(sd, "conv1", "bn1", "nonlinear1", 64));
            String x = "nonlinear1";
            int in = 64;
            for (int stage = 0; stage < 4; stage++) {
                int planes = 64 << stage;
                for (int blk = 0; blk < 2; blk++) {
                    String name = "layer" + (stage + 1) + "." + blk;
                    int stride = stage > 0 && blk == 0 ? 2 : 1;
                    nodes.add(binaryConv(sd, name + ".conv1", x, in, planes, stride));
                    nodes.add(bn(sd, name + ".bn1", planes, name + ".conv1"));
                    nodes.add(hardtanh(name + ".nonlinear1", planes, name + ".bn1"));
                    nodes.add(binaryConv(sd, name + ".conv2", name + ".nonlinear1", planes, planes, 1));
                    nodes.add(bn(sd, name + ".bn2", planes, name + ".conv2"));
                    String shortcut = x;
                    if (stride != 1 || in != planes) {
                        nodes.add(new Node(name + ".shortcut.0", new Op.Conv2d(planes, in, 1, 1, stride, 0,
                                sd.take(name + ".shortcut.0.weight", planes, in, 1, 1), null), List.of(x)));
                        nodes.add(bn(sd, name + ".shortcut.1", planes, name + ".shortcut.0"));
                        shortcut = name + ".shortcut.1";
                    }
                    nodes.add(new Node(name + ".add", new Op.Add(), List.of(name + ".bn2", shortcut)));
                    nodes.add(hardtanh(name + ".nonlinear2", planes, name + ".add"));
                    x = name + ".nonlinear2";
                    in = planes;
                }
            }
            nodes.add(Node.of("avgpool", new Op.AvgPool2d(4, 4, 0, false, true), x));
            nodes.add(bn(sd, "bn2", 512, "avgpool"));
            nodes.add(classifier(sd, "linear", 512, "bn2"));
            return nodes;
        });
    }

    /**
     * SD-BNN's ImageNet Bi-Real-18 ({@code birealnet18}) of a state dict: a real 7×7 stride-2 stem to 64 channels with
     * batch norm and a 3×3 stride-2 max pool; four stages of four blocks, 64…512 channels, each
     * {@code prelu(bn1(binary_conv(x)) + residual)} with the residual {@code x} or, where the shape changes, a 2×2
     * average pool, a real 1×1 convolution and batch norm ({@code downsample.0..2}); a global average pool and the
     * classifier. The binary convolution keeps its weights flat ({@code binary_conv.weights}, one column), its WSD
     * parameter as {@code binary_conv.alpha} and its squeeze-excite threshold as {@code binary_conv.beta.fc.*}.
     */
    public static Network biReal18(Path file, Map<String, NdArray> tensors) {
        return build(file, tensors, "sdbnn-birealnet18", IMAGENET, sd -> {
            List<Node> nodes = new ArrayList<>();
            nodes.add(new Node("conv1", new Op.Conv2d(64, 3, 7, 7, 2, 3, sd.take("conv1.weight", 64, 3, 7, 7), null),
                    List.of(Network.INPUT)));
            nodes.add(bn(sd, "bn1", 64, "conv1"));
            nodes.add(Node.of("maxpool", new Op.MaxPool2d(3, 2, 1, false), "bn1"));
            String x = "maxpool";
            int in = 64;
            for (int stage = 0; stage < 4; stage++) {
                int planes = 64 << stage;
                for (int blk = 0; blk < 4; blk++) {
                    String name = "layer" + (stage + 1) + "." + blk;
                    int stride = stage > 0 && blk == 0 ? 2 : 1;
                    String conv = name + ".binary_conv";
                    double[] w = sd.take(conv + ".weights", planes * in * 9, 1);
                    nodes.add(new Node(conv, new Op.BinaryConv2d(planes, in, 3, 3, stride, 1, w,
                            new WeightBinarizer.Wsd(sd.take(conv + ".alpha", planes)), seThreshold(sd, conv + ".beta", in)),
                            List.of(x)));
                    nodes.add(bn(sd, name + ".bn1", planes, conv));
                    String residual = x;
                    if (stride != 1 || in != planes) {
                        nodes.add(Node.of(name + ".downsample.0", new Op.AvgPool2d(2, stride, 0, false, true), x));
                        nodes.add(new Node(name + ".downsample.1", new Op.Conv2d(planes, in, 1, 1, 1, 0,
                                sd.take(name + ".downsample.1.weight", planes, in, 1, 1), null), List.of(name + ".downsample.0")));
                        nodes.add(bn(sd, name + ".downsample.2", planes, name + ".downsample.1"));
                        residual = name + ".downsample.2";
                    }
                    nodes.add(new Node(name + ".add", new Op.Add(), List.of(name + ".bn1", residual)));
                    nodes.add(Node.of(name + ".prelu", new Op.Nonlinear(new Nonlinearity.PRelu(sd.take(name + ".prelu.weight", planes)),
                            planes), name + ".add"));
                    x = name + ".prelu";
                    in = planes;
                }
            }
            nodes.add(Node.of("avgpool", new Op.GlobalAvgPool(), x));
            nodes.add(classifier(sd, "fc", 512, "avgpool"));
            return nodes;
        });
    }

    /**
     * The SD-BNN VGG-small ({@code vgg_small_1w1a}) of a state dict: a real 3×3 stem to 128 channels, five binary 3×3
     * convolutions 128-128-256-256-512-512 with a 2×2 max pool after the first, third and fifth (before their batch
     * norm), batch norm and Hardtanh after each, and the classifier on the flattened 512×4×4 map.
     */
    public static Network vggSmall(Path file, Map<String, NdArray> tensors) {
        return build(file, tensors, "sdbnn-vgg-small", CIFAR, sd -> {
            List<Node> nodes = new ArrayList<>();
            nodes.addAll(stem(sd, "conv0", "bn0", "nonlinear0", 128));
            int[] channels = {128, 128, 256, 256, 512, 512};
            String x = "nonlinear0";
            for (int i = 1; i <= 5; i++) {
                String conv = "conv" + i;
                nodes.add(binaryConv(sd, conv, x, channels[i - 1], channels[i], 1));
                String y = conv;
                if (i % 2 == 1) {
                    nodes.add(Node.of("pooling" + i, new Op.MaxPool2d(2, 2, 0, false), y));
                    y = "pooling" + i;
                }
                nodes.add(bn(sd, "bn" + i, channels[i], y));
                nodes.add(hardtanh("nonlinear" + i, channels[i], "bn" + i));
                x = "nonlinear" + i;
            }
            nodes.add(classifier(sd, "fc", 512 * 4 * 4, x));
            return nodes;
        });
    }

    /** The full-precision stem: a 3×3 convolution of the image to {@code out} channels, batch norm, Hardtanh. */
    private static List<Node> stem(StateDict sd, String conv, String bn, String act, int out) {
        return List.of(new Node(conv, new Op.Conv2d(out, 3, 3, 3, 1, 1, sd.take(conv + ".weight", out, 3, 3, 3), null),
                List.of(Network.INPUT)), bn(sd, bn, out, conv), hardtanh(act, out, bn));
    }

    /** The classifier {@code name} on {@code inFeatures} inputs: its classes from the weight's shape. */
    private static Node classifier(StateDict sd, String name, int inFeatures, String input) {
        int[] fc = sd.shapeOf(name + ".weight");
        if (fc == null || fc.length != 2) {
            throw ModelFormatException.at(sd.file(), "missing 2-D tensor '" + name + ".weight' of the classifier");
        }
        return new Node(name, new Op.Linear(fc[0], inFeatures, sd.take(name + ".weight", fc[0], inFeatures),
                sd.take(name + ".bias", fc[0])), List.of(input));
    }

    private static final Shape CIFAR = new Shape(3, 32, 32);
    private static final Shape IMAGENET = new Shape(3, 224, 224);

    /**
     * Reads a network's nodes from its state dict with {@code body}, then checks that every tensor was used: a
     * missing or mis-shaped tensor is one error naming the file and the key. The input takes the official normalisation.
     */
    private static Network build(Path file, Map<String, NdArray> tensors, String name, Shape input,
                                 java.util.function.Function<StateDict, List<Node>> body) {
        StateDict sd = new StateDict(file, tensors);
        sd.ignore(k -> k.endsWith("num_batches_tracked"));
        try {
            List<Node> nodes = body.apply(sd);
            sd.requireAllUsed(name);
            return new Network(name, InputSpec.imagenetNormalised(input), nodes);
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.at(file, e.getMessage());
        }
    }

    private static Node binaryConv(StateDict sd, String name, String input, int in, int out, int stride) {
        double[] w = sd.take(name + ".weight", out, in, 3, 3);
        double[] alpha = sd.take(name + ".alpha", out);
        return new Node(name, new Op.BinaryConv2d(out, in, 3, 3, stride, 1, w, new WeightBinarizer.Wsd(alpha),
                seThreshold(sd, name + ".dybeta", in)), List.of(input));
    }

    /** The squeeze-excite threshold {@code <prefix>.fc.0.weight} (hidden × C), {@code <prefix>.fc.2.weight} (C × hidden). */
    private static ActivationBinarizer.SqueezeExcite seThreshold(StateDict sd, String prefix, int in) {
        int[] sq = sd.shapeOf(prefix + ".fc.0.weight");
        if (sq == null || sq.length != 2 || sq[1] != in || sq[0] < 1) {
            throw ModelFormatException.at(sd.file(), "'" + prefix + ".fc.0.weight' must be a 2-D tensor of hidden x " + in
                    + ", got " + (sq == null ? "none" : java.util.Arrays.toString(sq)));
        }
        int hidden = sq[0];
        return new ActivationBinarizer.SqueezeExcite(hidden, sd.take(prefix + ".fc.0.weight", hidden, in),
                sd.take(prefix + ".fc.2.weight", in, hidden));
    }

    private static Node bn(StateDict sd, String name, int c, String input) {
        return Node.of(name, new Op.BatchNorm(sd.take(name + ".weight", c), sd.take(name + ".bias", c),
                sd.take(name + ".running_mean", c), sd.take(name + ".running_var", c), 1e-5), input);
    }

    private static Node hardtanh(String name, int c, String input) {
        return Node.of(name, new Op.Nonlinear(new Nonlinearity.Hardtanh(-1, 1), c), input);
    }
}
