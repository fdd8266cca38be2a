package org.adabinhw.golden.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
 * Small hand-made and random networks for the engine and integer-model tests, plus the plain reference
 * formulas the tests compare against (written from {@code adabin-semantics.md}, not from the main code).
 */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** An input whose normalised value is {@code pixel − mean} (scale 1, std 1) in every channel. */
    public static InputSpec plainInput(Shape shape, double mean) {
        double[] m = new double[shape.channels()];
        double[] s = new double[shape.channels()];
        Arrays.fill(m, mean);
        Arrays.fill(s, 1);
        return new InputSpec(shape, 1, m, s);
    }

    /** A 1×1 stride-1 convolution that copies its input channels. */
    public static Op.Conv2d identityConv(int channels) {
        double[] w = new double[channels * channels];
        for (int c = 0; c < channels; c++) {
            w[c * channels + c] = 1;
        }
        return new Op.Conv2d(channels, channels, 1, 1, 1, 0, w, null);
    }

    /** A network of the given nodes, in order. */
    public static Network network(InputSpec input, Node... nodes) {
        return new Network("test", input, List.of(nodes));
    }

    /** A uniformly random uint8 image. */
    public static int[] randomImage(Random r, Shape s) {
        int[] p = new int[s.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(256);
        }
        return p;
    }

    /** {@code n} values uniform in [lo, hi). */
    public static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    /** {@code n} normal values with the given standard deviation. */
    public static double[] normal(Random r, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * r.nextGaussian();
        }
        return v;
    }

    /**
     * Latent binary-conv weights, O × fanIn: per channel a random offset (so that the centre
     * {@code beta_w} matters, |beta_w/alpha_w| up to about 1) plus unit noise, in multiples of 2^−10. Each
     * channel's sum is a multiple of fanIn, so the centre is exact in double and in float32 and a brute-force
     * reference does not depend on how the mean is rounded; no weight sits exactly on its centre (that
     * third level is tested on its own).
     */
    public static double[] binaryWeights(Random r, int out, int fanIn) {
        double[] w = new double[out * fanIn];
        for (int o = 0; o < out; o++) {
            long offset = Math.round(r.nextGaussian() * 0.5 * 1024);
            long[] k = new long[fanIn];
            long sum = 0;
            for (int i = 0; i < fanIn; i++) {
                k[i] = Math.round(r.nextGaussian() * 1024) + offset;
                sum += k[i];
            }
            k[fanIn - 1] -= Math.floorMod(sum, fanIn);
            long mean = Math.floorDiv(sum, fanIn);
            for (int i = 0; i < fanIn; i++) {
                if (k[i] == mean) {
                    int top = 0;
                    for (int j = 1; j < fanIn; j++) {
                        top = k[j] > k[top] ? j : top;
                    }
                    k[i]++;
                    k[top]--;
                }
            }
            for (int i = 0; i < fanIn; i++) {
                w[o * fanIn + i] = Math.scalb((double) k[i], -10);
            }
        }
        return w;
    }

    /** A random AdaBin binary convolution. */
    public static Op.BinaryConv2d adabinConv(Random r, int out, int in, int k, int stride, int pad) {
        double alpha = 0.5 + r.nextDouble();
        double beta = 0.3 * r.nextGaussian();
        return new Op.BinaryConv2d(out, in, k, k, stride, pad, binaryWeights(r, out, in * k * k),
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(alpha, beta));
    }

    /** A random Maxout with about one channel in ten having a negative positive-side slope. */
    public static Op.Nonlinear maxout(Random r, int channels) {
        double[] pos = uniform(r, channels, 0.5, 1.5);
        double[] neg = uniform(r, channels, -0.5, 0.5);
        for (int c = 0; c < channels; c++) {
            if (r.nextInt(10) == 0) {
                pos[c] = -pos[c];
            }
        }
        return new Op.Nonlinear(new Nonlinearity.Maxout(pos, neg), channels);
    }

    /**
     * A batch norm for the output of {@code source}, calibrated as training would have left it: its
     * running mean and variance are those of the source over a few images, perturbed, with random affine
     * parameters. {@code nodes} must end with the source.
     */
    public static Op.BatchNorm calibratedBatchNorm(Random r, InputSpec input, List<Node> nodes, List<int[]> images) {
        Network partial = new Network("calibration", input, nodes);
        Node src = partial.output();
        Shape s = partial.shape(src.name());
        FloatEngine fe = new FloatEngine(partial);
        int c = s.channels();
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (int[] img : images) {
            double[] y = fe.run(img, false).get(src.name());
            for (int i = 0; i < y.length; i++) {
                sum[i / s.plane()] += y[i];
                sq[i / s.plane()] += y[i] * y[i];
            }
        }
        double n = (double) images.size() * s.plane();
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < c; i++) {
            double m = sum[i] / n;
            double v = Math.max(sq[i] / n - m * m, 1e-3);
            mean[i] = m + 0.1 * Math.sqrt(v) * r.nextGaussian();
            var[i] = v * (0.8 + 0.45 * r.nextDouble());
        }
        return new Op.BatchNorm(uniform(r, c, 0.5, 1.5), normal(r, c, 0.3), mean, var, 1e-5);
    }

    /**
     * A random CIFAR-style AdaBin network on 3 × size × size images: stem conv 3×3 + BN + Maxout; a
     * downsampling block (binary conv stride 2 + BN, plus the option-A shortcut, Maxout); an identity block
     * (binary conv + BN + residual, Maxout); global average pool, BatchNorm1d and a linear classifier.
     * Node names follow the official model ({@code layer1.0.conv1}, …).
     */
    public static Network randomAdabinResNet(long seed, int channels, int size, int classes) {
        Random r = new Random(seed);
        InputSpec input = InputSpec.imagenetNormalised(new Shape(3, size, size));
        List<int[]> calibration = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calibration.add(randomImage(r, input.shape()));
        }
        int c = channels;
        int c2 = 2 * channels;
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("conv1", new Op.Conv2d(c, 3, 3, 3, 1, 1, normal(r, c * 27, 1 / Math.sqrt(27)), null),
                Network.INPUT));
        nodes.add(Node.of("bn1", calibratedBatchNorm(r, input, nodes, calibration), "conv1"));
        nodes.add(Node.of("nonlinear1", maxout(r, c), "bn1"));

        nodes.add(Node.of("layer1.0.conv1", adabinConv(r, c2, c, 3, 2, 1), "nonlinear1"));
        nodes.add(Node.of("layer1.0.bn1", calibratedBatchNorm(r, input, nodes, calibration), "layer1.0.conv1"));
        nodes.add(Node.of("layer1.0.shortcut", new Op.ShortcutA(2, c / 2), "nonlinear1"));
        nodes.add(new Node("layer1.0.add1", new Op.Add(), List.of("layer1.0.bn1", "layer1.0.shortcut")));
        nodes.add(Node.of("layer1.0.nonlinear1", maxout(r, c2), "layer1.0.add1"));

        nodes.add(Node.of("layer1.0.conv2", adabinConv(r, c2, c2, 3, 1, 1), "layer1.0.nonlinear1"));
        nodes.add(Node.of("layer1.0.bn2", calibratedBatchNorm(r, input, nodes, calibration), "layer1.0.conv2"));
        nodes.add(new Node("layer1.0.add2", new Op.Add(), List.of("layer1.0.bn2", "layer1.0.nonlinear1")));
        nodes.add(Node.of("layer1.0.nonlinear2", maxout(r, c2), "layer1.0.add2"));

        nodes.add(Node.of("pool", new Op.GlobalAvgPool(), "layer1.0.nonlinear2"));
        nodes.add(Node.of("bn2", calibratedBatchNorm(r, input, nodes, calibration), "pool"));
        nodes.add(Node.of("fc", new Op.Linear(classes, c2, normal(r, classes * c2, 1 / Math.sqrt(c2)),
                normal(r, classes, 0.1)), "bn2"));
        return new Network("random-adabin-resnet-" + seed, input, nodes);
    }

    /**
     * The float formula of a binary convolution, written from {@code adabin-semantics.md} §1 with nothing
     * shared with the engine: {@code s_a = sign(x − beta_a)}, {@code ab = alpha_a (s_a + beta_a)};
     * {@code beta_w} the mean and {@code alpha_w} the population std of each output channel's weights,
     * {@code Wb = sign(W − beta_w) alpha_w + beta_w}; zero padding applied to {@code ab}; direct convolution.
     */
    public static double[] binaryConvFormula(Op.BinaryConv2d b, ActivationBinarizer.AdaBin act, double[] x, Shape in) {
        byte[] s = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (byte) Math.signum(x[i] - act.beta());
        }
        return binaryConvFormula(b, act, s, in);
    }

    /** The same formula for given activation signs {@code s_a ∈ {−1, 0, +1}}. */
    public static double[] binaryConvFormula(Op.BinaryConv2d b, ActivationBinarizer.AdaBin act, byte[] signs, Shape in) {
        int fanIn = b.fanIn();
        double[] wb = new double[b.weight().length];
        for (int o = 0; o < b.outChannels(); o++) {
            double mean = 0;
            for (int i = 0; i < fanIn; i++) {
                mean += b.weight()[o * fanIn + i];
            }
            mean /= fanIn;
            double var = 0;
            for (int i = 0; i < fanIn; i++) {
                double d = b.weight()[o * fanIn + i] - mean;
                var += d * d;
            }
            double alpha = Math.sqrt(var / fanIn);
            for (int i = 0; i < fanIn; i++) {
                wb[o * fanIn + i] = Math.signum(b.weight()[o * fanIn + i] - mean) * alpha + mean;
            }
        }
        double[] ab = new double[signs.length];
        for (int i = 0; i < signs.length; i++) {
            ab[i] = act.alpha() * (signs[i] + act.beta());
        }
        int oh = (in.height() + 2 * b.padding() - b.kernelH()) / b.stride() + 1;
        int ow = (in.width() + 2 * b.padding() - b.kernelW()) / b.stride() + 1;
        double[] y = new double[b.outChannels() * oh * ow];
        for (int o = 0; o < b.outChannels(); o++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = 0;
                    for (int c = 0; c < b.inChannels(); c++) {
                        for (int ky = 0; ky < b.kernelH(); ky++) {
                            for (int kx = 0; kx < b.kernelW(); kx++) {
                                int iy = oy * b.stride() - b.padding() + ky;
                                int ix = ox * b.stride() - b.padding() + kx;
                                double a = iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width() ? 0
                                        : ab[(c * in.height() + iy) * in.width() + ix];
                                acc += a * wb[((o * b.inChannels() + c) * b.kernelH() + ky) * b.kernelW() + kx];
                            }
                        }
                    }
                    y[(o * oh + oy) * ow + ox] = acc;
                }
            }
        }
        return y;
    }

    /** The float value of every node for one image. */
    public static Map<String, double[]> floatValues(Network net, int[] image) {
        return new FloatEngine(net).run(image, true);
    }
}
