package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fold}'s plan for a frame rate against the exhaustive optimum of a search space small enough to enumerate: on
 * the MNIST example, every combination of per-layer foldings that reaches the interval, each convolution's SIMD × PE
 * at most twice the fewest lanes that reach it, the classifier's PE free, output lanes and FIFOs by the builder's
 * rules. The cost is what {@code fold} reports, the share of the part's scarcest resource by the estimate, and the
 * LUTs. About 15,000 plans in all, 7 ms each.
 */
class FoldOptimumTest {
    private static final Part PART = Parts.of("xc7z020");
    private static final double MHZ = 100;

    /** A convolution of the example: its name, input and output channels, output pixels and kernel taps. */
    private record Conv(String name, int in, int out, int pixels, int taps) {
        long cycles(int simd, int pe) {
            return (long) pixels * (out / pe) * ((long) taps * in / simd);
        }
    }

    private static final List<Conv> CONVS = List.of(new Conv("conv1", 1, 16, 784, 9), new Conv("conv2", 16, 32, 196, 9),
            new Conv("conv3", 32, 32, 196, 9), new Conv("conv4", 32, 64, 49, 9));

    private static double cost(Estimate e) {
        double worst = 0;
        for (String r : Resources.NAMES) {
            worst = Math.max(worst, e.utilisation(r));
        }
        return worst;
    }

    /** The foldings of a convolution that reach {@code t} with at most twice the fewest lanes that do. */
    private static List<Folding.Layer> candidates(Conv c, long t) {
        List<Folding.Layer> ok = new ArrayList<>();
        int fewest = Integer.MAX_VALUE;
        for (int s : Lanes.divisors(c.in())) {
            for (int p : Lanes.divisors(c.out())) {
                if (c.cycles(s, p) <= t) {
                    fewest = Math.min(fewest, s * p);
                }
            }
        }
        for (int s : Lanes.divisors(c.in())) {
            for (int p : Lanes.divisors(c.out())) {
                if (c.cycles(s, p) <= t && s * p <= 2 * fewest) {
                    ok.add(new Folding.Layer(s, p, 0));
                }
            }
        }
        return ok;
    }

    @ParameterizedTest
    @ValueSource(doubles = {14_000, 5_000, 1_000})
    void foldsPlanIsWithinFivePercentOfTheExhaustiveOptimum(double fps) throws Exception {
        IntegerNetwork net = IntegerCompiler.compile(NetworkOptions.Example.network(), QuantConfig.DEFAULT);
        VerilogRenderer renderer = new VerilogRenderer(PART.family());
        long limit = (long) Math.floor(MHZ * 1e6 / fps);
        long t = AcceleratorBuilder.intervals(net).stream().filter(c -> c <= limit).max(Long::compare).orElseThrow();
        // What fold takes: the builder's plan for the longest interval that reaches the frame rate.
        Accelerator folded = AcceleratorBuilder.build(renderer, net, Folding.DEFAULT, "mnist_accel", Map.of(), t);
        Estimate foldEstimate = Estimate.of(folded, PART, MHZ, null, List.of());
        double foldCost = cost(foldEstimate);
        long foldLut = foldEstimate.totals().lut();

        List<List<Folding.Layer>> options = new ArrayList<>();
        for (Conv c : CONVS) {
            options.add(candidates(c, t));
        }
        options.add(Lanes.divisors(10).stream().map(p -> new Folding.Layer(0, p, 0)).toList());
        List<String> names = List.of("conv1", "conv2", "conv3", "conv4", "fc");
        int[] index = new int[options.size()];
        double best = Double.MAX_VALUE;
        Folding bestFolding = null;
        long bestLut = Long.MAX_VALUE;
        Folding bestLutFolding = null;
        int plans = 0;
        while (true) {
            Map<String, Folding.Layer> m = new LinkedHashMap<>();
            for (int i = 0; i < index.length; i++) {
                m.put(names.get(i), options.get(i).get(index[i]));
            }
            Accelerator a = AcceleratorBuilder.build(renderer, net, new Folding(m), "mnist_accel", Map.of(), t);
            plans++;
            if (a.cyclesPerImage() <= t) {
                Estimate e = Estimate.of(a, PART, MHZ, null, List.of());
                double c = cost(e);
                if (c < best) {
                    best = c;
                    bestFolding = a.folding();
                }
                if (e.totals().lut() < bestLut) {
                    bestLut = e.totals().lut();
                    bestLutFolding = a.folding();
                }
            }
            int k = 0;
            while (k < index.length && ++index[k] == options.get(k).size()) {
                index[k++] = 0;
            }
            if (k == index.length) {
                break;
            }
        }
        System.out.printf(Locale.ROOT, "%.0f frames/s (interval %,d): fold %.4f of the part, %,d LUT (%s); exhaustive optimum over %d "
                + "plans %.4f (%s), fewest LUT %,d (%s)%n", fps, t, foldCost, foldLut, compact(folded.folding()), plans, best,
                compact(bestFolding), bestLut, compact(bestLutFolding));
        assertTrue(foldCost <= 1.05 * best, String.format(Locale.ROOT, "fold's plan costs %.4f of the part, the optimum %.4f (%s)",
                foldCost, best, compact(bestFolding)));
        // And in LUTs, the resource the plans differ in most (fold's ties on PE·SIMD go to PE close to SIMD; a wider SIMD
        // with fewer PEs is 1-2 % cheaper here).
        assertTrue(foldLut <= 1.05 * bestLut, String.format(Locale.ROOT, "fold's plan takes %,d LUT, the fewest %,d (%s)", foldLut,
                bestLut, compact(bestLutFolding)));
    }

    private static String compact(Folding f) {
        return f.toJson().replaceAll("\\s+", "");
    }
}
