package org.adabinhw.golden.integer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;

/**
 * What quantisation costs on a set of images: per binary conv the fraction of activation bits where the
 * integer model differs from the float reference (a float sign of 0, an input exactly at the threshold,
 * counts as a difference and is also counted on its own), per layer the saturated results, and per network
 * the argmax agreement and the logit error.
 *
 * @param layers          per binary conv, in order
 * @param saturation      per integer layer with any saturated result: {saturated, total}
 * @param images          images measured
 * @param argmaxAgreement images whose integer argmax equals the float argmax
 * @param meanAbsLogitError mean over images and classes of |integer logit − float logit|
 * @param maxAbsLogitError  largest |integer logit − float logit|
 * @param logitStd        standard deviation of the float logits (over images and classes)
 * @param floatArgmax     per image, the float engine's predicted class
 * @param integerArgmax   per image, the integer engine's predicted class
 */
public record QuantisationReport(List<LayerBits> layers, Map<String, long[]> saturation, int images,
                                 int argmaxAgreement, double meanAbsLogitError, double maxAbsLogitError,
                                 double logitStd, int[] floatArgmax, int[] integerArgmax) {

    /**
     * Activation-bit agreement at one binary conv.
     *
     * @param layer       the binary conv
     * @param bits        activation bits compared
     * @param differing   bits where the integer bit differs from the float sign (float 0 counts)
     * @param floatZeros  float signs that were exactly 0
     * @param seError     SD-BNN layers: the largest difference between the integer threshold and the float
     *                    squeeze-excite shift, in stream steps ({@code 2^−F}); NaN for a constant threshold
     */
    public record LayerBits(String layer, long bits, long differing, long floatZeros, double seError) {
        /** Fraction of bits that agree. */
        public double agreement() {
            return bits == 0 ? 1 : 1 - (double) differing / bits;
        }
    }

    /** Runs both engines on {@code images} (in parallel) and compares them. */
    public static QuantisationReport measure(Network net, IntegerNetwork inet, List<int[]> images) {
        FloatEngine fe = new FloatEngine(net);
        IntegerEngine ie = new IntegerEngine(inet);
        List<Node> convs = net.binaryConvs();
        int classes = net.classes();
        long[][] diff = new long[images.size()][convs.size() * 3];
        double[][] seErr = new double[images.size()][convs.size()];
        double[][] fl = new double[images.size()][];
        double[][] il = new double[images.size()][];
        IntLayer.Stats stats = new IntLayer.Stats();
        String outName = inet.layers().get(inet.layers().size() - 1).name();
        IntStream.range(0, images.size()).parallel().forEach(i -> {
            Map<String, double[]> fv = fe.run(images.get(i), true);
            Map<String, int[]> iv = ie.run(images.get(i), true, stats);
            fl[i] = fv.get(net.output().name());
            il[i] = java.util.Arrays.stream(iv.get(outName)).mapToDouble(inet::toReal).toArray();
            for (int k = 0; k < convs.size(); k++) {
                Node b = convs.get(k);
                byte[] signs = fe.activationSigns(b, fv.get(b.inputs().get(0)));
                BinaryConvLayer layer = (BinaryConvLayer) inet.layer(b.name());
                long[] bits = layer.activationBits(iv.get(layer.inputs().get(0)));
                Shape s = net.shape(b.inputs().get(0));
                if (layer.se() != null && b.op() instanceof Op.BinaryConv2d bc
                        && bc.activations() instanceof ActivationBinarizer.SqueezeExcite se) {
                    double[] x = fv.get(b.inputs().get(0));
                    double[] means = new double[s.channels()];
                    for (int c = 0; c < s.channels(); c++) {
                        for (int p = 0; p < s.plane(); p++) {
                            means[c] += x[c * s.plane() + p];
                        }
                        means[c] /= s.plane();
                    }
                    double[] shift = se.shift(means);
                    int[] t = layer.se().thresholds(iv.get(layer.inputs().get(0)));
                    for (int c = 0; c < s.channels(); c++) {
                        seErr[i][k] = Math.max(seErr[i][k], Math.abs(-t[c] - Math.scalb(shift[c], inet.q().fracBits())));
                    }
                }
                int words = BinaryConvLayer.words(s.channels());
                for (int c = 0; c < s.channels(); c++) {
                    for (int p = 0; p < s.plane(); p++) {
                        boolean bit = ((bits[p * words + (c >>> 6)] >>> (c & 63)) & 1) == 1;
                        byte sign = signs[c * s.plane() + p];
                        if (sign == 0) {
                            diff[i][3 * k + 2]++;
                        }
                        if (bit != (sign > 0) || sign == 0) {
                            diff[i][3 * k + 1]++;
                        }
                        diff[i][3 * k]++;
                    }
                }
            }
        });
        List<LayerBits> layers = new ArrayList<>();
        for (int k = 0; k < convs.size(); k++) {
            long n = 0;
            long d = 0;
            long z = 0;
            for (long[] row : diff) {
                n += row[3 * k];
                d += row[3 * k + 1];
                z += row[3 * k + 2];
            }
            double e = ((BinaryConvLayer) inet.layer(convs.get(k).name())).se() == null ? Double.NaN : 0;
            for (double[] row : seErr) {
                e = Math.max(e, row[k]);
            }
            layers.add(new LayerBits(convs.get(k).name(), n, d, z, e));
        }
        int agree = 0;
        double sumErr = 0;
        double maxErr = 0;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < images.size(); i++) {
            agree += argmax(fl[i]) == argmax(il[i]) ? 1 : 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.abs(fl[i][c] - il[i][c]);
                sumErr += e;
                maxErr = Math.max(maxErr, e);
                sum += fl[i][c];
                sumSq += fl[i][c] * fl[i][c];
            }
        }
        long n = (long) images.size() * classes;
        double mean = sum / n;
        Map<String, long[]> sat = new LinkedHashMap<>();
        for (IntLayer l : inet.layers()) {
            long[] s = stats.of(l.name());
            if (s[0] > 0) {
                sat.put(l.name(), s);
            }
        }
        return new QuantisationReport(layers, sat, images.size(), agree, sumErr / n, maxErr,
                Math.sqrt(Math.max(0, sumSq / n - mean * mean)), java.util.Arrays.stream(fl).mapToInt(QuantisationReport::argmax).toArray(),
                java.util.Arrays.stream(il).mapToInt(QuantisationReport::argmax).toArray());
    }

    /** Index of the largest value (the first on ties). */
    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Against labels: how many images both engines classify right, only the float one, only the integer one, and
     * neither.
     */
    public int[] confusion(int[] labels) {
        int[] c = new int[4];
        for (int i = 0; i < labels.length; i++) {
            boolean f = floatArgmax[i] == labels[i];
            boolean g = integerArgmax[i] == labels[i];
            c[f && g ? 0 : f ? 1 : g ? 2 : 3]++;
        }
        return c;
    }

    /** The smallest per-layer bit agreement. */
    public double worstAgreement() {
        return layers.stream().mapToDouble(LayerBits::agreement).min().orElse(1);
    }

    /** A human-readable table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        boolean se = layers.stream().anyMatch(l -> !Double.isNaN(l.seError()));
        sb.append(String.format(Locale.ROOT, "%-28s %12s %10s %12s%s%n", "binary layer", "bits", "agreement", "float sign 0",
                se ? "  SE threshold error (stream steps)" : ""));
        for (LayerBits l : layers) {
            sb.append(String.format(Locale.ROOT, "%-28s %12d %9.4f%% %12d%s%n", l.layer(), l.bits(), 100 * l.agreement(),
                    l.floatZeros(), Double.isNaN(l.seError()) ? "" : String.format(Locale.ROOT, "  %.2f", l.seError())));
        }
        saturation.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "saturated in %s: %d of %d results%n", k, v[0], v[1])));
        sb.append(String.format(Locale.ROOT,
                "argmax agreement %d/%d; logit error mean %.3g, max %.3g (float logit std %.3g, mean error = %.2f%% of it)%n",
                argmaxAgreement, images, meanAbsLogitError, maxAbsLogitError, logitStd,
                logitStd == 0 ? 0 : 100 * meanAbsLogitError / logitStd));
        return sb.toString();
    }
}
