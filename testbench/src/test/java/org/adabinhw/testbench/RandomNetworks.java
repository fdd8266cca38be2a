package org.adabinhw.testbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;

/**
 * Random valid networks of the layers the hardware takes, with a random legal folding: a stem (1×1 or 3×3, one or
 * three input channels, a non-square image), one to three stages of an optional pooling (max 2×2/2 or average
 * 3×3/1 with or without the padding counted) with an unfolded batch norm after it, a binary convolution (1×1 or 3×3,
 * stride 1 or 2, odd channel counts) with batch norm, an optional residual add (identity or option-A shortcut), and
 * a piecewise function (Maxout, PReLU, ReLU, Hardtanh); every weight binarizer (AdaBin, sign with and without the
 * mean-absolute scale, WSD) and every static activation binarizer (AdaBin, sign, per-channel threshold); a global
 * average pool, an optional batch norm and the classifier. All from one seed.
 */
final class RandomNetworks {
    private RandomNetworks() {
    }

    /** A network and the folding to build it with. */
    record Case(Network network, Folding folding) {
    }

    static Case of(long seed) {
        // Mixed first: java.util.Random's first draws of neighbouring seeds are alike.
        Random r = new Random(new SplittableRandom(seed).nextLong());
        int inC = r.nextBoolean() ? 1 : 3;
        int h = 6 + r.nextInt(7);
        int w = 6 + r.nextInt(7);
        Shape input = new Shape(inC, h, w);
        List<Node> n = new ArrayList<>();
        Map<String, Folding.Layer> fold = new LinkedHashMap<>();
        int c = 2 + r.nextInt(8);
        int k = r.nextBoolean() ? 3 : 1;
        n.add(Node.of("conv1", new Op.Conv2d(c, inC, k, k, 1, k / 2, gaussian(r, c * inC * k * k, 0.5), gaussian(r, c, 0.1)),
                Network.INPUT));
        fold.put("conv1", new Folding.Layer(pick(r, Lanes.divisors(inC)), pick(r, Lanes.divisors(c)), 0));
        n.add(Node.of("bn1", batchNorm(r, c), "conv1"));
        n.add(Node.of("act1", nonlinear(r, c), "bn1"));
        String x = "act1";
        int stages = 1 + r.nextInt(3);
        for (int s = 1; s <= stages; s++) {
            String p = "s" + s + "_";
            if (r.nextInt(3) == 0 && h >= 4 && w >= 4) {
                if (r.nextBoolean()) {
                    n.add(Node.of(p + "pool", new Op.MaxPool2d(2, 2, 0, false), x));
                    h /= 2;
                    w /= 2;
                } else {
                    n.add(Node.of(p + "pool", new Op.AvgPool2d(3, 1, 1, false, r.nextBoolean()), x));
                }
                fold.put(p + "pool", new Folding.Layer(pick(r, Lanes.divisors(c)), 0, 0));
                n.add(Node.of(p + "bnp", batchNorm(r, c), p + "pool"));
                x = p + "bnp";
            }
            int kind = r.nextInt(3); // 0 plain, 1 identity residual, 2 option-A shortcut
            int stride = kind == 1 || h < 4 || w < 4 ? 1 : 1 + r.nextInt(2);
            if (kind == 2 && stride == 1) {
                kind = 0;
            }
            int pad = 1 + r.nextInt(3);
            int out = switch (kind) {
                case 1 -> c;
                case 2 -> c + 2 * pad;
                default -> 2 + r.nextInt(11);
            };
            int kk = r.nextBoolean() ? 3 : 1;
            n.add(Node.of(p + "conv", new Op.BinaryConv2d(out, c, kk, kk, stride, kk / 2, gaussian(r, out * c * kk * kk, 0.3),
                    weightBinarizer(r, out), activationBinarizer(r, c)), x));
            fold.put(p + "conv", new Folding.Layer(pick(r, Lanes.divisors(c)), pick(r, Lanes.divisors(out)), 0));
            n.add(Node.of(p + "bn", batchNorm(r, out), p + "conv"));
            String y = p + "bn";
            if (kind == 1) {
                n.add(new Node(p + "add", new Op.Add(), List.of(y, x)));
                y = p + "add";
            } else if (kind == 2) {
                n.add(Node.of(p + "sc", new Op.ShortcutA(2, pad), x));
                n.add(new Node(p + "add", new Op.Add(), List.of(y, p + "sc")));
                y = p + "add";
            }
            if (stride == 2) {
                h = (h + 1) / 2;
                w = (w + 1) / 2;
            }
            c = out;
            n.add(Node.of(p + "act", nonlinear(r, c), y));
            x = p + "act";
        }
        n.add(Node.of("gpool", new Op.GlobalAvgPool(), x));
        x = "gpool";
        if (r.nextBoolean()) {
            n.add(Node.of("bnf", batchNorm(r, c), x));
            x = "bnf";
        }
        int classes = 2 + r.nextInt(9);
        n.add(Node.of("fc", new Op.Linear(classes, c, gaussian(r, classes * c, 0.5), gaussian(r, classes, 0.1)), x));
        // The head's PE at most its channels: a group's logits leave during the next group's multiply-accumulates.
        int cc = c;
        fold.put("fc", new Folding.Layer(0, pick(r, Lanes.divisors(classes).stream().filter(d -> d <= cc).toList()), 0));
        double[] mean = new double[inC];
        double[] std = new double[inC];
        for (int i = 0; i < inC; i++) {
            mean[i] = 0.4 + 0.2 * r.nextDouble();
            std[i] = 0.2 + 0.1 * r.nextDouble();
        }
        Network net = new Network("random" + seed, new InputSpec(input, 1 / 255.0, mean, std), n);
        return new Case(net, new Folding(fold));
    }

    private static Op nonlinear(Random r, int c) {
        Nonlinearity f = switch (r.nextInt(4)) {
            case 0 -> new Nonlinearity.Maxout(uniform(r, c, 0.5, 1.5), uniform(r, c, -0.5, 0.5));
            case 1 -> new Nonlinearity.PRelu(uniform(r, c, 0.05, 0.4));
            case 2 -> new Nonlinearity.Relu();
            default -> new Nonlinearity.Hardtanh(-1, 1);
        };
        return new Op.Nonlinear(f, c);
    }

    private static WeightBinarizer weightBinarizer(Random r, int out) {
        return switch (r.nextInt(4)) {
            case 0 -> new WeightBinarizer.AdaBin();
            case 1 -> new WeightBinarizer.Sign(true);
            case 2 -> new WeightBinarizer.Sign(false);
            default -> new WeightBinarizer.Wsd(gaussian(r, out, 0.05));
        };
    }

    private static ActivationBinarizer activationBinarizer(Random r, int in) {
        return switch (r.nextInt(3)) {
            case 0 -> new ActivationBinarizer.AdaBin(0.5 + r.nextDouble(), 0.4 * r.nextDouble() - 0.2);
            case 1 -> new ActivationBinarizer.Sign();
            default -> new ActivationBinarizer.ChannelThreshold(gaussian(r, in, 0.2));
        };
    }

    private static Op.BatchNorm batchNorm(Random r, int c) {
        return new Op.BatchNorm(uniform(r, c, 0.5, 1.5), gaussian(r, c, 0.2), gaussian(r, c, 0.2), uniform(r, c, 0.5, 1.5), 1e-5);
    }

    private static double[] gaussian(Random r, int n, double sd) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian() * sd;
        }
        return d;
    }

    private static double[] uniform(Random r, int n, double lo, double hi) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = lo + (hi - lo) * r.nextDouble();
        }
        return d;
    }

    private static int pick(Random r, List<Integer> l) {
        return l.get(r.nextInt(l.size()));
    }
}
