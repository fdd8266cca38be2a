package org.adabinhw.golden.engine;

import static org.adabinhw.golden.engine.TestNetworks.identityConv;
import static org.adabinhw.golden.engine.TestNetworks.network;
import static org.adabinhw.golden.engine.TestNetworks.plainInput;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Nonlinearity;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.junit.jupiter.api.Test;

class FloatEngineTest {

    /** A 1-channel image of the given size holding {@code 0, 1, 2, …} in row-major order. */
    private static int[] ramp(int h, int w) {
        int[] p = new int[h * w];
        for (int i = 0; i < p.length; i++) {
            p[i] = i;
        }
        return p;
    }

    /** Runs {@code op} on a one-channel image whose normalised values are the pixels. */
    private static double[] runOn(Op op, int h, int w, int[] pixels) {
        Network net = network(plainInput(new Shape(1, h, w), 0),
                Node.of("stem", identityConv(1), Network.INPUT), Node.of("op", op, "stem"));
        return new FloatEngine(net).logits(pixels);
    }

    @Test
    void avgPoolCeilModeWithoutPaddingCountsOnlyInImageTaps() {
        // ImageNet downsample shortcut: AvgPool2d(2, 2, ceil_mode=True, count_include_pad=False) on 7×7 → 4×4.
        // The last row and column of windows hold 2 taps, the corner 1. Pixel (y, x) = 7y + x.
        Op.AvgPool2d pool = new Op.AvgPool2d(2, 2, 0, true, false);
        assertEquals(new Shape(1, 4, 4), pool.outputShape(List.of(new Shape(1, 7, 7))));
        double[] y = runOn(pool, 7, 7, ramp(7, 7));
        assertEquals(4.0, y[0]);              // (0 + 1 + 7 + 8) / 4
        assertEquals(6.0, y[1]);              // (2 + 3 + 9 + 10) / 4
        assertEquals(9.5, y[3]);              // column 6 of rows 0, 1: (6 + 13) / 2
        assertEquals(42.5, y[12]);            // row 6, columns 0, 1: (42 + 43) / 2
        assertEquals(48.0, y[15]);            // the corner pixel alone
        assertEquals(20.0, y[5]);             // (16 + 17 + 23 + 24) / 4
        // PyTorch's count_include_pad counts padded taps but never the overhang that ceil_mode adds:
        // without padding both rules give the same divisors.
        assertArrayEquals(y, runOn(new Op.AvgPool2d(2, 2, 0, true, true), 7, 7, ramp(7, 7)));
    }

    @Test
    void avgPoolWithPaddingAndCeilModeDividesByPyTorchCounts() {
        // 6×6 of ones, kernel 3, stride 2, padding 1, ceil_mode → 4×4. Window rows start at −1, 1, 3, 5.
        // In-image rows per window: 2, 3, 3, 1. With count_include_pad the divisor counts the padded rows but
        // not rows beyond the padding: 3, 3, 3, min(5 + 3, 6 + 1) − 5 = 2.
        int[] ones = new int[36];
        Arrays.fill(ones, 1);
        double[] exclude = runOn(new Op.AvgPool2d(3, 2, 1, true, false), 6, 6, ones);
        for (double v : exclude) {
            assertEquals(1.0, v);
        }
        double[] include = runOn(new Op.AvgPool2d(3, 2, 1, true, true), 6, 6, ones);
        assertEquals(4.0 / 9, include[0], 1e-15);      // 2×2 in-image taps / 3×3
        assertEquals(2.0 / 6, include[3], 1e-15);      // 2×1 / 3×2
        assertEquals(1.0, include[5], 1e-15);          // 3×3 / 3×3
        assertEquals(3.0 / 6, include[13], 1e-15);     // 1×3 / 2×3
        assertEquals(1.0 / 4, include[15], 1e-15);     // 1×1 / 2×2
    }

    @Test
    void poolOutputSizeDropsAWindowThatWouldStartInThePadding() {
        // 5, kernel 2, stride 2, padding 1, ceil: ceil(5/2) + 1 = 4 windows, but the 4th would start at
        // 6 − 1 = 5 ≥ 5 + 0, in the right padding only: PyTorch drops it.
        Shape in = new Shape(1, 5, 5);
        assertEquals(new Shape(1, 3, 3), new Op.AvgPool2d(2, 2, 1, true, false).outputShape(List.of(in)));
        assertEquals(new Shape(1, 3, 3), new Op.AvgPool2d(2, 2, 1, false, false).outputShape(List.of(in)));
        assertEquals(new Shape(1, 4, 4), new Op.MaxPool2d(3, 2, 1, true).outputShape(List.of(new Shape(1, 6, 6))));
        assertEquals(new Shape(1, 3, 3), new Op.MaxPool2d(3, 2, 1, false).outputShape(List.of(new Shape(1, 6, 6))));
    }

    @Test
    void maxPoolPaddingNeverWins() {
        // 4×4 holding −1 … −16, MaxPool2d(3, 2, padding 1) → 2×2. Zero padding would give 0 everywhere.
        double[] x = new double[16];
        for (int i = 0; i < 16; i++) {
            x[i] = -(i + 1);
        }
        Shape in = new Shape(1, 4, 4);
        Shape out = new Op.MaxPool2d(3, 2, 1, false).outputShape(List.of(in));
        assertEquals(new Shape(1, 2, 2), out);
        double[] y = FloatEngine.pool(x, in, out, 3, 2, 1, true, false);
        // Windows: rows/cols {0,1} and {1,2,3}; the maximum is the top-left in-image tap.
        assertArrayEquals(new double[] {-1, -2, -5, -6}, y);
    }

    @Test
    void activationExactlyAtTheThresholdHasSignZero() {
        // Two channels through an identity stem into a 1×1 AdaBin conv with alpha_a = 0.5, beta_a = 3 and
        // weights {1, 3}: beta_w = 2, alpha_w = 1, binarised weights {1, 3}. Levels: s = −1 → 1, 0 → 1.5, +1 → 2.
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 2, 1, 1, 1, 0, new double[] {1, 3},
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(0.5, 3));
        Network net = network(plainInput(new Shape(2, 1, 2), 0),
                Node.of("stem", identityConv(2), Network.INPUT), Node.of("conv", conv, "stem"));
        FloatEngine fe = new FloatEngine(net);
        int[] pixels = {2, 3, 3, 4}; // channel 0: 2, 3; channel 1: 3, 4
        assertArrayEquals(new byte[] {-1, 0, 0, 1}, fe.activationSigns(net.node("conv"), new double[] {2, 3, 3, 4}));
        // Position 0: 1·1 + 3·1.5 = 5.5; position 1: 1·1.5 + 3·2 = 7.5.
        assertArrayEquals(new double[] {5.5, 7.5}, fe.logits(pixels));
    }

    @Test
    void activationSignComparesInFloat32AsTheOfficialCode() {
        // The official tensors are float32: an input within float32 rounding of the threshold is on it.
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 1, 1, 1, 1, 0, new double[] {1},
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(1, 0.1));
        Network net = network(plainInput(new Shape(1, 1, 3), 0),
                Node.of("stem", identityConv(1), Network.INPUT), Node.of("conv", conv, "stem"));
        byte[] s = new FloatEngine(net).activationSigns(net.node("conv"), new double[] {0.1 + 1e-12, 0.1 + 1e-6, 0.1 - 1e-6});
        assertArrayEquals(new byte[] {0, 1, -1}, s);
    }

    @Test
    void maxoutBatchNormAndHardtanh() {
        // pixel − 2 for pixels 0..4 → −2, −1, 0, 1, 2.
        Network net = network(plainInput(new Shape(1, 1, 5), 2),
                Node.of("stem", identityConv(1), Network.INPUT),
                Node.of("bn", new Op.BatchNorm(new double[] {2}, new double[] {1}, new double[] {0.5},
                        new double[] {0.75}, 0.25), "stem"),                 // 2 (x − 0.5) / 1 + 1 = 2x
                Node.of("maxout", new Op.Nonlinear(new Nonlinearity.Maxout(new double[] {-0.5},
                        new double[] {-2}), 1), "bn"),                        // x>0: −0.5x; x<0: −2x; 0 → 0
                Node.of("htanh", new Op.Nonlinear(new Nonlinearity.Hardtanh(-1, 3), 1), "maxout"));
        Map<String, double[]> v = new FloatEngine(net).run(new int[] {0, 1, 2, 3, 4}, true);
        assertArrayEquals(new double[] {-4, -2, 0, 2, 4}, v.get("bn"));
        assertArrayEquals(new double[] {8, 4, 0, -1, -2}, v.get("maxout"));
        assertArrayEquals(new double[] {3, 3, 0, -1, -1}, v.get("htanh"));
    }

    @Test
    void shortcutASubsamplesAndPadsChannels() {
        // 1×3×3 ramp, stride 2, one zero channel on each side → 3×2×2.
        double[] y = runOn(new Op.ShortcutA(2, 1), 3, 3, ramp(3, 3));
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 2, 6, 8, 0, 0, 0, 0}, y);
    }

    @Test
    void binaryConvEqualsTheBruteForceFormula() {
        // Both convs of a random network, once as drawn and once with a weight moved onto its channel's
        // centre and the threshold moved onto an input value (both sign 0: the third level).
        Network net = TestNetworks.randomAdabinResNet(11, 8, 8, 10);
        int[] img = TestNetworks.randomImage(new Random(12), net.input().shape());
        for (String name : List.of("layer1.0.conv1", "layer1.0.conv2")) {
            assertBruteForce(net, name, img);

            Op.BinaryConv2d b = (Op.BinaryConv2d) net.node(name).op();
            double[] w = b.weight().clone();
            double centre = 0;
            for (int i = 0; i < b.fanIn(); i++) {
                centre += w[i];
            }
            centre /= b.fanIn(); // exact: TestNetworks makes the centre a multiple of 2^−10
            w[1] += w[0] - centre;
            w[0] = centre;
            double[] x = TestNetworks.floatValues(net, img).get(net.node(name).inputs().get(0));
            double beta = x[x.length / 2];
            var act = new ActivationBinarizer.AdaBin(((ActivationBinarizer.AdaBin) b.activations()).alpha(), beta);
            Op.BinaryConv2d tied = new Op.BinaryConv2d(b.outChannels(), b.inChannels(), b.kernelH(), b.kernelW(),
                    b.stride(), b.padding(), w, b.weights(), act);
            assertEquals(1, tied.binarizedWeights().zeroSigns());
            Network tiedNet = replace(net, name, tied);
            byte[] signs = new FloatEngine(tiedNet).activationSigns(tiedNet.node(name), x);
            assertEquals(0, signs[x.length / 2]);
            assertBruteForce(tiedNet, name, img);
        }
    }

    /** The engine's value of binary conv {@code name} equals the formula applied to the engine's input of it. */
    private static void assertBruteForce(Network net, String name, int[] img) {
        Node node = net.node(name);
        Op.BinaryConv2d b = (Op.BinaryConv2d) node.op();
        String src = node.inputs().get(0);
        Map<String, double[]> v = TestNetworks.floatValues(net, img);
        double[] expected = TestNetworks.binaryConvFormula(b, (ActivationBinarizer.AdaBin) b.activations(),
                v.get(src), net.shape(src));
        double[] actual = v.get(name);
        assertEquals(expected.length, actual.length);
        double maxErr = 0;
        for (int i = 0; i < expected.length; i++) {
            maxErr = Math.max(maxErr, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(maxErr < 1e-9, name + ": max |formula − engine| = " + maxErr);
    }

    private static Network replace(Network net, String name, Op op) {
        List<Node> nodes = net.nodes().stream()
                .map(n -> n.name().equals(name) ? new Node(n.name(), op, n.inputs()) : n).toList();
        return new Network(net.name(), net.input(), nodes);
    }
}
