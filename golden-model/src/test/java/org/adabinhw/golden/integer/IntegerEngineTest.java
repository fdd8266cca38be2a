package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.engine.TestNetworks;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntegerEngineTest {
    private static final int IMAGES = 40;

    /**
     * Random AdaBin ResNets (stem conv + BN + Maxout; a stride-2 binary conv + BN with the option-A shortcut;
     * a binary conv + BN with an identity residual; global pool, BatchNorm1d, linear) with BN statistics
     * calibrated on the network's own activations, so that thresholds sit inside the activation
     * distribution as in a trained network. The integer model must reproduce the float model's activation
     * bits at every binary conv (≥ 99.9%) and, on images where no bit differs, its logits within the
     * rounding bound derived in {@link #logitErrorBound}.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void agreesWithTheFloatEngineOnRandomNetworks(long seed) {
        Network net = TestNetworks.randomAdabinResNet(seed, 8, 8, 10);
        IntegerNetwork in = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        FloatEngine fe = new FloatEngine(net);
        IntegerEngine ie = new IntegerEngine(in);
        Random r = new Random(1000 + seed);
        List<int[]> images = new ArrayList<>();
        List<Map<String, double[]>> floats = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            images.add(TestNetworks.randomImage(r, net.input().shape()));
            floats.add(fe.run(images.get(i), true));
        }
        double bound = logitErrorBound(net, in, floats);
        // The bound is about 10^−3 for these networks (2 to 3·10^−5 at the last Maxout, times the classifier's
        // Σ|w·k| ≈ 30: BatchNorm1d on pooled features has gains near 10). The measured error is about 10^−5, as
        // the individual roundings do not all align. A bound near the logits' own spread (~1) would mean nothing.
        assertTrue(bound < 1e-2, "bound " + bound);

        Map<String, long[]> agreement = new HashMap<>(); // per binary conv: {agreeing, total}
        int exactImages = 0;
        for (int i = 0; i < IMAGES; i++) {
            Map<String, double[]> fv = floats.get(i);
            IntLayer.Stats stats = new IntLayer.Stats();
            Map<String, int[]> iv = ie.run(images.get(i), true, stats);
            for (IntLayer l : in.layers()) {
                assertEquals(0, stats.of(l.name())[0], "saturation in " + l.name());
            }
            boolean allAgree = true;
            for (Node node : net.binaryConvs()) {
                BinaryConvLayer layer = (BinaryConvLayer) in.layer(node.name());
                byte[] signs = fe.activationSigns(node, fv.get(node.inputs().get(0)));
                long[] bits = layer.activationBits(iv.get(layer.inputs().get(0)));
                Shape s = net.shape(node.inputs().get(0));
                int words = BinaryConvLayer.words(s.channels());
                long agree = 0;
                for (int c = 0; c < s.channels(); c++) {
                    for (int p = 0; p < s.plane(); p++) {
                        boolean bit = ((bits[p * words + c / 64] >>> (c % 64)) & 1) != 0;
                        agree += bit == (signs[c * s.plane() + p] >= 0) ? 1 : 0;
                    }
                }
                allAgree &= agree == s.size();
                long[] a = agreement.computeIfAbsent(node.name(), k -> new long[2]);
                a[0] += agree;
                a[1] += s.size();
            }
            if (allAgree) {
                exactImages++;
                double[] lf = fv.get(net.output().name());
                int[] li = iv.get(in.layers().get(in.layers().size() - 1).name());
                for (int j = 0; j < lf.length; j++) {
                    double err = Math.abs(in.toReal(li[j]) - lf[j]);
                    assertTrue(err <= bound, "seed " + seed + ", image " + i + ", logit " + j + ": |integer − float| = "
                            + err + " > " + bound);
                }
            }
        }
        for (var e : agreement.entrySet()) {
            double rate = (double) e.getValue()[0] / e.getValue()[1];
            assertTrue(rate >= 0.999, e.getKey() + ": activation bits agree on " + rate);
        }
        assertTrue(exactImages >= IMAGES * 9 / 10, "only " + exactImages + " images without a flipped bit");
    }

    /**
     * A worst-case bound on |integer logit − float logit| for an image whose activation bits all agree, from
     * the compiled constants. Per layer, with e_in the input error, LSB = 2^−F and a ½ LSB final rounding:
     * <ul>
     * <li>stem (pixels ≤ 255, weights and bias rounded to 2^−(F+shift)): (taps·255 + 1)/2 · 2^−(F+shift);</li>
     * <li>binary conv: its output depends on its input only through the bits, so upstream error stops here;
     *     mx, ma and the bias are rounded to 2^−(F+shift) and multiply Px, Pa ≤ Nv:
     *     (2·Nv + 1)/2 · 2^−(F+shift);</li>
     * <li>piecewise: Lipschitz in x with the largest slope (both branches are 0 at 0), slopes rounded to
     *     2^−shift: max|slope|·e_in + max|x|·2^−(shift+1);</li>
     * <li>add: e_a + e_b; option-A shortcut: e_in;</li>
     * <li>head: Σ_c |w_c|·plane·e_in + Σ_c 2^−(shift+1)·max|sum_c| + 2^−(F+shift+1).</li>
     * </ul>
     * max|x| is taken from the float values over the test images (plus a margin for the integer error).
     */
    static double logitErrorBound(Network net, IntegerNetwork in, List<Map<String, double[]>> floats) {
        int f = in.q().fracBits();
        double halfLsb = Math.scalb(0.5, -f);
        Map<String, String> valueOf = new HashMap<>(); // integer layer → IR node whose value it holds
        for (IntLayer l : in.layers()) {
            valueOf.put(l.name(), l.name());
        }
        in.aliases().forEach((node, layer) -> {
            if (net.node(node).op() instanceof Op.BatchNorm
                    && !(in.layer(layer) instanceof HeadLayer)) {
                valueOf.put(layer, node);
            }
        });
        Map<String, Double> err = new HashMap<>();
        double logitErr = 0;
        for (IntLayer l : in.layers()) {
            double e = switch (l) {
                case RealConvLayer c -> {
                    assertTrue(c.pixelInput(), "the bound covers a stem conv only");
                    int taps = c.geometry().in().channels() * c.geometry().kernelH() * c.geometry().kernelW();
                    yield (taps * 255 + 1) / 2.0 * Math.scalb(1.0, -(f + c.shift())) + halfLsb;
                }
                case BinaryConvLayer b -> {
                    int nv = b.geometry().in().channels() * b.geometry().kernelH() * b.geometry().kernelW();
                    yield (2 * nv + 1) / 2.0 * Math.scalb(1.0, -(f + b.shift())) + halfLsb;
                }
                case PiecewiseLayer p -> {
                    double slope = 0;
                    for (int c = 0; c < p.pos().length; c++) {
                        slope = Math.max(slope, Math.max(Math.abs(p.pos()[c]), Math.abs(p.neg()[c])));
                    }
                    double x = maxAbs(floats, valueOf.get(p.input())) + 1e-3;
                    yield Math.scalb(slope, -p.shift()) * err.get(p.input()) + x * Math.scalb(0.5, -p.shift()) + halfLsb;
                }
                case AddLayer a -> err.get(a.a()) + err.get(a.b());
                case ShortcutLayer s -> err.get(s.input());
                case HeadLayer h -> {
                    assertTrue(h.pool(), "the bound covers a pooled classifier only");
                    int plane = h.in().plane();
                    double sum = plane * (maxAbs(floats, valueOf.get(h.input())) + 1e-3);
                    for (int j = 0; j < h.classes(); j++) {
                        double ej = Math.scalb(0.5, -(f + h.shift())) + halfLsb;
                        for (int c = 0; c < h.features(); c++) {
                            ej += Math.scalb((double) Math.abs(h.weights()[j * h.features() + c]), -h.shift())
                                    * plane * err.get(h.input()) + Math.scalb(0.5, -h.shift()) * sum;
                        }
                        logitErr = Math.max(logitErr, ej);
                    }
                    yield logitErr;
                }
                default -> throw new IllegalArgumentException("no error rule for " + l.getClass().getSimpleName());
            };
            err.put(l.name(), e);
        }
        return logitErr;
    }

    private static double maxAbs(List<Map<String, double[]>> floats, String node) {
        double m = 0;
        for (Map<String, double[]> v : floats) {
            for (double x : v.get(node)) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }

    @Test
    void runKeepsEveryLayerOnRequestAndChecksPixels() {
        Network net = TestNetworks.randomAdabinResNet(3, 4, 6, 3);
        IntegerEngine ie = new IntegerEngine(IntegerCompiler.compile(net, QuantConfig.DEFAULT));
        int[] pixels = TestNetworks.randomImage(new Random(5), net.input().shape());
        Map<String, int[]> all = ie.run(pixels, true, null);
        assertEquals(ie.network().layers().size() + 1, all.size());
        assertArrayEquals(pixels, all.get(Network.INPUT));
        Map<String, int[]> last = ie.run(pixels, false, null);
        assertEquals(List.of("fc"), List.copyOf(last.keySet()));
        assertArrayEquals(all.get("fc"), ie.logits(pixels));
        assertArrayEquals(ie.logits(pixels), ie.logits(List.of(pixels, pixels))[1]);
        int[] bad = pixels.clone();
        bad[7] = 256;
        var e = assertThrows(IllegalArgumentException.class, () -> ie.logits(bad));
        assertEquals("pixel 7 = 256 is not a uint8 value", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ie.logits(new int[3]));
    }
}
