package org.adabinhw.golden.integer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.BinaryWeights;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;

/**
 * Compiles a float {@link Network} into an {@link IntegerNetwork}: folds batch norms into the preceding
 * convolution (or into the classifier), folds the input normalisation into the stem, turns every
 * float parameter into integer constants and chooses each layer's shift. The rules are those of
 * {@code docs/arithmetic.md}.
 */
public final class IntegerCompiler {
    /** Largest rounding shift a layer may use. */
    static final int MAX_SHIFT = 40;
    /** Width of the binary-conv bias constants and of its accumulator. */
    static final int ACC_WIDTH = 48;

    private final Network net;
    private final QuantConfig q;
    private final int f;
    private final Map<String, String> alias = new HashMap<>();
    private final Set<String> fused = new HashSet<>();
    private final Map<String, Op.BatchNorm> foldedBn = new HashMap<>();

    private IntegerCompiler(Network net, QuantConfig q) {
        this.net = net;
        this.q = q;
        this.f = q.fracBits();
    }

    /** Compiles {@code net} with the formats {@code q}; errors name the layer and what is not supported. */
    public static IntegerNetwork compile(Network net, QuantConfig q) {
        return new IntegerCompiler(net, q).run();
    }

    private IntegerNetwork run() {
        planFusion();
        List<IntLayer> layers = new ArrayList<>();
        for (Node n : net.nodes()) {
            if (fused.contains(n.name())) {
                continue;
            }
            try {
                layers.add(compile(n));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new IllegalArgumentException("integer model, layer " + n.name() + ": " + e.getMessage(), e);
            }
        }
        return new IntegerNetwork(net.name(), net.input(), layers, q, alias);
    }

    /** Batch norms fold into a convolution they alone read; the classifier absorbs its pool and batch norm. */
    private void planFusion() {
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.BatchNorm bn) {
                Node src = producer(n.inputs().get(0));
                if (src != null && (src.op() instanceof Op.Conv2d || src.op() instanceof Op.BinaryConv2d)
                        && net.consumers(src.name()) == 1) {
                    fuse(n, src, bn);
                }
            }
        }
        Node last = net.output();
        for (Node n : net.nodes()) {
            if (n.op() instanceof Op.Linear && n != last) {
                throw new IllegalArgumentException("integer model, layer " + n.name()
                        + ": a linear layer must be the last layer (the classifier)");
            }
        }
        if (last.op() instanceof Op.Linear) {
            Node prev = producer(last.inputs().get(0));
            if (prev != null && prev.op() instanceof Op.BatchNorm bn && net.consumers(prev.name()) == 1
                    && !fused.contains(prev.name())) {
                fuse(prev, last, bn);
                prev = producer(prev.inputs().get(0));
            }
            if (prev != null && isGlobalPool(prev) && net.consumers(prev.name()) == 1) {
                fused.add(prev.name());
                alias.put(prev.name(), last.name());
            }
        }
    }

    private void fuse(Node bnNode, Node into, Op.BatchNorm bn) {
        fused.add(bnNode.name());
        alias.put(bnNode.name(), into.name());
        foldedBn.put(into.name(), bn);
    }

    private Node producer(String name) {
        return name.equals(Network.INPUT) ? null : net.node(name);
    }

    private boolean isGlobalPool(Node n) {
        Shape in = net.shape(n.inputs().get(0));
        return switch (n.op()) {
            case Op.GlobalAvgPool g -> true;
            case Op.AvgPool2d p -> p.padding() == 0 && p.kernel() == in.height() && p.kernel() == in.width();
            default -> false;
        };
    }

    private String in(Node n, int i) {
        String name = n.inputs().get(i);
        String a = alias.get(name);
        String src = a == null ? name : a;
        if (src.equals(Network.INPUT) && !(n.op() instanceof Op.Conv2d)) {
            throw new IllegalArgumentException(n.op().type() + " on the uint8 image is not supported; "
                    + "the first layer must be a real convolution");
        }
        return src;
    }

    private IntLayer compile(Node n) {
        Shape inShape = net.shape(n.inputs().get(0));
        Shape out = net.shape(n.name());
        return switch (n.op()) {
            case Op.BinaryConv2d b -> binaryConv(n, b, inShape, out);
            case Op.Conv2d c -> realConv(n, c, inShape, out);
            case Op.BatchNorm bn -> affine(n, bn, inShape);
            case Op.Nonlinear nl -> piecewise(n, nl.function(), inShape);
            case Op.Add a -> new AddLayer(n.name(), in(n, 0), in(n, 1), out, q);
            case Op.ShortcutA s -> new ShortcutLayer(n.name(), in(n, 0), inShape, out, s.stride(), s.padChannels());
            case Op.MaxPool2d p -> new MaxPoolLayer(n.name(), in(n, 0), inShape, out, p.kernel(), p.stride(), p.padding());
            case Op.AvgPool2d p -> new AvgPoolLayer(n.name(), in(n, 0), inShape, out, p.kernel(), p.stride(),
                    p.padding(), p.countIncludePad(), q);
            case Op.GlobalAvgPool g -> {
                if (inShape.height() != inShape.width()) {
                    throw new IllegalArgumentException("a global average pool that does not feed the classifier "
                            + "needs a square input, got " + inShape);
                }
                yield new AvgPoolLayer(n.name(), in(n, 0), inShape, out, inShape.height(), 1, 0, false, q);
            }
            case Op.Linear l -> head(n, l);
        };
    }

    private IntLayer binaryConv(Node n, Op.BinaryConv2d b, Shape inShape, Shape out) {
        ActivationBinarizer ab = b.activations();
        int ci = b.inChannels();
        double[] thr = new double[ci];
        switch (ab) {
            case ActivationBinarizer.AdaBin a -> java.util.Arrays.fill(thr, a.beta());
            case ActivationBinarizer.Sign s -> { }
            case ActivationBinarizer.ChannelThreshold t -> System.arraycopy(t.threshold(), 0, thr, 0, ci);
            case ActivationBinarizer.SqueezeExcite se -> { }
        }
        SeThreshold seThreshold = ab instanceof ActivationBinarizer.SqueezeExcite se ? seThreshold(n, se, inShape) : null;
        int[] threshold = new int[ci];
        for (int c = 0; c < ci; c++) {
            threshold[c] = threshold(thr[c]);
        }
        ConvGeometry g = new ConvGeometry(inShape, out, b.kernelH(), b.kernelW(), b.stride(), b.padding());
        BinaryWeights bw = b.binarizedWeights();
        int o = b.outChannels();
        int taps = b.kernelH() * b.kernelW();
        int words = BinaryConvLayer.words(ci);
        long[] bits = new long[o * taps * words];
        for (int oc = 0; oc < o; oc++) {
            for (int c = 0; c < ci; c++) {
                for (int t = 0; t < taps; t++) {
                    // Sign rule: a weight on its channel's centre (float sign 0) binarises to +1.
                    if (bw.signs()[oc * bw.fanIn() + c * taps + t] >= 0) {
                        bits[(oc * taps + t) * words + (c >>> 6)] |= 1L << (c & 63);
                    }
                }
            }
        }
        Op.BatchNorm bn = foldedBn.get(n.name());
        double a = ab.scale();
        double ba = ab.offset();
        double[] mx = new double[o];
        double[] ma = new double[o];
        double maxAbs = 0;
        for (int oc = 0; oc < o; oc++) {
            double k = bn == null ? 1 : bn.scale(oc);
            mx[oc] = 2 * k * a * bw.alpha()[oc];
            ma[oc] = 2 * k * a * bw.beta()[oc];
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(mx[oc]), Math.abs(ma[oc])));
        }
        int classes = g.classes();
        double[] biasReal = new double[o * classes];
        double maxBias = 0;
        for (int oc = 0; oc < o; oc++) {
            double k = bn == null ? 1 : bn.scale(oc);
            double c0 = bn == null ? 0 : bn.shift(oc);
            double alphaW = bw.alpha()[oc];
            double betaW = bw.beta()[oc];
            for (int cls = 0; cls < classes; cls++) {
                boolean[] valid = g.validTaps(cls);
                int ones = 0;
                int nv = 0;
                for (int c = 0; c < ci; c++) {
                    for (int t = 0; t < taps; t++) {
                        if (valid[t]) {
                            nv++;
                            ones += (int) ((bits[(oc * taps + t) * words + (c >>> 6)] >>> (c & 63)) & 1);
                        }
                    }
                }
                int sumSw = 2 * ones - nv;
                double b0 = k * a * (-alphaW * nv - betaW * nv + ba * alphaW * sumSw + ba * betaW * nv) + c0;
                biasReal[oc * classes + cls] = b0;
                maxBias = Math.max(maxBias, Math.abs(b0));
            }
        }
        int shift = Math.min(Fixed.shiftFor(maxAbs, q.binaryConstWidth(), MAX_SHIFT + f),
                Fixed.shiftFor(maxBias, ACC_WIDTH - 1, MAX_SHIFT + f)) - f;
        if (shift < 0) {
            throw new IllegalArgumentException("conv scale " + maxAbs + " too large for " + q.binaryConstWidth()
                    + "-bit constants in the stream format with " + f + " fractional bits");
        }
        int e = f + shift;
        int[] mxq = new int[o];
        int[] maq = new int[o];
        long[] bias = new long[o * classes];
        for (int oc = 0; oc < o; oc++) {
            mxq[oc] = (int) Fixed.quantise(mx[oc], e, q.binaryConstWidth(), "multiplier of Px, channel " + oc);
            maq[oc] = (int) Fixed.quantise(ma[oc], e, q.binaryConstWidth(), "multiplier of Pa, channel " + oc);
            for (int cls = 0; cls < classes; cls++) {
                bias[oc * classes + cls] = Fixed.quantise(biasReal[oc * classes + cls], e, ACC_WIDTH, "bias of channel " + oc);
            }
        }
        return new BinaryConvLayer(n.name(), in(n, 0), g, threshold, seThreshold, bits, mxq, maq, bias, shift, q);
    }

    /** The smallest stream value at or above the real threshold {@code t}, clamped to the stream range + 1. */
    /** SD-BNN's squeeze-excite threshold in integers: W1 and W2 each at the largest shift that fits {@code Wm} bits. */
    private SeThreshold seThreshold(Node n, ActivationBinarizer.SqueezeExcite se, Shape inShape) {
        int c = inShape.channels();
        int hidden = se.hidden();
        if (se.squeeze().length != hidden * c) {
            throw new IllegalArgumentException("the SE threshold has " + se.squeeze().length / hidden + " channels, the input " + c);
        }
        int[][] w = new int[2][];
        int[] s = new int[2];
        double[][] real = {se.squeeze(), se.excite()};
        for (int k = 0; k < 2; k++) {
            double max = 0;
            for (double v : real[k]) {
                max = Math.max(max, Math.abs(v));
            }
            s[k] = Math.max(0, Fixed.shiftFor(max, q.multiplierWidth(), 40));
            w[k] = new int[real[k].length];
            for (int i = 0; i < real[k].length; i++) {
                w[k][i] = (int) Fixed.quantise(real[k][i], s[k], q.multiplierWidth(), n.name() + " SE weight " + i);
            }
        }
        return new SeThreshold(c, hidden, inShape.plane(), w[0], s[0], w[1], s[1], f);
    }

    int threshold(double t) {
        double v = Math.ceil(Math.scalb(t, f));
        return (int) Math.max(q.streamMin(), Math.min((double) q.streamMax() + 1, v));
    }

    private IntLayer realConv(Node n, Op.Conv2d cv, Shape inShape, Shape out) {
        String src = in(n, 0);
        boolean pixels = src.equals(Network.INPUT);
        InputSpec spec = net.input();
        ConvGeometry g = new ConvGeometry(inShape, out, cv.kernelH(), cv.kernelW(), cv.stride(), cv.padding());
        Op.BatchNorm bn = foldedBn.get(n.name());
        int o = cv.outChannels();
        int ci = cv.inChannels();
        int taps = cv.kernelH() * cv.kernelW();
        double[] w = new double[cv.weight().length];
        double maxAbs = 0;
        for (int oc = 0; oc < o; oc++) {
            double k = bn == null ? 1 : bn.scale(oc);
            for (int c = 0; c < ci; c++) {
                double norm = pixels ? spec.scale() / spec.std()[c] : 1;
                for (int t = 0; t < taps; t++) {
                    int i = (oc * ci + c) * taps + t;
                    w[i] = k * cv.weight()[i] * norm;
                    maxAbs = Math.max(maxAbs, Math.abs(w[i]));
                }
            }
        }
        int classes = g.classes();
        double[] biasReal = new double[o * classes];
        double maxBias = 0;
        for (int oc = 0; oc < o; oc++) {
            double k = bn == null ? 1 : bn.scale(oc);
            double c0 = (bn == null ? 0 : bn.shift(oc)) + k * (cv.bias() == null ? 0 : cv.bias()[oc]);
            for (int cls = 0; cls < classes; cls++) {
                double b0 = c0;
                if (pixels) {
                    // The normalised image is zero-padded: only in-image taps carry the −mean/std offset.
                    boolean[] valid = g.validTaps(cls);
                    for (int c = 0; c < ci; c++) {
                        for (int t = 0; t < taps; t++) {
                            if (valid[t]) {
                                b0 -= k * cv.weight()[(oc * ci + c) * taps + t] * spec.mean()[c] / spec.std()[c];
                            }
                        }
                    }
                }
                biasReal[oc * classes + cls] = b0;
                maxBias = Math.max(maxBias, Math.abs(b0));
            }
        }
        int inFrac = pixels ? 0 : f;
        int shift = Math.min(Fixed.shiftFor(maxAbs, q.multiplierWidth(), MAX_SHIFT + f - inFrac) + inFrac,
                Fixed.shiftFor(maxBias, ACC_WIDTH - 1, MAX_SHIFT + f)) - f;
        if (shift < 0) {
            throw new IllegalArgumentException("weights up to " + maxAbs + " too large for " + q.multiplierWidth()
                    + "-bit multipliers");
        }
        int e = shift + f - inFrac;
        int[] wq = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            wq[i] = (int) Fixed.quantise(w[i], e, q.multiplierWidth(), "weight " + i);
        }
        long[] bias = new long[o * classes];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = Fixed.quantise(biasReal[i], f + shift, ACC_WIDTH, "bias of channel " + i / classes);
        }
        return new RealConvLayer(n.name(), src, g, pixels, wq, bias, shift, q);
    }

    private IntLayer affine(Node n, Op.BatchNorm bn, Shape shape) {
        int c = bn.channels();
        double maxAbs = 0;
        for (int i = 0; i < c; i++) {
            maxAbs = Math.max(maxAbs, Math.abs(bn.scale(i)));
        }
        double maxAdd = 0;
        for (int i = 0; i < c; i++) {
            maxAdd = Math.max(maxAdd, Math.abs(bn.shift(i)));
        }
        int shift = Math.max(0, Math.min(Fixed.shiftFor(maxAbs, q.multiplierWidth(), MAX_SHIFT),
                Fixed.shiftFor(maxAdd, ACC_WIDTH, MAX_SHIFT + f) - f));
        int[] mul = new int[c];
        long[] add = new long[c];
        for (int i = 0; i < c; i++) {
            mul[i] = (int) Fixed.quantise(bn.scale(i), shift, q.multiplierWidth(), "batch norm scale of channel " + i);
            add[i] = Fixed.quantise(bn.shift(i), f + shift, ACC_WIDTH, "batch norm shift of channel " + i);
        }
        return new AffineLayer(n.name(), in(n, 0), shape, mul, add, shift, q);
    }

    private IntLayer piecewise(Node n, Nonlinearity fn, Shape shape) {
        int c = shape.channels();
        double[] pos = new double[c];
        double[] neg = new double[c];
        int lo = q.streamMin();
        int hi = q.streamMax();
        for (int i = 0; i < c; i++) {
            switch (fn) {
                case Nonlinearity.Maxout m -> {
                    pos[i] = m.pos()[i];
                    neg[i] = m.neg()[i];
                }
                case Nonlinearity.PRelu p -> {
                    pos[i] = 1;
                    neg[i] = p.slope()[p.slope().length == 1 ? 0 : i];
                }
                case Nonlinearity.Relu r -> pos[i] = 1;
                case Nonlinearity.Hardtanh h -> {
                    pos[i] = 1;
                    neg[i] = 1;
                    lo = (int) Fixed.saturate(Math.round(Math.scalb(h.min(), f)), q.streamWidth());
                    hi = (int) Fixed.saturate(Math.round(Math.scalb(h.max(), f)), q.streamWidth());
                }
            }
        }
        double maxAbs = 0;
        for (int i = 0; i < c; i++) {
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(pos[i]), Math.abs(neg[i])));
        }
        int shift = Math.max(0, Fixed.shiftFor(maxAbs, q.multiplierWidth(), MAX_SHIFT));
        int[] pq = new int[c];
        int[] nq = new int[c];
        for (int i = 0; i < c; i++) {
            pq[i] = (int) Fixed.quantise(pos[i], shift, q.multiplierWidth(), fn.kind() + " positive slope of channel " + i);
            nq[i] = (int) Fixed.quantise(neg[i], shift, q.multiplierWidth(), fn.kind() + " negative slope of channel " + i);
        }
        return new PiecewiseLayer(n.name(), in(n, 0), shape, pq, nq, shift, lo, hi);
    }

    private IntLayer head(Node n, Op.Linear l) {
        // Walk back over what planFusion folded into the classifier.
        String src = n.inputs().get(0);
        Op.BatchNorm bn = foldedBn.get(n.name());
        if (bn != null) {
            src = net.node(src).inputs().get(0);
        }
        boolean pool = fused.contains(src) && alias.get(src).equals(n.name());
        if (pool) {
            src = net.node(src).inputs().get(0);
        }
        Shape in = net.shape(src);
        String source = alias.getOrDefault(src, src);
        if (source.equals(Network.INPUT)) {
            throw new IllegalArgumentException("a classifier directly on the uint8 image is not supported");
        }
        int features = pool ? in.channels() : in.size();
        int perChannel = pool ? 1 : in.plane();
        double div = pool ? in.plane() : 1;
        double[] w = new double[l.outFeatures() * features];
        double[] b = new double[l.outFeatures()];
        double maxAbs = 0;
        for (int j = 0; j < l.outFeatures(); j++) {
            b[j] = l.bias() == null ? 0 : l.bias()[j];
            for (int i = 0; i < features; i++) {
                int ch = i / perChannel;
                double wji = l.weight()[j * features + i];
                double k = bn == null ? 1 : bn.scale(ch);
                w[j * features + i] = wji * k / div;
                b[j] += bn == null ? 0 : wji * bn.shift(ch);
                maxAbs = Math.max(maxAbs, Math.abs(w[j * features + i]));
            }
        }
        double maxBias = 0;
        for (double v : b) {
            maxBias = Math.max(maxBias, Math.abs(v));
        }
        int shift = Math.max(0, Math.min(Fixed.shiftFor(maxAbs, q.multiplierWidth(), MAX_SHIFT),
                Fixed.shiftFor(maxBias, ACC_WIDTH, MAX_SHIFT + f) - f));
        int[] wq = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            wq[i] = (int) Fixed.quantise(w[i], shift, q.multiplierWidth(), "classifier weight " + i);
        }
        long[] bq = new long[b.length];
        for (int j = 0; j < b.length; j++) {
            bq[j] = Fixed.quantise(b[j], f + shift, ACC_WIDTH, "classifier bias " + j);
        }
        return new HeadLayer(n.name(), source, in, pool, l.outFeatures(), wq, bq, shift, q);
    }
}
