package org.adabinhw.golden.integer;

import static org.adabinhw.golden.engine.TestNetworks.identityConv;
import static org.adabinhw.golden.engine.TestNetworks.network;
import static org.adabinhw.golden.engine.TestNetworks.plainInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.engine.TestNetworks;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.junit.jupiter.api.Test;

class IntegerCompilerTest {
    private static final QuantConfig Q = QuantConfig.DEFAULT;
    private static final int ONE = 1 << 20; // 1.0 in the default stream format

    /** Batch norm with scale {@code gamma} and shift {@code beta} exactly: mean 0, var + eps = 1. */
    private static Op.BatchNorm exactBn(double[] gamma, double[] beta) {
        double[] var = new double[gamma.length];
        Arrays.fill(var, 0.75);
        return new Op.BatchNorm(gamma, beta, new double[gamma.length], var, 0.25);
    }

    /** Identity stem on 2 × 1 × 1 pixels into a 1×1 AdaBin conv: alpha_a 0.5, beta_a 0.25, weights {1, 3}. */
    private static List<Node> adabinOneByOne() {
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 2, 1, 1, 1, 0, new double[] {1, 3},
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(0.5, 0.25));
        return List.of(Node.of("stem", identityConv(2), Network.INPUT), Node.of("conv", conv, "stem"));
    }

    private static int[] run(IntegerNetwork in, int... pixels) {
        return new IntegerEngine(in).logits(pixels);
    }

    @Test
    void binaryConvConstantsByHand() {
        // beta_w = 2, alpha_w = 1, binarised weights {1, 3}; sum of weight signs over the window 0; Nv = 2.
        // mx = 2·alpha_a·alpha_w = 1, ma = 2·alpha_a·beta_w = 2,
        // bias = alpha_a·(−alpha_w·Nv − beta_w·Nv + beta_a·alpha_w·Σs_w + beta_a·beta_w·Nv)
        //      = 0.5·(−2 − 4 + 0 + 1) = −2.5.
        // Shift: the largest constant 2 fits 27 bits at 2^24, the bias 48 bits at 2^44: e = 24, shift = e − F = 4.
        Network net = network(plainInput(new Shape(2, 1, 1), 0), adabinOneByOne().toArray(Node[]::new));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        BinaryConvLayer conv = (BinaryConvLayer) in.layer("conv");
        assertEquals(4, conv.shift());
        assertArrayEquals(new int[] {1 << 24}, conv.mx());
        assertArrayEquals(new int[] {1 << 25}, conv.ma());
        assertArrayEquals(new long[] {-5L << 23}, conv.bias());
        assertArrayEquals(new int[] {ONE / 4, ONE / 4}, conv.threshold());
        assertArrayEquals(new long[] {0b10}, conv.weightBits());
        // y = Px + 2·Pa − 2.5; levels 0.5·(±1 + 0.25) = 0.625 / −0.375:
        // (0,0): Px 1, Pa 0 → −1.5 = −0.375 − 1.125; (1,1): Px 1, Pa 2 → 2.5 = 0.625 + 1.875;
        // (0,1): Px 2, Pa 1 → 1.5 = −0.375 + 1.875; (1,0): Px 0, Pa 1 → −0.5 = 0.625 − 1.125.
        int[][] pixels = {{0, 0}, {1, 1}, {0, 1}, {1, 0}};
        double[] expected = {-1.5, 2.5, 1.5, -0.5};
        FloatEngine fe = new FloatEngine(net);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(new int[] {(int) (expected[i] * ONE)}, run(in, pixels[i]));
            assertArrayEquals(new double[] {expected[i]}, fe.logits(pixels[i]));
        }
    }

    @Test
    void batchNormFoldsIntoTheBinaryConv() {
        // BN scale 2, shift 1: mx 2, ma 4, bias 2·(−2.5) + 1 = −4; largest constant 4 → e = 23, shift 3.
        List<Node> nodes = new ArrayList<>(adabinOneByOne());
        nodes.add(Node.of("bn", exactBn(new double[] {2}, new double[] {1}), "conv"));
        Network net = network(plainInput(new Shape(2, 1, 1), 0), nodes.toArray(Node[]::new));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        assertEquals(List.of("stem", "conv"), in.layers().stream().map(IntLayer::name).toList());
        assertEquals(Map.of("bn", "conv"), in.aliases());
        BinaryConvLayer conv = (BinaryConvLayer) in.layer("conv");
        assertEquals(3, conv.shift());
        assertArrayEquals(new int[] {1 << 24}, conv.mx());
        assertArrayEquals(new int[] {1 << 25}, conv.ma());
        assertArrayEquals(new long[] {-4L << 23}, conv.bias());
        assertArrayEquals(new int[] {-2 * ONE}, run(in, 0, 0)); // 2·(−1.5) + 1
        assertArrayEquals(new int[] {6 * ONE}, run(in, 1, 1));  // 2·2.5 + 1
    }

    @Test
    void weightOnItsCentreBinarisesToPlusOne() {
        // Weights {1, 2, 3}: centre 2, alpha_w = sqrt(2/3). The float sign of the middle weight is 0 (level
        // beta_w = 2); the integer sign rule makes it +1 (level 2 + alpha_w), in the bits and in the bias.
        // alpha_a = 1, beta_a = 0, x = p − 1: all +1 gives float 1 + 2 + 3 = 6 and integer 6 + alpha_w;
        // all −1 gives −6 and −6 − alpha_w.
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 3, 1, 1, 1, 0, new double[] {1, 2, 3},
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(1, 0));
        Network net = network(plainInput(new Shape(3, 1, 1), 1),
                Node.of("stem", identityConv(3), Network.INPUT), Node.of("conv", conv, "stem"));
        assertEquals(1, conv.binarizedWeights().zeroSigns());
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        assertArrayEquals(new long[] {0b110}, ((BinaryConvLayer) in.layer("conv")).weightBits());
        double alphaW = Math.sqrt(2.0 / 3);
        FloatEngine fe = new FloatEngine(net);
        assertArrayEquals(new double[] {6}, fe.logits(new int[] {2, 2, 2}), 1e-12);
        assertArrayEquals(new double[] {-6}, fe.logits(new int[] {0, 0, 0}), 1e-12);
        assertEquals(6 + alphaW, in.toReal(run(in, 2, 2, 2)[0]), 1e-6);
        assertEquals(-6 - alphaW, in.toReal(run(in, 0, 0, 0)[0]), 1e-6);
    }

    @Test
    void thresholdsAreCeilingsClampedToTheStream() {
        // Per-channel thresholds 0.3, −0.3, 0.25, 1000, −1000: ceil(t·2^20) = 314573 (314572.8), −314572,
        // 262144 exactly; beyond the ±128 stream range: 2^27 (never reached), −2^27 (always passed).
        double[] t = {0.3, -0.3, 0.25, 1000, -1000};
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 5, 1, 1, 1, 0, new double[] {1, -1, 1, -1, 1},
                new WeightBinarizer.Sign(false), new ActivationBinarizer.ChannelThreshold(t));
        Network net = network(plainInput(new Shape(5, 1, 1), 0),
                Node.of("stem", identityConv(5), Network.INPUT), Node.of("conv", conv, "stem"));
        BinaryConvLayer layer = (BinaryConvLayer) IntegerCompiler.compile(net, Q).layer("conv");
        assertArrayEquals(new int[] {314573, -314572, 262144, 1 << 27, -(1 << 27)}, layer.threshold());
        assertArrayEquals(new long[] {0b10010}, layer.activationBits(new int[] {314572, -314572, 262143,
                Q.streamMax(), Q.streamMin()}));
        assertArrayEquals(new long[] {0b10111}, layer.activationBits(new int[] {314573, -314572, 262144,
                Q.streamMax(), Q.streamMin()}));
    }

    @Test
    void stemFoldsTheNormalisationWithAPerBorderClassBias() {
        // Normalised x = (p − 0.5) / 2; 3×3 stem of ones, pad 1, on 3×3: y = Σ_valid (p − 0.5)/2.
        // Weight 1/2 on the pixel; bias −0.25 per valid tap: corners (4 taps) −1, edges (6) −1.5, interior −2.25.
        // Largest weight 0.5 fits 24 bits at 2^23: e = 23, shift 3.
        Network net = network(new InputSpec(new Shape(1, 3, 3), 1, new double[] {0.5},
                        new double[] {2}),
                Node.of("stem", new Op.Conv2d(1, 1, 3, 3, 1, 1, new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, null),
                        Network.INPUT));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        RealConvLayer stem = (RealConvLayer) in.layer("stem");
        assertTrue(stem.pixelInput());
        assertEquals(3, stem.shift());
        for (int w : stem.weights()) {
            assertEquals(1 << 22, w);
        }
        long c = -(1L << 23);
        long e = -(3L << 22);
        long i = -(9L << 21);
        assertArrayEquals(new long[] {c, e, c, e, i, e, c, e, c}, stem.bias());
        int[] pixels = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        double[] expected = new FloatEngine(net).logits(pixels);
        // (0,0): (0 + 1 + 3 + 4)/2 − 1 = 3; (1,1): 36/2 − 2.25 = 15.75; (2,2): (4 + 5 + 7 + 8)/2 − 1 = 11.
        assertEquals(3.0, expected[0]);
        assertEquals(15.75, expected[4]);
        assertEquals(11.0, expected[8]);
        int[] actual = run(in, pixels);
        for (int k = 0; k < 9; k++) {
            assertEquals(expected[k] * ONE, actual[k], "output " + k);
        }
    }

    @Test
    void maxoutWithNegativeSlopes() {
        // x = p − 2 for p = 0..4. Maxout pos −0.5, neg −2 (both negative: not monotone).
        // Slopes at 2^21 (largest 2 fits 24 bits): pos −2^20, neg −2^22.
        Network net = network(plainInput(new Shape(1, 1, 5), 2),
                Node.of("stem", identityConv(1), Network.INPUT),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Maxout(new double[] {-0.5}, new double[] {-2}), 1),
                        "stem"));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        PiecewiseLayer act = (PiecewiseLayer) in.layer("act");
        assertEquals(21, act.shift());
        assertArrayEquals(new int[] {-(1 << 20)}, act.pos());
        assertArrayEquals(new int[] {-(1 << 22)}, act.neg());
        assertEquals(Q.streamMin(), act.lo());
        assertEquals(Q.streamMax(), act.hi());
        int[] pixels = {0, 1, 2, 3, 4};
        assertArrayEquals(new double[] {4, 2, 0, -0.5, -1}, new FloatEngine(net).logits(pixels));
        assertArrayEquals(new int[] {4 * ONE, 2 * ONE, 0, -ONE / 2, -ONE}, run(in, pixels));
    }

    @Test
    void maxoutSaturatesWhereTheFloatModelDoesNot() {
        // x = p − 128 ∈ [−128, 127]; neg slope −2 maps x = −128 to 256, beyond the stream's ±128.
        Network net = network(plainInput(new Shape(1, 1, 2), 128),
                Node.of("stem", identityConv(1), Network.INPUT),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Maxout(new double[] {1}, new double[] {-2}), 1),
                        "stem"));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        IntLayer.Stats stats = new IntLayer.Stats();
        int[] y = new IntegerEngine(in).run(new int[] {0, 100}, false, stats).get("act");
        assertArrayEquals(new int[] {Q.streamMax(), 56 * ONE}, y);
        assertArrayEquals(new long[] {1, 2}, stats.of("act"));
        assertArrayEquals(new double[] {256, 56}, new FloatEngine(net).logits(new int[] {0, 100}));
    }

    @Test
    void hardtanhBoundsAreRoundedStreamValues() {
        Network net = network(plainInput(new Shape(1, 1, 5), 2),
                Node.of("stem", identityConv(1), Network.INPUT),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Hardtanh(-0.3, 0.7), 1), "stem"));
        PiecewiseLayer act = (PiecewiseLayer) IntegerCompiler.compile(net, Q).layer("act");
        assertEquals(-314573, act.lo()); // round(−314572.8)
        assertEquals(734003, act.hi());  // round(734003.2)
        assertArrayEquals(act.pos(), act.neg());
        assertEquals(1L << act.shift(), act.pos()[0]);
    }

    @Test
    void batchNormWithoutAConvBecomesAnAffineLayer() {
        // BN after a Maxout cannot fold: scale 2 (24-bit multiplier at 2^21), shift 1 (added at 2^(F + 21)).
        Network net = network(plainInput(new Shape(1, 1, 3), 1),
                Node.of("stem", identityConv(1), Network.INPUT),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Relu(), 1), "stem"),
                Node.of("bn", exactBn(new double[] {2}, new double[] {1}), "act"));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        AffineLayer bn = (AffineLayer) in.layer("bn");
        assertEquals(21, bn.shift());
        assertArrayEquals(new int[] {1 << 22}, bn.mul());
        assertArrayEquals(new long[] {1L << 41}, bn.add());
        assertArrayEquals(new int[] {ONE, ONE, 3 * ONE}, run(in, 0, 1, 2)); // relu(p − 1)·2 + 1
    }

    @Test
    void classifierAbsorbsPoolAndBatchNorm1d() {
        // 2 × 2 × 2 identity stem → global pool → BN1d (scale {2, 1}, shift {1, 0}) → Linear {1, −1} + 0.5.
        // Folded: weights {1·2/4, −1·1/4} = {0.5, −0.25} on the channel sums, bias 0.5 + 1·1 − 1·0 = 1.5;
        // weights at 2^23 (0.5 fits 24 bits): {2^22, −2^21}, bias 1.5·2^43.
        Network net = network(plainInput(new Shape(2, 2, 2), 0),
                Node.of("stem", identityConv(2), Network.INPUT),
                Node.of("pool", new Op.GlobalAvgPool(), "stem"),
                Node.of("bn", exactBn(new double[] {2, 1}, new double[] {1, 0}), "pool"),
                Node.of("fc", new Op.Linear(1, 2, new double[] {1, -1}, new double[] {0.5}), "bn"));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        assertEquals(List.of("stem", "fc"), in.layers().stream().map(IntLayer::name).toList());
        assertEquals(Map.of("pool", "fc", "bn", "fc"), in.aliases());
        HeadLayer head = (HeadLayer) in.layer("fc");
        assertTrue(head.pool());
        assertEquals("stem", head.input());
        assertEquals(23, head.shift());
        assertArrayEquals(new int[] {1 << 22, -(1 << 21)}, head.weights());
        assertArrayEquals(new long[] {3L << 42}, head.bias());
        // Channel means 2.5 and 4: BN → 6 and 4; logit 6 − 4 + 0.5 = 2.5.
        int[] pixels = {1, 2, 3, 4, 4, 4, 4, 4};
        assertArrayEquals(new double[] {2.5}, new FloatEngine(net).logits(pixels));
        assertArrayEquals(new int[] {5 * ONE / 2}, run(in, pixels));
        assertEquals(2.5, in.toReal(run(in, pixels)[0]));
    }

    @Test
    void imagenetDownsamplePathMatchesTheFloatEngineExactly() {
        // Identity stem on 2×7×7 pixels → AvgPool2d(2, 2, ceil_mode, count_include_pad=False) (divisors 4, 2, 1:
        // exact) → real 1×1 conv on the stream (weights in quarters) + BN (scale {2, 1}, shift {1, 0}), and a
        // MaxPool2d(3, 2, 1) branch. Every value is a multiple of 2^−4, so both models agree exactly.
        Network net = network(plainInput(new Shape(2, 7, 7), 32),
                Node.of("stem", identityConv(2), Network.INPUT),
                Node.of("avg", new Op.AvgPool2d(2, 2, 0, true, false), "stem"),
                Node.of("down", new Op.Conv2d(2, 2, 1, 1, 1, 0, new double[] {0.5, -0.25, 1, 2}, null), "avg"),
                Node.of("bn", exactBn(new double[] {2, 1}, new double[] {1, 0}), "down"),
                Node.of("max", new Op.MaxPool2d(3, 2, 1, false), "bn"));
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        RealConvLayer down = (RealConvLayer) in.layer("down");
        assertFalse(down.pixelInput());
        // Folded weights {1, −0.5, 1, 2}: the largest, 2, fits 24 bits at 2^21.
        assertEquals(21, down.shift());
        assertArrayEquals(new int[] {1 << 21, -(1 << 20), 1 << 21, 1 << 22}, down.weights());
        assertInstanceOf(AvgPoolLayer.class, in.layer("avg"));
        assertInstanceOf(MaxPoolLayer.class, in.layer("max"));
        Random r = new Random(3);
        int[] pixels = new int[net.input().shape().size()];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = r.nextInt(64); // x = p − 32 keeps every value inside the ±128 stream
        }
        Map<String, double[]> fv = new FloatEngine(net).run(pixels, true);
        Map<String, int[]> iv = new IntegerEngine(in).run(pixels, true, null);
        for (String[] pair : new String[][] {{"avg", "avg"}, {"bn", "down"}, {"max", "max"}}) {
            double[] f = fv.get(pair[0]);
            int[] v = iv.get(pair[1]);
            assertEquals(f.length, v.length);
            for (int k = 0; k < f.length; k++) {
                assertEquals(f[k], in.toReal(v[k]), pair[0] + "[" + k + "]");
            }
        }
    }

    @Test
    void rejectsUnsupportedNetworksNamingTheLayer() {
        Network noStem = network(plainInput(new Shape(1, 1, 2), 0),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Relu(), 1), Network.INPUT));
        var e = assertThrows(IllegalArgumentException.class, () -> IntegerCompiler.compile(noStem, Q));
        assertTrue(e.getMessage().startsWith("integer model, layer act: "), e.getMessage());
        assertTrue(e.getMessage().contains("the first layer must be a real convolution"), e.getMessage());

        Network linearInside = network(plainInput(new Shape(2, 1, 1), 0),
                Node.of("stem", identityConv(2), Network.INPUT),
                Node.of("fc", new Op.Linear(2, 2, new double[] {1, 0, 0, 1}, null), "stem"),
                Node.of("act", new Op.Nonlinear(new Nonlinearity.Relu(), 2), "fc"));
        e = assertThrows(IllegalArgumentException.class, () -> IntegerCompiler.compile(linearInside, Q));
        assertEquals("integer model, layer fc: a linear layer must be the last layer (the classifier)", e.getMessage());

        Op.BinaryConv2d se = new Op.BinaryConv2d(1, 2, 1, 1, 1, 0, new double[] {1, -1}, new WeightBinarizer.Sign(false),
                new ActivationBinarizer.SqueezeExcite(1, new double[] {1, 1}, new double[] {1, 1}));
        Network dynamic = network(plainInput(new Shape(2, 1, 1), 0),
                Node.of("stem", identityConv(2), Network.INPUT), Node.of("conv", se, "stem"));
        // SD-BNN's dynamic threshold compiles: per image, from the input's channel means (SeThreshold).
        BinaryConvLayer b = (BinaryConvLayer) IntegerCompiler.compile(dynamic, Q).layer("conv");
        assertTrue(b.se() != null);
        // The input's mean (x, x) with x = 1 gives sigma(2x) = 0.88: thresholds -0.88 in stream units.
        int one = 1 << Q.fracBits();
        int[] t = b.se().thresholds(new int[] {one, one});
        assertEquals(-Math.round(one / (1 + Math.exp(-2))), t[0], 1);
    }

    @Test
    void compiledLayersHaveTheExpectedKinds() {
        Network net = TestNetworks.randomAdabinResNet(1, 4, 6, 3);
        IntegerNetwork in = IntegerCompiler.compile(net, Q);
        assertEquals(List.of("conv1", "nonlinear1", "layer1.0.conv1", "layer1.0.shortcut", "layer1.0.add1",
                "layer1.0.nonlinear1", "layer1.0.conv2", "layer1.0.add2", "layer1.0.nonlinear2", "fc"),
                in.layers().stream().map(IntLayer::name).toList());
        assertInstanceOf(RealConvLayer.class, in.layer("conv1"));
        assertInstanceOf(ShortcutLayer.class, in.layer("layer1.0.shortcut"));
        assertInstanceOf(AddLayer.class, in.layer("layer1.0.add1"));
        assertInstanceOf(HeadLayer.class, in.layer("fc"));
        assertEquals(2, in.binaryConvs().size());
        // The residual adds read the conv layers that absorbed their batch norms.
        assertEquals(List.of("layer1.0.conv1", "layer1.0.shortcut"), in.layer("layer1.0.add1").inputs());
        assertEquals(List.of("layer1.0.conv2", "layer1.0.nonlinear1"), in.layer("layer1.0.add2").inputs());
    }
}
