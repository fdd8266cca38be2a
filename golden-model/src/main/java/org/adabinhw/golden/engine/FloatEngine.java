package org.adabinhw.golden.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.BinaryWeights;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;

/**
 * The float reference: the official evaluation-mode forward pass in double precision, including
 * {@code sign(0) = 0} and zero padding after binarisation. Thread-safe; images run in parallel.
 */
public final class FloatEngine {
    private final Network net;
    /** Binarised weights per binary conv, as the official code recomputes them on every forward. */
    private final Map<String, double[]> binaryWeights = new HashMap<>();

    public FloatEngine(Network net) {
        this.net = net;
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.BinaryConv2d b) {
                BinaryWeights bw = b.binarizedWeights();
                double[] wb = new double[b.weight().length];
                for (int o = 0; o < b.outChannels(); o++) {
                    for (int i = 0; i < bw.fanIn(); i++) {
                        wb[o * bw.fanIn() + i] = bw.value(o, i);
                    }
                }
                binaryWeights.put(n.name(), wb);
            }
        }
    }

    public Network network() {
        return net;
    }

    /** The normalised input tensor of one uint8 image (C × H × W, values 0..255). */
    public static double[] normalise(InputSpec in, int[] pixels) {
        Shape s = in.shape();
        if (pixels.length != s.size()) {
            throw new IllegalArgumentException("image has " + pixels.length + " pixels, the network expects " + s);
        }
        double[] x = new double[pixels.length];
        for (int c = 0; c < s.channels(); c++) {
            for (int p = 0; p < s.plane(); p++) {
                x[c * s.plane() + p] = in.normalise(c, pixels[c * s.plane() + p]);
            }
        }
        return x;
    }

    /** The logits of one image. */
    public double[] logits(int[] pixels) {
        return run(pixels, false).get(net.output().name());
    }

    /** The logits of many images, computed in parallel. */
    public double[][] logits(List<int[]> images) {
        double[][] out = new double[images.size()][];
        IntStream.range(0, images.size()).parallel().forEach(i -> out[i] = logits(images.get(i)));
        return out;
    }

    /**
     * Runs one image and returns node outputs by name: every node's with {@code keepAll}, else only the
     * output node's. {@link Network#INPUT} maps to the normalised image.
     */
    public Map<String, double[]> run(int[] pixels, boolean keepAll) {
        Map<String, double[]> values = new LinkedHashMap<>();
        values.put(Network.INPUT, normalise(net.input(), pixels));
        Map<String, Integer> pending = new HashMap<>();
        for (Node n : net.nodes()) {
            for (String i : n.inputs()) {
                pending.merge(i, 1, Integer::sum);
            }
        }
        for (Node n : net.nodes()) {
            double[] y = eval(n, values);
            values.put(n.name(), y);
            if (!keepAll) {
                for (String i : n.inputs()) {
                    if (pending.merge(i, -1, Integer::sum) == 0) {
                        values.remove(i);
                    }
                }
            }
        }
        return values;
    }

    /**
     * The activation signs {@code s_a ∈ {−1, 0, +1}} at the input of binary conv {@code node}, given the
     * float input tensor of that conv.
     */
    public byte[] activationSigns(Node node, double[] input) {
        Op.BinaryConv2d b = (Op.BinaryConv2d) node.op();
        Shape s = net.shape(node.inputs().get(0));
        double[] thr = thresholds(b.activations(), input, s);
        byte[] out = new byte[input.length];
        for (int c = 0; c < s.channels(); c++) {
            for (int p = 0; p < s.plane(); p++) {
                int i = c * s.plane() + p;
                out[i] = (byte) Math.signum((float) input[i] - (float) thr[c]);
            }
        }
        return out;
    }

    /** Per-channel thresholds of a binarizer for one image. */
    static double[] thresholds(ActivationBinarizer ab, double[] input, Shape s) {
        double[] thr = new double[s.channels()];
        switch (ab) {
            case ActivationBinarizer.AdaBin a -> java.util.Arrays.fill(thr, a.beta());
            case ActivationBinarizer.Sign sign -> { }
            case ActivationBinarizer.ChannelThreshold t -> System.arraycopy(t.threshold(), 0, thr, 0, thr.length);
            case ActivationBinarizer.SqueezeExcite se -> {
                double[] mean = new double[s.channels()];
                for (int c = 0; c < s.channels(); c++) {
                    double sum = 0;
                    for (int p = 0; p < s.plane(); p++) {
                        sum += input[c * s.plane() + p];
                    }
                    mean[c] = sum / s.plane();
                }
                double[] shift = se.shift(mean);
                for (int c = 0; c < thr.length; c++) {
                    thr[c] = -shift[c];
                }
            }
        }
        return thr;
    }

    private double[] eval(Node n, Map<String, double[]> values) {
        double[] x = values.get(n.inputs().get(0));
        Shape in = net.shape(n.inputs().get(0));
        Shape out = net.shape(n.name());
        return switch (n.op()) {
            case Op.Conv2d c -> {
                double[] y = conv(x, in, out, c.weight(), c.kernelH(), c.kernelW(), c.stride(), c.padding());
                if (c.bias() != null) {
                    addBias(y, out, c.bias());
                }
                yield y;
            }
            case Op.BinaryConv2d b -> {
                byte[] s = activationSigns(n, x);
                double[] ab = new double[s.length];
                ActivationBinarizer bin = b.activations();
                for (int i = 0; i < s.length; i++) {
                    ab[i] = bin.scale() * (s[i] + bin.offset());
                }
                yield conv(ab, in, out, binaryWeights.get(n.name()), b.kernelH(), b.kernelW(), b.stride(), b.padding());
            }
            case Op.BatchNorm bn -> {
                double[] y = new double[x.length];
                int plane = in.plane();
                for (int c = 0; c < in.channels(); c++) {
                    double inv = Math.sqrt(bn.var()[c] + bn.eps());
                    for (int p = 0; p < plane; p++) {
                        int i = c * plane + p;
                        y[i] = bn.gamma()[c] * (x[i] - bn.mean()[c]) / inv + bn.beta()[c];
                    }
                }
                yield y;
            }
            case Op.Nonlinear nl -> {
                double[] y = new double[x.length];
                int plane = in.plane();
                for (int i = 0; i < x.length; i++) {
                    y[i] = nl.function().apply(i / plane, x[i]);
                }
                yield y;
            }
            case Op.Add a -> {
                double[] z = values.get(n.inputs().get(1));
                double[] y = new double[x.length];
                for (int i = 0; i < y.length; i++) {
                    y[i] = x[i] + z[i];
                }
                yield y;
            }
            case Op.ShortcutA sc -> {
                double[] y = new double[out.size()];
                for (int c = 0; c < in.channels(); c++) {
                    for (int oy = 0; oy < out.height(); oy++) {
                        for (int ox = 0; ox < out.width(); ox++) {
                            y[((c + sc.padChannels()) * out.height() + oy) * out.width() + ox] =
                                    x[(c * in.height() + oy * sc.stride()) * in.width() + ox * sc.stride()];
                        }
                    }
                }
                yield y;
            }
            case Op.MaxPool2d mp -> pool(x, in, out, mp.kernel(), mp.stride(), mp.padding(), true, false);
            case Op.AvgPool2d ap -> pool(x, in, out, ap.kernel(), ap.stride(), ap.padding(), false, ap.countIncludePad());
            case Op.GlobalAvgPool g -> {
                double[] y = new double[in.channels()];
                for (int c = 0; c < in.channels(); c++) {
                    double sum = 0;
                    for (int p = 0; p < in.plane(); p++) {
                        sum += x[c * in.plane() + p];
                    }
                    y[c] = sum / in.plane();
                }
                yield y;
            }
            case Op.Linear l -> {
                double[] y = new double[l.outFeatures()];
                for (int o = 0; o < l.outFeatures(); o++) {
                    double acc = l.bias() == null ? 0 : l.bias()[o];
                    for (int i = 0; i < l.inFeatures(); i++) {
                        acc += l.weight()[o * l.inFeatures() + i] * x[i];
                    }
                    y[o] = acc;
                }
                yield y;
            }
        };
    }

    private static void addBias(double[] y, Shape out, double[] bias) {
        for (int c = 0; c < out.channels(); c++) {
            for (int p = 0; p < out.plane(); p++) {
                y[c * out.plane() + p] += bias[c];
            }
        }
    }

    /** Direct convolution with zero padding, no bias. */
    static double[] conv(double[] x, Shape in, Shape out, double[] w, int kh, int kw, int stride, int pad) {
        double[] y = new double[out.size()];
        int ci = in.channels();
        int ih = in.height();
        int iw = in.width();
        int oh = out.height();
        int ow = out.width();
        for (int o = 0; o < out.channels(); o++) {
            int yBase = o * oh * ow;
            for (int c = 0; c < ci; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        double wv = w[((o * ci + c) * kh + ky) * kw + kx];
                        if (wv == 0) {
                            continue;
                        }
                        // Output columns whose input column lies inside the image.
                        int oxLo = Math.max(0, ceilDiv(pad - kx, stride));
                        int oxHi = Math.min(ow - 1, Math.floorDiv(iw - 1 + pad - kx, stride));
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride - pad + ky;
                            if (iy < 0 || iy >= ih) {
                                continue;
                            }
                            int xRow = (c * ih + iy) * iw - pad + kx;
                            int yRow = yBase + oy * ow;
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                y[yRow + ox] += wv * x[xRow + ox * stride];
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    /** Max or average pooling with PyTorch's padding and count rules. */
    static double[] pool(double[] x, Shape in, Shape out, int k, int stride, int pad, boolean max, boolean countPad) {
        double[] y = new double[out.size()];
        for (int c = 0; c < in.channels(); c++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int y0 = oy * stride - pad;
                    int x0 = ox * stride - pad;
                    // PyTorch counts padded taps, but not taps beyond the padding added by ceil_mode.
                    int padCount = (Math.min(y0 + k, in.height() + pad) - y0) * (Math.min(x0 + k, in.width() + pad) - x0);
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    int n = 0;
                    for (int ky = Math.max(y0, 0); ky < Math.min(y0 + k, in.height()); ky++) {
                        for (int kx = Math.max(x0, 0); kx < Math.min(x0 + k, in.width()); kx++) {
                            double v = x[(c * in.height() + ky) * in.width() + kx];
                            acc = max ? Math.max(acc, v) : acc + v;
                            n++;
                        }
                    }
                    y[(c * out.height() + oy) * out.width() + ox] = max ? acc : acc / (countPad ? padCount : n);
                }
            }
        }
        return y;
    }
}
