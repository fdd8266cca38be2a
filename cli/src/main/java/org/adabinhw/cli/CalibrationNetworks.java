package org.adabinhw.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;

/**
 * A small network made for the calibration: it has the blocks that neither the example nor ResNet-20 has
 * (max and average pooling, a batch norm that cannot be folded into a convolution and so becomes an
 * {@code affine_unit}, an option-A shortcut) beside a stem, binary convolutions, Maxout, an add and the head.
 * Random parameters from a fixed seed: the hardware's cost does not depend on them (except ROMs in logic).
 */
final class CalibrationNetworks {
    private CalibrationNetworks() {
    }

    /** Its foldable layers, in order: conv1, pool1, conv2, pool2, conv3, fc. */
    static final List<String> FOLDABLE = List.of("conv1", "pool1", "conv2", "pool2", "conv3", "fc");

    /** The network: 3×16×16 in, 16 and 32 channels, 10 classes. */
    static Network pools() {
        return network("calibration-pools", 7, 16, 16);
    }

    /**
     * The same blocks at other channel counts and sizes: 3×24×24 in, 24 and 48 channels, an option-A shortcut padding
     * 12 channels each side, 10 classes. Its foldable layers are those of {@link #pools}; the calibration folds it
     * one way for the fit set and other ways for the check set.
     */
    static Network checks() {
        return network("calibration-checks", 11, 24, 24);
    }

    /** 3×size×size in, {@code c} and {@code 2c} channels, the shortcut padding {@code c/2} channels each side. */
    private static Network network(String name, long seed, int size, int c) {
        int c2 = 2 * c;
        Random r = new Random(seed);
        List<Node> n = new ArrayList<>();
        n.add(Node.of("conv1", new Op.Conv2d(c, 3, 3, 3, 1, 1, gaussian(r, c * 3 * 9), null), Network.INPUT));
        n.add(Node.of("bn1", batchNorm(r, c), "conv1"));
        n.add(Node.of("act1", maxout(c), "bn1"));
        n.add(Node.of("pool1", new Op.MaxPool2d(2, 2, 0, false), "act1"));
        n.add(Node.of("bnp1", batchNorm(r, c), "pool1"));
        n.add(Node.of("conv2", new Op.BinaryConv2d(c2, c, 3, 3, 2, 1, gaussian(r, c2 * c * 9), new WeightBinarizer.AdaBin(),
                new ActivationBinarizer.AdaBin(0.9, 0.1)), "bnp1"));
        n.add(Node.of("bn2", batchNorm(r, c2), "conv2"));
        n.add(Node.of("sc2", new Op.ShortcutA(2, c / 2), "bnp1"));
        n.add(new Node("add2", new Op.Add(), List.of("bn2", "sc2")));
        n.add(Node.of("act2", maxout(c2), "add2"));
        n.add(Node.of("pool2", new Op.AvgPool2d(3, 1, 1, false, false), "act2"));
        n.add(Node.of("bnp2", batchNorm(r, c2), "pool2"));
        n.add(Node.of("conv3", new Op.BinaryConv2d(c2, c2, 3, 3, 1, 1, gaussian(r, c2 * c2 * 9), new WeightBinarizer.AdaBin(),
                new ActivationBinarizer.AdaBin(0.8, -0.1)), "bnp2"));
        n.add(Node.of("bn3", batchNorm(r, c2), "conv3"));
        n.add(Node.of("act3", maxout(c2), "bn3"));
        n.add(Node.of("gpool", new Op.GlobalAvgPool(), "act3"));
        n.add(Node.of("fc", new Op.Linear(10, c2, gaussian(r, 10 * c2), gaussian(r, 10)), "gpool"));
        return new Network(name, new InputSpec(new Shape(3, size, size), 1 / 255.0, new double[] {0.5, 0.5, 0.5},
                new double[] {0.25, 0.25, 0.25}), n);
    }

    private static Op maxout(int c) {
        return new Op.Nonlinear(new Nonlinearity.Maxout(fill(c, 1.0), fill(c, 0.25)), c);
    }

    private static double[] gaussian(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * 0.3;
        }
        return d;
    }

    private static double[] fill(int n, double v) {
        double[] d = new double[n];
        Arrays.fill(d, v);
        return d;
    }

    private static Op.BatchNorm batchNorm(Random r, int c) {
        double[] var = new double[c];
        for (int i = 0; i < c; i++) {
            var[i] = 0.5 + r.nextDouble();
        }
        return new Op.BatchNorm(fill(c, 1.1), gaussian(r, c), gaussian(r, c), var, 1e-5);
    }
}
