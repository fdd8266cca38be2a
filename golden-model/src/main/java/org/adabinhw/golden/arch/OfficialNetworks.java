package org.adabinhw.golden.arch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.TorchCheckpoint;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;

/**
 * Builds the IR of the official AdaBin PyTorch architectures from their state dicts. Node names are the
 * PyTorch module paths ({@code layer2.0.conv1}); the residual additions and shortcuts that the official
 * code writes inline are named {@code <block>.add1}, {@code <block>.add2} and {@code <block>.shortcut}.
 */
public final class OfficialNetworks {
    private OfficialNetworks() {
    }

    /**
     * Reads a PyTorch checkpoint and builds its network.
     *
     * @param file checkpoint ({@code torch.save} zip; wrapped or bare state dict, with or without {@code module.})
     * @param arch the architecture, or {@code null} to detect it from the keys
     * @throws IOException if the file cannot be read
     */
    public static Network fromCheckpoint(Path file, Architecture arch) throws IOException {
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(file);
        if (arch == null && SdBnnNetworks.isSdBnn(sd)) {
            // SD-BNN: binary convolutions with a squeeze-excite threshold. Its CIFAR ResNet-20, ResNet-18, VGG-small and its ImageNet Bi-Real-18 are imported.
            if (sd.containsKey("layer3.2.conv1.weight") && !sd.containsKey("layer4.0.conv1.weight")
                    && !sd.containsKey("layer3.3.conv1.weight")) {
                return SdBnnNetworks.resnet20(file, sd);
            }
            if (sd.containsKey("layer4.1.conv2.weight") && !sd.containsKey("layer4.2.conv1.weight")
                    && !sd.containsKey("layer3.2.conv1.weight")) {
                return SdBnnNetworks.resnet18Cifar(file, sd);
            }
            if (sd.containsKey("layer1.3.binary_conv.weights") && !sd.containsKey("layer1.4.binary_conv.weights")) {
                return SdBnnNetworks.biReal18(file, sd);
            }
            if (sd.containsKey("conv0.weight") && sd.containsKey("conv5.weight")) {
                return SdBnnNetworks.vggSmall(file, sd);
            }
            throw ModelFormatException.at(file, "an SD-BNN checkpoint (keys '*.dybeta.fc.*' or '*.binary_conv.beta.fc.*') of a structure other than "
                    + "the CIFAR ResNet-20, ResNet-18, VGG-small and the ImageNet Bi-Real-18: only those are imported from checkpoints yet; use the generic network format");
        }
        return build(arch == null ? detect(file, sd) : arch, file, sd);
    }

    /** Detects the architecture from the keys and shapes of a state dict. */
    public static Architecture detect(Path file, Map<String, NdArray> sd) {
        NdArray stem = sd.get("conv1.weight");
        if (stem == null || stem.rank() != 4) {
            throw ModelFormatException.at(file, "cannot detect the architecture: no 4-D tensor 'conv1.weight'; "
                    + "pass --arch (" + Architecture.names() + ") or use the generic network format");
        }
        int[] s = stem.shape();
        boolean layer4 = sd.containsKey("layer4.0.conv1.weight");
        if (s[0] == 16 && s[2] == 3 && !layer4 && sd.containsKey("layer3.2.conv1.weight")
                && !sd.containsKey("layer3.3.conv1.weight")) {
            return Architecture.RESNET20;
        }
        if (s[0] == 64 && s[2] == 3 && layer4) {
            return Architecture.RESNET18_CIFAR;
        }
        if (s[0] == 64 && s[2] == 7 && layer4) {
            return sd.containsKey("layer3.5.conv1.weight") ? Architecture.RESNET34_IMAGENET : Architecture.RESNET18_IMAGENET;
        }
        throw ModelFormatException.at(file, "cannot detect the architecture: 'conv1.weight' has shape "
                + java.util.Arrays.toString(s) + (layer4 ? " with" : " without") + " a layer4; pass --arch ("
                + Architecture.names() + ") or use the generic network format");
    }

    /** Builds {@code arch} from a state dict (keys without the {@code module.} prefix). */
    public static Network build(Architecture arch, Path file, Map<String, NdArray> tensors) {
        StateDict sd = new StateDict(file, tensors);
        sd.ignore(k -> k.endsWith("num_batches_tracked"));
        if (arch.imagenet()) {
            // The official ImageNet model defines these at network level, but its forward never uses them.
            sd.ignore(k -> k.startsWith("nonlinear2.") || k.startsWith("bn3."));
        }
        Builder b = new Builder(sd);
        int classes;
        Shape inShape = arch.imagenet() ? new Shape(3, 224, 224) : new Shape(3, 32, 32);
        int planes = arch == Architecture.RESNET20 ? 16 : 64;
        try {
            if (arch.imagenet()) {
                b.conv("conv1", Network.INPUT, 3, planes, 7, 2, 3);
            } else {
                b.conv("conv1", Network.INPUT, 3, planes, 3, 1, 1);
            }
            b.bn("bn1", planes);
            b.maxout("nonlinear1", planes);
            if (arch.imagenet()) {
                b.add(new Node("maxpool", new Op.MaxPool2d(3, 2, 1, false), List.of(b.last)));
            }
            int[] blocks = arch.blocks();
            int inPlanes = planes;
            for (int stage = 0; stage < blocks.length; stage++) {
                int p = planes << stage;
                for (int blk = 0; blk < blocks[stage]; blk++) {
                    int stride = stage > 0 && blk == 0 ? 2 : 1;
                    block(arch, b, "layer" + (stage + 1) + "." + blk, inPlanes, p, stride);
                    inPlanes = p;
                }
            }
            String headIn = b.last;
            switch (arch) {
                case RESNET20 -> b.add(new Node("avgpool", new Op.GlobalAvgPool(), List.of(headIn)));
                case RESNET18_CIFAR -> b.add(new Node("avgpool", new Op.AvgPool2d(4, 4, 0, false, true), List.of(headIn)));
                default -> b.add(new Node("avgpool", new Op.AvgPool2d(7, 1, 0, false, true), List.of(headIn)));
            }
            b.bn("bn2", inPlanes);
            String fc = arch.imagenet() ? "fc" : "linear";
            int[] fcShape = sd.shapeOf(fc + ".weight");
            if (fcShape == null || fcShape.length != 2) {
                throw ModelFormatException.at(file, "missing 2-D tensor '" + fc + ".weight' of the classifier");
            }
            classes = fcShape[0];
            double[] w = sd.take(fc + ".weight", classes, inPlanes);
            double[] bias = sd.take(fc + ".bias", classes);
            b.add(new Node(fc, new Op.Linear(classes, inPlanes, w, bias), List.of(b.last)));
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.at(file, e.getMessage());
        }
        sd.requireAllUsed(arch.cliName());
        try {
            return new Network(arch.cliName(), InputSpec.imagenetNormalised(inShape), b.nodes);
        } catch (IllegalArgumentException e) {
            throw ModelFormatException.at(file, e.getMessage());
        }
    }

    private static void block(Architecture arch, Builder b, String name, int in, int planes, int stride) {
        String x = b.last;
        b.binaryConv(name + ".conv1", x, in, planes, stride);
        b.bn(name + ".bn1", planes);
        String bn1 = b.last;
        String shortcut = x;
        if (stride != 1 || in != planes) {
            switch (arch) {
                case RESNET20 -> {
                    b.add(new Node(name + ".shortcut", new Op.ShortcutA(2, planes / 4), List.of(x)));
                    shortcut = b.last;
                }
                case RESNET18_CIFAR -> {
                    b.conv(name + ".shortcut.0", x, in, planes, 1, stride, 0);
                    b.bn(name + ".shortcut.1", planes);
                    shortcut = b.last;
                }
                default -> {
                    b.add(new Node(name + ".downsample.0", new Op.AvgPool2d(stride, stride, 0, true, false), List.of(x)));
                    b.conv(name + ".downsample.1", b.last, in, planes, 1, 1, 0);
                    b.bn(name + ".downsample.2", planes);
                    shortcut = b.last;
                }
            }
        }
        b.add(new Node(name + ".add1", new Op.Add(), List.of(bn1, shortcut)));
        b.maxout(name + ".nonlinear1", planes);
        String mid = b.last;
        b.binaryConv(name + ".conv2", mid, planes, planes, 1);
        b.bn(name + ".bn2", planes);
        b.add(new Node(name + ".add2", new Op.Add(), List.of(b.last, mid)));
        b.maxout(name + ".nonlinear2", planes);
    }

    /** Appends nodes, reading their parameters from the state dict. */
    private static final class Builder {
        final StateDict sd;
        final List<Node> nodes = new ArrayList<>();
        String last = Network.INPUT;

        Builder(StateDict sd) {
            this.sd = sd;
        }

        void add(Node n) {
            nodes.add(n);
            last = n.name();
        }

        void conv(String name, String input, int in, int out, int k, int stride, int pad) {
            double[] w = sd.take(name + ".weight", out, in, k, k);
            add(new Node(name, new Op.Conv2d(out, in, k, k, stride, pad, w, null), List.of(input)));
        }

        void binaryConv(String name, String input, int in, int out, int stride) {
            double[] w = sd.take(name + ".weight", out, in, 3, 3);
            double alpha = sd.scalar(name + ".binary_a.alpha_a");
            double beta = sd.scalar(name + ".binary_a.beta_a");
            if (!(alpha > 0)) {
                throw ModelFormatException.at(sd.file(), "layer " + name + ": binary_a.alpha_a = " + alpha
                        + " must be positive (it divides the input before the sign)");
            }
            add(new Node(name, new Op.BinaryConv2d(out, in, 3, 3, stride, 1, w, new WeightBinarizer.AdaBin(),
                    new ActivationBinarizer.AdaBin(alpha, beta)), List.of(input)));
        }

        void bn(String name, int c) {
            add(Node.of(name, new Op.BatchNorm(sd.take(name + ".weight", c), sd.take(name + ".bias", c),
                    sd.take(name + ".running_mean", c), sd.take(name + ".running_var", c), 1e-5), last));
        }

        void maxout(String name, int c) {
            add(Node.of(name, new Op.Nonlinear(new Nonlinearity.Maxout(sd.take(name + ".pos_scale", c),
                    sd.take(name + ".neg_scale", c)), c), last));
        }
    }
}
