package org.adabinhw.testbench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;

/**
 * Golden layers and input tensors for the co-simulations of the element-wise blocks ({@code piecewise_unit},
 * {@code affine_unit}, {@code stream_add}). Most layers are compiled by {@link IntegerCompiler} from a float
 * network with seeded random parameters (an identity 1×1 stem, then the layer), exactly as a real network's
 * layer would be; the {@code RAW} kinds are built with the records' constructors from full-range random
 * constants (extreme multipliers and addends, shifts from 0 to 47) that no compiled layer reaches.
 */
final class ElementwiseLayers {
    /** The layers a {@code piecewise_unit} runs. */
    enum Piecewise { MAXOUT, PRELU, RELU, HARDTANH, RAW }

    /** The layers an {@code affine_unit} runs. */
    enum Affine { BATCH_NORM, WIDE_BATCH_NORM, RAW }

    private ElementwiseLayers() {
    }

    /**
     * The formats of a stream width and multiplier width (8..32): 20 fractional bits, or W − 4 on a narrow
     * stream.
     */
    static QuantConfig formats(int streamWidth, int multWidth) {
        return new QuantConfig(streamWidth, Math.min(20, streamWidth - 4), 27, multWidth, 32);
    }

    /** A piecewise layer of {@code kind} on a C × 1 × P tensor. */
    static PiecewiseLayer piecewise(Piecewise kind, Shape shape, QuantConfig q, SplittableRandom r) {
        int c = shape.channels();
        Nonlinearity fn = switch (kind) {
            case MAXOUT -> {
                double[] pos = new double[c];
                double[] neg = new double[c];
                for (int i = 0; i < c; i++) {
                    // Slopes of either sign up to 3 (not monotone, saturating); channel 0 is a plain ReLU.
                    pos[i] = i == 0 ? 1 : r.nextDouble(-3, 3);
                    neg[i] = i == 0 ? 0 : r.nextDouble(-3, 3);
                }
                yield new Nonlinearity.Maxout(pos, neg);
            }
            case PRELU -> {
                double[] slope = new double[c];
                for (int i = 0; i < c; i++) {
                    slope[i] = r.nextDouble(-0.75, 0.75);
                }
                yield new Nonlinearity.PRelu(slope);
            }
            case RELU -> new Nonlinearity.Relu();
            case HARDTANH -> new Nonlinearity.Hardtanh(-r.nextDouble(0.25, 2.5), r.nextDouble(0.25, 3));
            case RAW -> null;
        };
        if (fn == null) {
            return rawPiecewise(shape, q, r);
        }
        return (PiecewiseLayer) compile(shape, new Op.Nonlinear(fn, c), q);
    }

    private static PiecewiseLayer rawPiecewise(Shape shape, QuantConfig q, SplittableRandom r) {
        int c = shape.channels();
        int multWidth = q.multiplierWidth();
        int min = -(1 << (multWidth - 1));
        int max = (int) ((1L << (multWidth - 1)) - 1);
        int[] pos = new int[c];
        int[] neg = new int[c];
        for (int i = 0; i < c; i++) {
            pos[i] = switch (i % 4) {
                case 0 -> max;
                case 1 -> min;
                default -> r.nextInt(min, max) + 1;
            };
            neg[i] = switch (i % 3) {
                case 0 -> min;
                case 1 -> r.nextInt(-7, 8);
                default -> r.nextInt(min, max) + 1;
            };
        }
        int[] shifts = {0, 1, 3, multWidth - 1, Math.min(47, multWidth + q.streamWidth() - 2), 47};
        int shift = shifts[r.nextInt(shifts.length)];
        int lo = r.nextInt(q.streamMin(), 1);
        int hi = r.nextInt(0, q.streamMax() + 1);
        return new PiecewiseLayer("raw_piecewise", "x", shape, pos, neg, shift, lo, hi);
    }

    /** An affine layer of {@code kind} on a C × 1 × P tensor. */
    static AffineLayer affine(Affine kind, Shape shape, QuantConfig q, SplittableRandom r) {
        int c = shape.channels();
        if (kind == Affine.RAW) {
            int mw = q.multiplierWidth();
            int min = -(1 << (mw - 1));
            int max = (int) ((1L << (mw - 1)) - 1);
            long amax = (1L << 47) - 1;
            int[] mul = new int[c];
            long[] add = new long[c];
            for (int i = 0; i < c; i++) {
                mul[i] = switch (i % 4) {
                    case 0 -> max;
                    case 1 -> min;
                    case 2 -> r.nextInt(-3, 4);
                    default -> r.nextInt(min, max) + 1;
                };
                add[i] = switch (i % 5) {
                    case 0 -> amax;
                    case 1 -> -amax - 1;
                    case 2 -> r.nextLong(-64, 65);
                    default -> r.nextLong(-amax - 1, amax) + 1;
                };
            }
            int[] shifts = {0, 1, 2, mw, 40, 47};
            return new AffineLayer("raw_affine", "x", shape, mul, add, shifts[r.nextInt(shifts.length)], q);
        }
        // A batch norm after a ReLU, so that no convolution absorbs it.
        double spread = kind == Affine.WIDE_BATCH_NORM ? 6 : 1.5;
        double range = Math.scalb(1.0, q.streamWidth() - 1 - q.fracBits());
        double[] gamma = new double[c];
        double[] beta = new double[c];
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int i = 0; i < c; i++) {
            gamma[i] = r.nextDouble(-spread, spread);
            beta[i] = r.nextDouble(-0.5, 0.5) * range * (kind == Affine.WIDE_BATCH_NORM ? 1.5 : 0.25);
            mean[i] = r.nextDouble(-0.25, 0.25) * range;
            var[i] = r.nextDouble(0.05, 2);
        }
        return (AffineLayer) compile(shape, new Op.BatchNorm(gamma, beta, mean, var, 1e-5), q, true);
    }

    private static IntLayer compile(Shape shape, Op op, QuantConfig q) {
        return compile(shape, op, q, false);
    }

    /** Compiles input → identity 1×1 stem (→ ReLU) → {@code op} and returns the layer of {@code op}. */
    private static IntLayer compile(Shape shape, Op op, QuantConfig q, boolean reluFirst) {
        int c = shape.channels();
        double[] w = new double[c * c];
        double[] mean = new double[c];
        double[] std = new double[c];
        for (int i = 0; i < c; i++) {
            w[i * c + i] = 1;
            std[i] = 1;
        }
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("stem", new Op.Conv2d(c, c, 1, 1, 1, 0, w, null), Network.INPUT));
        String last = "stem";
        if (reluFirst) {
            nodes.add(Node.of("relu", new Op.Nonlinear(new Nonlinearity.Relu(), c), "stem"));
            last = "relu";
        }
        nodes.add(Node.of("layer", op, last));
        // Pixel scale 2^−F: the stem's weights are then 1 at any multiplier width.
        Network net = new Network("elementwise", new InputSpec(shape, Math.scalb(1.0, -q.fracBits()), mean, std), nodes);
        return IntegerCompiler.compile(net, q).layer("layer");
    }

    /**
     * A C × 1 × P tensor of stream values: zeros, ±1, both ends of the range, the {@code special} values and
     * their neighbours, and uniform values.
     */
    static int[] tensor(Shape shape, QuantConfig q, SplittableRandom r, int... special) {
        int[] x = new int[shape.size()];
        for (int i = 0; i < x.length; i++) {
            int k = r.nextInt(20);
            long v;
            if (k < 2) {
                v = 0;
            } else if (k < 4) {
                v = r.nextBoolean() ? 1 : -1;
            } else if (k == 4) {
                v = q.streamMin();
            } else if (k == 5) {
                v = q.streamMax();
            } else if (k < 8 && special.length > 0) {
                v = special[r.nextInt(special.length)] + r.nextInt(-1, 2);
            } else if (k < 10) {
                v = r.nextInt(-64, 65);
            } else {
                v = r.nextInt(q.streamMin(), q.streamMax() + 1);
            }
            x[i] = (int) Math.max(q.streamMin(), Math.min(q.streamMax(), v));
        }
        return x;
    }

    /**
     * The beats of a C × 1 × P tensor: pixel-major, {@code lanes} channels per beat, channel f·lanes + i in
     * lane i.
     */
    static List<BigInteger> beats(int[] tensor, Shape shape, int lanes, Function<long[], BigInteger> pack) {
        int c = shape.channels();
        int pixels = shape.plane();
        List<BigInteger> beats = new ArrayList<>();
        for (int p = 0; p < pixels; p++) {
            for (int f = 0; f < c / lanes; f++) {
                long[] v = new long[lanes];
                for (int i = 0; i < lanes; i++) {
                    v[i] = tensor[(f * lanes + i) * pixels + p];
                }
                beats.add(pack.apply(v));
            }
        }
        return beats;
    }
}
