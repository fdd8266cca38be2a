package org.adabinhw.golden.ir;

import java.util.List;

/**
 * One operation of the network IR. Every op validates its own parameters when built and infers its output
 * shape from its input shapes. Weight arrays are row-major and are not copied: treat them as immutable.
 */
public sealed interface Op {

    /** Number of inputs the op takes. */
    default int arity() {
        return 1;
    }

    /** The output shape for the given input shapes; throws {@link IllegalArgumentException} if they do not fit. */
    Shape outputShape(List<Shape> in);

    /** A short name of the op type, as used in the JSON network format. */
    String type();

    /**
     * Real-valued 2-D convolution (stem, 1×1 shortcut), zero padding, no dilation, no groups.
     *
     * @param outChannels O
     * @param inChannels  I
     * @param kernelH     kernel rows
     * @param kernelW     kernel columns
     * @param stride      stride in both directions, ≥ 1
     * @param padding     zero padding on every side, ≥ 0
     * @param weight      O × I × kh × kw
     * @param bias        O entries, or {@code null} for no bias
     */
    record Conv2d(int outChannels, int inChannels, int kernelH, int kernelW, int stride, int padding,
                  double[] weight, double[] bias) implements Op {
        public Conv2d {
            checkConv(outChannels, inChannels, kernelH, kernelW, stride, padding, weight);
            if (bias != null && bias.length != outChannels) {
                throw new IllegalArgumentException("conv bias has " + bias.length + " entries, expected " + outChannels);
            }
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return convShape(in.get(0), inChannels, outChannels, kernelH, kernelW, stride, padding);
        }

        @Override
        public String type() {
            return "conv2d";
        }

        /** Weights per output channel. */
        public int fanIn() {
            return inChannels * kernelH * kernelW;
        }
    }

    /**
     * Binary 2-D convolution: binarised activations (zero-padded after binarisation) convolved with
     * binarised weights, no bias.
     *
     * @param outChannels O
     * @param inChannels  I
     * @param kernelH     kernel rows
     * @param kernelW     kernel columns
     * @param stride      stride, ≥ 1
     * @param padding     zero padding of the binarised input, ≥ 0
     * @param weight      latent float weights, O × I × kh × kw
     * @param weights     how the weights are binarised
     * @param activations how the input is binarised
     */
    record BinaryConv2d(int outChannels, int inChannels, int kernelH, int kernelW, int stride, int padding,
                        double[] weight, WeightBinarizer weights, ActivationBinarizer activations) implements Op {
        public BinaryConv2d {
            checkConv(outChannels, inChannels, kernelH, kernelW, stride, padding, weight);
            if (activations instanceof ActivationBinarizer.ChannelThreshold t && t.threshold().length != inChannels) {
                throw new IllegalArgumentException("activation thresholds: " + t.threshold().length
                        + " entries for " + inChannels + " input channels");
            }
            if (activations instanceof ActivationBinarizer.SqueezeExcite se
                    && se.squeeze().length != se.hidden() * inChannels) {
                throw new IllegalArgumentException("SE threshold: squeeze has " + se.squeeze().length
                        + " entries, expected " + se.hidden() + " × " + inChannels);
            }
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return convShape(in.get(0), inChannels, outChannels, kernelH, kernelW, stride, padding);
        }

        @Override
        public String type() {
            return "binary_conv2d";
        }

        /** Weights per output channel, {@code I * kh * kw}. */
        public int fanIn() {
            return inChannels * kernelH * kernelW;
        }

        /** The binarised weights. */
        public BinaryWeights binarizedWeights() {
            return weights.binarize(weight, outChannels, fanIn());
        }
    }

    /**
     * Batch normalisation in evaluation mode, per channel: {@code gamma*(x − mean)/sqrt(var + eps) + beta}.
     * Applies to feature maps (BatchNorm2d) and vectors (BatchNorm1d) alike.
     *
     * @param gamma weight
     * @param beta  bias
     * @param mean  running mean
     * @param var   running variance, ≥ 0
     * @param eps   epsilon, > 0 (PyTorch: 1e-5)
     */
    record BatchNorm(double[] gamma, double[] beta, double[] mean, double[] var, double eps) implements Op {
        public BatchNorm {
            int c = gamma.length;
            if (beta.length != c || mean.length != c || var.length != c) {
                throw new IllegalArgumentException("batch norm parameters disagree in length: weight " + c + ", bias "
                        + beta.length + ", running_mean " + mean.length + ", running_var " + var.length);
            }
            for (int i = 0; i < c; i++) {
                if (!(var[i] >= 0)) {
                    throw new IllegalArgumentException("batch norm running_var[" + i + "] = " + var[i] + " is negative");
                }
            }
            if (!(eps > 0)) {
                throw new IllegalArgumentException("batch norm eps must be positive, got " + eps);
            }
        }

        /** Channels. */
        public int channels() {
            return gamma.length;
        }

        /** The multiplier of channel {@code c}: {@code gamma / sqrt(var + eps)}. */
        public double scale(int c) {
            return gamma[c] / Math.sqrt(var[c] + eps);
        }

        /** The additive term of channel {@code c}: {@code beta − mean * scale}. */
        public double shift(int c) {
            return beta[c] - mean[c] * scale(c);
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return requireChannels(in.get(0), gamma.length, "batch norm");
        }

        @Override
        public String type() {
            return "batchnorm";
        }
    }

    /**
     * A per-channel nonlinearity (Maxout, PReLU, Hardtanh, ReLU).
     *
     * @param function the function
     * @param channels channels it applies to (per-channel parameters have this many entries)
     */
    record Nonlinear(Nonlinearity function, int channels) implements Op {
        public Nonlinear {
            int n = switch (function) {
                case Nonlinearity.Maxout m -> m.pos().length;
                case Nonlinearity.PRelu p -> p.slope().length == 1 ? channels : p.slope().length;
                case Nonlinearity.Hardtanh h -> channels;
                case Nonlinearity.Relu r -> channels;
            };
            if (n != channels) {
                throw new IllegalArgumentException(function.kind() + " has " + n + " per-channel parameters for "
                        + channels + " channels");
            }
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            return requireChannels(in.get(0), channels, function.kind());
        }

        @Override
        public String type() {
            return function.kind();
        }
    }

    /** Elementwise sum of two tensors of the same shape (residual connection). */
    record Add() implements Op {
        @Override
        public int arity() {
            return 2;
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            if (!in.get(0).equals(in.get(1))) {
                throw new IllegalArgumentException("add of different shapes " + in.get(0) + " and " + in.get(1));
            }
            return in.get(0);
        }

        @Override
        public String type() {
            return "add";
        }
    }

    /**
     * The parameter-free "option A" ResNet shortcut: {@code x[:, :, ::stride, ::stride]} with
     * {@code padChannels} zero channels added before and after.
     *
     * @param stride      spatial subsampling, ≥ 1
     * @param padChannels zero channels on each side, ≥ 0
     */
    record ShortcutA(int stride, int padChannels) implements Op {
        public ShortcutA {
            if (stride < 1 || padChannels < 0) {
                throw new IllegalArgumentException("option-A shortcut needs stride ≥ 1 and padding ≥ 0, got "
                        + stride + " and " + padChannels);
            }
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            Shape s = in.get(0);
            return new Shape(s.channels() + 2 * padChannels, (s.height() + stride - 1) / stride,
                    (s.width() + stride - 1) / stride);
        }

        @Override
        public String type() {
            return "shortcut_a";
        }
    }

    /**
     * Max pooling, PyTorch semantics (padding is −∞).
     *
     * @param kernel   window size
     * @param stride   stride
     * @param padding  padding, ≤ kernel/2
     * @param ceilMode PyTorch's {@code ceil_mode}
     */
    record MaxPool2d(int kernel, int stride, int padding, boolean ceilMode) implements Op {
        public MaxPool2d {
            checkPool(kernel, stride, padding);
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            Shape s = in.get(0);
            return new Shape(s.channels(), poolSize(s.height(), kernel, stride, padding, ceilMode),
                    poolSize(s.width(), kernel, stride, padding, ceilMode));
        }

        @Override
        public String type() {
            return "maxpool2d";
        }
    }

    /**
     * Average pooling, PyTorch semantics.
     *
     * @param kernel           window size
     * @param stride           stride
     * @param padding          zero padding, ≤ kernel/2
     * @param ceilMode         PyTorch's {@code ceil_mode}
     * @param countIncludePad  PyTorch's {@code count_include_pad}
     */
    record AvgPool2d(int kernel, int stride, int padding, boolean ceilMode, boolean countIncludePad) implements Op {
        public AvgPool2d {
            checkPool(kernel, stride, padding);
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            Shape s = in.get(0);
            return new Shape(s.channels(), poolSize(s.height(), kernel, stride, padding, ceilMode),
                    poolSize(s.width(), kernel, stride, padding, ceilMode));
        }

        @Override
        public String type() {
            return "avgpool2d";
        }
    }

    /** Global average pooling to C × 1 × 1. */
    record GlobalAvgPool() implements Op {
        @Override
        public Shape outputShape(List<Shape> in) {
            return new Shape(in.get(0).channels(), 1, 1);
        }

        @Override
        public String type() {
            return "global_avgpool";
        }
    }

    /**
     * Fully connected layer on the flattened input (C·H·W in C order), output {@code out × 1 × 1}.
     *
     * @param outFeatures outputs
     * @param inFeatures  inputs
     * @param weight      out × in
     * @param bias        out entries, or {@code null}
     */
    record Linear(int outFeatures, int inFeatures, double[] weight, double[] bias) implements Op {
        public Linear {
            if (outFeatures < 1 || inFeatures < 1 || weight.length != outFeatures * inFeatures) {
                throw new IllegalArgumentException("linear " + inFeatures + "→" + outFeatures + " needs "
                        + (long) outFeatures * inFeatures + " weights, got " + weight.length);
            }
            if (bias != null && bias.length != outFeatures) {
                throw new IllegalArgumentException("linear bias has " + bias.length + " entries, expected " + outFeatures);
            }
        }

        @Override
        public Shape outputShape(List<Shape> in) {
            if (in.get(0).size() != inFeatures) {
                throw new IllegalArgumentException("linear expects " + inFeatures + " inputs, got " + in.get(0)
                        + " = " + in.get(0).size());
            }
            return new Shape(outFeatures, 1, 1);
        }

        @Override
        public String type() {
            return "linear";
        }
    }

    private static void checkConv(int out, int in, int kh, int kw, int stride, int pad, double[] weight) {
        if (out < 1 || in < 1 || kh < 1 || kw < 1 || stride < 1 || pad < 0) {
            throw new IllegalArgumentException("convolution needs positive channels, kernel and stride and padding ≥ 0, got "
                    + in + "→" + out + " kernel " + kh + "x" + kw + " stride " + stride + " padding " + pad);
        }
        long n = (long) out * in * kh * kw;
        if (weight.length != n) {
            throw new IllegalArgumentException("convolution weight has " + weight.length + " entries, expected "
                    + out + "x" + in + "x" + kh + "x" + kw + " = " + n);
        }
    }

    private static Shape convShape(Shape s, int in, int out, int kh, int kw, int stride, int pad) {
        if (s.channels() != in) {
            throw new IllegalArgumentException("convolution expects " + in + " input channels, got " + s);
        }
        int h = (s.height() + 2 * pad - kh) / stride + 1;
        int w = (s.width() + 2 * pad - kw) / stride + 1;
        if (s.height() + 2 * pad < kh || s.width() + 2 * pad < kw) {
            throw new IllegalArgumentException("kernel " + kh + "x" + kw + " larger than padded input " + s);
        }
        return new Shape(out, h, w);
    }

    private static Shape requireChannels(Shape s, int c, String what) {
        if (s.channels() != c) {
            throw new IllegalArgumentException(what + " has " + c + " channels, input is " + s);
        }
        return s;
    }

    private static void checkPool(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || 2 * padding > kernel) {
            throw new IllegalArgumentException("pooling needs kernel ≥ 1, stride ≥ 1, 0 ≤ padding ≤ kernel/2, got kernel "
                    + kernel + " stride " + stride + " padding " + padding);
        }
    }

    /** PyTorch's pooling output size, including its rule that the last window must start inside the input. */
    static int poolSize(int size, int kernel, int stride, int pad, boolean ceil) {
        int span = size + 2 * pad - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("pooling window " + kernel + " larger than padded input " + size);
        }
        int out = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (out - 1) * stride >= size + pad) {
            out--;
        }
        return out;
    }
}
