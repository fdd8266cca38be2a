package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinaryConvLayerTest {

    /** Packs weight bits {@code w[o][t][c]} in the documented layout: word {@code (o·taps + t)·words + c/64}. */
    static long[] pack(boolean[][][] w) {
        int o = w.length;
        int taps = w[0].length;
        int ci = w[0][0].length;
        int words = (ci + 63) / 64;
        long[] bits = new long[o * taps * words];
        for (int oc = 0; oc < o; oc++) {
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < ci; c++) {
                    if (w[oc][t][c]) {
                        bits[(oc * taps + t) * words + c / 64] |= 1L << (c % 64);
                    }
                }
            }
        }
        return bits;
    }

    /** One output channel, one input channel: {@code w[0][t][0]} from a 0/1 array over taps. */
    private static boolean[][][] single(int... taps) {
        boolean[][][] w = new boolean[1][taps.length][1];
        for (int t = 0; t < taps.length; t++) {
            w[0][t][0] = taps[t] == 1;
        }
        return w;
    }

    /**
     * The contract by brute force, with nothing packed: bit {@code a = x >= threshold[c]}; over the in-image
     * taps of the window and all channels {@code Px = #(a == w)}, {@code Pa = #a};
     * {@code acc = mx·Px + ma·Pa + bias[o][class]}; {@code out = clamp(floor((acc + 2^(s−1)) / 2^s))}.
     */
    static int[] reference(ConvGeometry g, int[] x, int[] threshold, boolean[][][] w, int[] mx, int[] ma, long[] bias,
                           int shift, int width) {
        Shape in = g.in();
        Shape out = g.out();
        int[] y = new int[out.size()];
        for (int o = 0; o < out.channels(); o++) {
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    long px = 0;
                    long pa = 0;
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int iy = oy * g.stride() - g.padding() + ky;
                            int ix = ox * g.stride() - g.padding() + kx;
                            if (iy < 0 || iy >= in.height() || ix < 0 || ix >= in.width()) {
                                continue;
                            }
                            for (int c = 0; c < in.channels(); c++) {
                                boolean a = x[(c * in.height() + iy) * in.width() + ix] >= threshold[c];
                                px += a == w[o][ky * g.kernelW() + kx][c] ? 1 : 0;
                                pa += a ? 1 : 0;
                            }
                        }
                    }
                    long acc = mx[o] * px + ma[o] * pa + bias[o * g.classes() + g.classOf(oy, ox)];
                    long r = shift == 0 ? acc : Math.floorDiv(acc + (1L << (shift - 1)), 1L << shift);
                    long max = (1L << (width - 1)) - 1;
                    y[(o * out.height() + oy) * out.width() + ox] = (int) Math.max(-max - 1, Math.min(max, r));
                }
            }
        }
        return y;
    }

    @Test
    void nineBorderClassesByHand() {
        // 1 channel, 3×3 image, 3×3 conv, pad 1: each output position is its own border class (class = 3·oy + ox).
        // Threshold 2: x = [2 1 7 / −4 3 0 / 9 5 1] gives bits A = [1 0 1 / 0 1 0 / 1 1 0] (2 is on the
        // threshold: bit 1). Weight bits W = [1 0 1 / 1 1 0 / 0 0 1]. mx = 3, ma = −5, bias = 100·class − 7,
        // shift 1: out = floor((3·Px − 5·Pa + 100·class − 7 + 1) / 2).
        ConvGeometry g = ConvGeometryTest.geometry(1, 3, 3, 3, 1, 1);
        assertEquals(9, g.classes());
        boolean[][][] w = single(1, 0, 1, 1, 1, 0, 0, 0, 1);
        long[] bias = new long[9];
        for (int cls = 0; cls < 9; cls++) {
            bias[cls] = 100L * cls - 7;
        }
        BinaryConvLayer layer = new BinaryConvLayer("conv", "x", g, new int[] {2}, pack(w), new int[] {3},
                new int[] {-5}, bias, 1, QuantConfig.DEFAULT);
        int[] x = {2, 1, 7, -4, 3, 0, 9, 5, 1};
        int[] expected = {
                // (0,0) top-left: taps W[1..2][1..2] = 1 0 / 0 1 on A[0..1][0..1] = 1 0 / 0 1: Px 4, Pa 2;
                //       12 − 10 + 0 − 7 = −5 → −2.5 → −2 (tie toward +∞)
                -2,
                // (0,1) top: W rows 1..2 = 110 / 001 on A rows 0..1 = 101 / 010: Px 1 + 1 = 2, Pa 3;
                //       6 − 15 + 100 − 7 = 84 → 42
                42,
                // (0,2) top-right: W[1..2][0..1] = 1 1 / 0 0 on A[0..1][1..2] = 0 1 / 1 0: Px 2, Pa 2;
                //       6 − 10 + 200 − 7 = 189 → 94.5 → 95
                95,
                // (1,0) left: W[0..2][1..2] = 0 1 / 1 0 / 0 1 on A[0..2][0..1] = 1 0 / 0 1 / 1 1: Px 1, Pa 4;
                //       3 − 20 + 300 − 7 = 276 → 138
                138,
                // (1,1) interior: W = 101 / 110 / 001 on A = 101 / 010 / 110: Px 3 + 2 + 0 = 5, Pa 5;
                //       15 − 25 + 400 − 7 = 383 → 191.5 → 192
                192,
                // (1,2) right: W[0..2][0..1] = 1 0 / 1 1 / 0 0 on A[0..2][1..2] = 0 1 / 1 0 / 1 0: Px 2, Pa 3;
                //       6 − 15 + 500 − 7 = 484 → 242
                242,
                // (2,0) bottom-left: W[0..1][1..2] = 0 1 / 1 0 on A[1..2][0..1] = 0 1 / 1 1: Px 3, Pa 3;
                //       9 − 15 + 600 − 7 = 587 → 293.5 → 294
                294,
                // (2,1) bottom: W rows 0..1 = 101 / 110 on A rows 1..2 = 010 / 110: Px 0 + 3 = 3, Pa 3;
                //       9 − 15 + 700 − 7 = 687 → 343.5 → 344
                344,
                // (2,2) bottom-right: W[0..1][0..1] = 1 0 / 1 1 on A[1..2][1..2] = 1 0 / 1 0: Px 3, Pa 2;
                //       9 − 10 + 800 − 7 = 792 → 396
                396};
        IntLayer.Stats stats = new IntLayer.Stats();
        assertArrayEquals(expected, layer.apply(List.of(x), stats));
        assertArrayEquals(new long[] {0, 9}, stats.of("conv"));
        assertArrayEquals(expected, reference(g, x, new int[] {2}, w, new int[] {3}, new int[] {-5}, bias, 1, 28));
    }

    @Test
    void strideTwoByHand() {
        // 4×4 → 2×2, 3×3, pad 1, stride 2: classes top-left 0, top 1, left 2, interior 3. Threshold 0 on
        // x = 10·A − 3 with A = [1 0 0 1 / 0 1 1 0 / 1 1 0 1 / 0 0 1 1]; W = [1 0 1 / 1 1 0 / 0 0 1];
        // mx = 2, ma = 1, bias = 10·class, shift 0.
        ConvGeometry g = ConvGeometryTest.geometry(1, 4, 4, 3, 2, 1);
        int[] a = {1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1};
        int[] x = new int[16];
        for (int i = 0; i < 16; i++) {
            x[i] = 10 * a[i] - 3;
        }
        boolean[][][] w = single(1, 0, 1, 1, 1, 0, 0, 0, 1);
        BinaryConvLayer layer = new BinaryConvLayer("conv", "x", g, new int[] {0}, pack(w), new int[] {2},
                new int[] {1}, new long[] {0, 10, 20, 30}, 0, QuantConfig.DEFAULT);
        int[] expected = {
                10, // (0,0): W[1..2][1..2] = 1 0 / 0 1 on A[0..1][0..1] = 1 0 / 0 1: Px 4, Pa 2: 8 + 2 + 0
                13, // (0,1): W rows 1..2 = 110 / 001 on A[0..1][1..3] = 001 / 110: Px 0, Pa 3: 0 + 3 + 10
                31, // (1,0): W[0..2][1..2] = 01 / 10 / 01 on A[1..3][0..1] = 01 / 11 / 00: Px 4, Pa 3: 8 + 3 + 20
                44}; // (1,1): W on A[1..3][1..3] = 110 / 101 / 011: Px 4, Pa 6: 8 + 6 + 30
        assertArrayEquals(expected, layer.apply(List.of(x), null));
    }

    @Test
    void wordBoundariesByHand() {
        // 130 channels (three words), every activation bit 1; weight bits 1 except channels 63, 64 and 129.
        // Px = valid taps · 127, Pa = valid taps · 130; mx = 1, ma = 0, bias 0.
        int ci = 130;
        ConvGeometry g = ConvGeometryTest.geometry(ci, 3, 3, 3, 1, 1);
        boolean[][][] w = new boolean[1][9][ci];
        for (int t = 0; t < 9; t++) {
            for (int c = 0; c < ci; c++) {
                w[0][t][c] = c != 63 && c != 64 && c != 129;
            }
        }
        BinaryConvLayer layer = new BinaryConvLayer("conv", "x", g, new int[ci], pack(w), new int[] {1},
                new int[] {0}, new long[9], 0, QuantConfig.DEFAULT);
        assertEquals(3, BinaryConvLayer.words(ci));
        int[] y = layer.apply(List.of(new int[ci * 9]), null);
        assertArrayEquals(new int[] {4 * 127, 6 * 127, 4 * 127, 6 * 127, 9 * 127, 6 * 127, 4 * 127, 6 * 127, 4 * 127}, y);
        // The activation bits are packed the same way: channels 0..63, 64..127, 128..129.
        long[] bits = layer.activationBits(new int[ci * 9]);
        assertArrayEquals(new long[] {-1L, -1L, 3L}, Arrays.copyOf(bits, 3));
        // Ma picks up Pa: with ma = 1 the interior adds 9 · 130.
        BinaryConvLayer withPa = new BinaryConvLayer("conv", "x", g, new int[ci], pack(w), new int[] {1},
                new int[] {1}, new long[9], 0, QuantConfig.DEFAULT);
        assertEquals(9 * 127 + 9 * 130, withPa.apply(List.of(new int[ci * 9]), null)[4]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 63, 64, 65, 130})
    void randomConstantsMatchTheBruteForceContract(int ci) {
        Random r = new Random(ci);
        for (int stride : new int[] {1, 2}) {
            ConvGeometry g = ConvGeometryTest.geometry(ci, 5, 6, 3, stride, 1);
            int o = 3;
            g = new ConvGeometry(g.in(), new Shape(o, g.out().height(), g.out().width()), 3, 3, stride, 1);
            int[] x = new int[g.in().size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextInt(2001) - 1000;
            }
            int[] thr = new int[ci];
            for (int c = 0; c < ci; c++) {
                thr[c] = r.nextInt(401) - 200;
                x[c * g.in().plane()] = thr[c]; // one input per channel exactly on its threshold
            }
            boolean[][][] w = new boolean[o][9][ci];
            for (boolean[][] a : w) {
                for (boolean[] b : a) {
                    for (int c = 0; c < ci; c++) {
                        b[c] = r.nextBoolean();
                    }
                }
            }
            int[] mx = {r.nextInt(1 << 20) - (1 << 19), r.nextInt(1 << 20), -r.nextInt(1 << 20)};
            int[] ma = {r.nextInt(1 << 20) - (1 << 19), -r.nextInt(1 << 20), r.nextInt(1 << 20)};
            long[] bias = new long[o * g.classes()];
            for (int i = 0; i < bias.length; i++) {
                bias[i] = r.nextLong() >> 30;
            }
            int shift = 3 + r.nextInt(8);
            BinaryConvLayer layer = new BinaryConvLayer("conv", "x", g, thr, pack(w), mx, ma, bias, shift,
                    QuantConfig.DEFAULT);
            assertArrayEquals(reference(g, x, thr, w, mx, ma, bias, shift, 28), layer.apply(List.of(x), null),
                    ci + " channels, stride " + stride);
        }
    }

    @Test
    void saturatesAtTheStreamLimitsAndCountsIt() {
        // 8-bit stream (limits −128, 127). Every bit 1 and every weight 1: Px = Pa = valid taps (4, 6, 9).
        // Channel 0: mx = 20, edges get bias 7 → 127 exactly (not saturated), interior 180 → 127 (saturated).
        // Channel 1: mx = −20, edges get bias −8 → −128 exactly, interior −180 → −128 (saturated).
        QuantConfig q = new QuantConfig(8, 4, 8, 8, 16);
        Shape in = new Shape(1, 3, 3);
        ConvGeometry g = new ConvGeometry(in, new Shape(2, 3, 3), 3, 3, 1, 1);
        boolean[][][] w = new boolean[2][9][1];
        for (boolean[][] a : w) {
            for (boolean[] b : a) {
                b[0] = true;
            }
        }
        long[] bias = {0, 7, 0, 7, 0, 7, 0, 7, 0, 0, -8, 0, -8, 0, -8, 0, -8, 0};
        BinaryConvLayer layer = new BinaryConvLayer("conv", "x", g, new int[] {0}, pack(w), new int[] {20, -20},
                new int[] {0, 0}, bias, 0, q);
        IntLayer.Stats stats = new IntLayer.Stats();
        int[] y = layer.apply(List.of(new int[9]), stats);
        assertArrayEquals(new int[] {80, 127, 80, 127, 127, 127, 80, 127, 80,
                -80, -128, -80, -128, -128, -128, -80, -128, -80}, y);
        assertArrayEquals(new long[] {2, 18}, stats.of("conv"));
        // Saturation follows rounding: 255 / 2 = 127.5 → 128 → 127 (saturated); 253 / 2 → 127 (not).
        BinaryConvLayer shifted = new BinaryConvLayer("shifted", "x", g, new int[] {0}, pack(w), new int[] {0, 0},
                new int[] {0, 0}, new long[] {255, 253, 0, 0, 0, 0, 0, 0, 0, -257, -255, 0, 0, 0, 0, 0, 0, 0}, 1, q);
        int[] z = shifted.apply(List.of(new int[9]), stats);
        assertEquals(127, z[0]);
        assertEquals(127, z[1]);
        assertEquals(-128, z[9]);   // −128.5 → −128, not saturated
        assertEquals(-127, z[10]);  // −127.5 → −127
        assertArrayEquals(new long[] {1, 18}, stats.of("shifted"));
    }

    @Test
    void constructorRejectsInconsistentTables() {
        ConvGeometry g = ConvGeometryTest.geometry(1, 3, 3, 3, 1, 1);
        boolean[][][] w = single(1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> new BinaryConvLayer("c", "x", g, new int[2], pack(w),
                new int[1], new int[1], new long[9], 0, QuantConfig.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new BinaryConvLayer("c", "x", g, new int[1], pack(w),
                new int[1], new int[1], new long[8], 0, QuantConfig.DEFAULT));
        assertThrows(IllegalArgumentException.class, () -> new BinaryConvLayer("c", "x", g, new int[1], pack(w),
                new int[1], new int[1], new long[9], -1, QuantConfig.DEFAULT));
    }

    // ---- through the compiler ------------------------------------------------------------------------

    /**
     * stem conv 3→ci (3×3) → AdaBin binary conv ci→4 (3×3, pad 1) → BN folded into it, on 3×5×5 images;
     * the BN is calibrated so that the conv output stays well inside the stream range.
     */
    private static Network stemAndBinaryConv(Random r, int ci, int stride) {
        InputSpec input = InputSpec.imagenetNormalised(new Shape(3, 5, 5));
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("stem", new Op.Conv2d(ci, 3, 3, 3, 1, 1, TestNetworks.normal(r, ci * 27, 0.3),
                TestNetworks.normal(r, ci, 0.2)), Network.INPUT));
        nodes.add(Node.of("conv", TestNetworks.adabinConv(r, 4, ci, 3, stride, 1), "stem"));
        List<int[]> calibration = List.of(TestNetworks.randomImage(r, input.shape()),
                TestNetworks.randomImage(r, input.shape()));
        nodes.add(Node.of("bn", TestNetworks.calibratedBatchNorm(r, input, nodes, calibration), "conv"));
        return new Network("stem-binary", input, nodes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 63, 64, 65, 130})
    void compiledLayerMatchesTheFloatFormulaOnItsOwnBits(int ci) {
        Random r = new Random(100 + ci);
        for (int stride : new int[] {1, 2}) {
            Network net = stemAndBinaryConv(r, ci, stride);
            Op.BinaryConv2d b = (Op.BinaryConv2d) net.node("conv").op();
            var act = (ActivationBinarizer.AdaBin) b.activations();
            Op.BatchNorm bn = (Op.BatchNorm) net.node("bn").op();
            IntegerNetwork in = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
            BinaryConvLayer layer = (BinaryConvLayer) in.layer("conv");
            assertEquals("conv", in.aliases().get("bn"));
            assertPackedWeights(b, layer);
            int f = QuantConfig.DEFAULT.fracBits();
            int thr = (int) Math.ceil(act.beta() * (1 << f));
            for (int c = 0; c < ci; c++) {
                assertEquals(thr, layer.threshold()[c]);
            }

            // The error bound of the folded constants: mx, ma and each bias are rounded to 2^−e with
            // e = F + shift, so acc is off by at most (Px + Pa + 1)/2 ≤ (2·Nv + 1)/2 units of 2^−e; the final
            // rounding adds half an LSB 2^−F.
            int nvMax = 9 * ci;
            double bound = Math.scalb(nvMax + 0.5, -(f + layer.shift())) + Math.scalb(0.5, -f) + 1e-12;
            for (int img = 0; img < 3; img++) {
                int[] pixels = TestNetworks.randomImage(r, net.input().shape());
                IntLayer.Stats stats = new IntLayer.Stats();
                Map<String, int[]> v = new IntegerEngine(in).run(pixels, true, stats);
                assertEquals(0, stats.of("conv")[0], "the bound holds only without saturation");
                int[] x = v.get("stem");
                // Real-valued reference on the integer model's own activation bits (sign rule: x >= threshold).
                byte[] s = new byte[x.length];
                for (int i = 0; i < x.length; i++) {
                    s[i] = (byte) (x[i] >= thr ? 1 : -1);
                }
                double[] y = TestNetworks.binaryConvFormula(b, act, s, net.shape("stem"));
                int[] out = v.get("conv");
                int plane = net.shape("conv").plane();
                for (int i = 0; i < y.length; i++) {
                    int o = i / plane;
                    double expected = bn.scale(o) * y[i] + bn.shift(o);
                    double err = Math.abs(in.toReal(out[i]) - expected);
                    assertTrue(err <= bound,
                            ci + " channels, stride " + stride + ", output " + i + ": error " + err + " > " + bound);
                }
            }
        }
    }

    /** Weight bit = (float weight ≥ channel centre), channel c in bit c%64 of word c/64, unused bits 0. */
    private static void assertPackedWeights(Op.BinaryConv2d b, BinaryConvLayer layer) {
        int ci = b.inChannels();
        int taps = b.kernelH() * b.kernelW();
        int words = BinaryConvLayer.words(ci);
        long[] bits = layer.weightBits();
        assertEquals(b.outChannels() * taps * words, bits.length);
        for (int o = 0; o < b.outChannels(); o++) {
            double centre = 0;
            for (int i = 0; i < b.fanIn(); i++) {
                centre += b.weight()[o * b.fanIn() + i];
            }
            centre /= b.fanIn();
            for (int t = 0; t < taps; t++) {
                for (int c = 0; c < words * 64; c++) {
                    long bit = (bits[(o * taps + t) * words + c / 64] >>> (c % 64)) & 1;
                    long expected = c < ci && b.weight()[(o * ci + c) * taps + t] >= centre ? 1 : 0;
                    assertEquals(expected, bit, "output " + o + ", tap " + t + ", channel " + c);
                }
            }
        }
    }

    @Test
    void inputOnTheThresholdIsBitOneWhereTheFloatSignIsZero() {
        // Identity stem (x = pixel) into a 1×1 AdaBin conv with alpha_a = 0.5, beta_a = 3 and weights {1, 3}
        // (beta_w = 2, alpha_w = 1, binarised weights {1, 3}). Channel 0 holds 2, 3; channel 1 holds 3, 4.
        // Float (sign 0 → level 1.5): 1·1 + 3·1.5 = 5.5 and 1·1.5 + 3·2 = 7.5.
        // Integer (x ≥ 3 → bit 1, level 2): 1·1 + 3·2 = 7 and 1·2 + 3·2 = 8. With mx = 1, ma = 2 and
        // bias = 0.5·(−2 − 4 + 3·1·0 + 3·2·2) = 3: position 0 has Px = 2, Pa = 1 → 2 + 2 + 3 = 7;
        // position 1 has Px = 1, Pa = 2 → 1 + 4 + 3 = 8.
        Op.BinaryConv2d conv = new Op.BinaryConv2d(1, 2, 1, 1, 1, 0, new double[] {1, 3},
                new WeightBinarizer.AdaBin(), new ActivationBinarizer.AdaBin(0.5, 3));
        Network net = TestNetworks.network(TestNetworks.plainInput(new Shape(2, 1, 2), 0),
                Node.of("stem", TestNetworks.identityConv(2), Network.INPUT), Node.of("conv", conv, "stem"));
        int[] pixels = {2, 3, 3, 4};
        assertArrayEquals(new double[] {5.5, 7.5}, new FloatEngine(net).logits(pixels));
        IntegerNetwork in = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        BinaryConvLayer layer = (BinaryConvLayer) in.layer("conv");
        assertArrayEquals(new int[] {3 << 20, 3 << 20}, layer.threshold());
        Map<String, int[]> v = new IntegerEngine(in).run(pixels, true, null);
        assertArrayEquals(new int[] {2 << 20, 3 << 20, 3 << 20, 4 << 20}, v.get("stem"));
        assertArrayEquals(new long[] {0b10, 0b11}, layer.activationBits(v.get("stem")));
        assertArrayEquals(new int[] {7 << 20, 8 << 20}, v.get("conv"));
        // One stream LSB below the threshold is bit 0.
        assertArrayEquals(new long[] {0b00, 0b11},
                layer.activationBits(new int[] {2 << 20, 3 << 20, (3 << 20) - 1, 4 << 20}));
    }
}
