package org.adabinhw.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.ir.Shape;

/**
 * The per-layer check of a verification build: the beats its taps wrote ({@link VerificationBuild#taps}, one file per
 * stream that carries a layer's output) against the golden model's output tensor of that layer. A stream carries a
 * tensor pixel by pixel in raster order, each pixel's channels {@code lanes} to a beat, channel {@code f·lanes + i} of
 * fold {@code f} in lane {@code i} (docs/architecture.md §"The order of data on a stream"), so the expected beats follow from the tensor.
 */
public final class LayerCheck {
    private LayerCheck() {
    }

    /**
     * Compares every tapped stream of a run with its layer's tensor.
     *
     * @param plan   the accelerator the build was made from
     * @param images the images of the run, in order
     * @param runDir where the simulator ran (the taps' files are there)
     * @return per stream that differs, its first difference; empty when every tapped stream matches
     */
    public static List<String> compare(Accelerator plan, List<int[]> images, Path runDir) {
        IntegerNetwork net = plan.network();
        IntegerEngine engine = new IntegerEngine(net);
        // Both in parallel: the golden tensors per image, then the streams.
        List<Map<String, int[]>> golden = images.parallelStream().map(image -> engine.run(image, true, new IntLayer.Stats()))
                .toList();
        List<VerificationBuild.LayerTap> taps = VerificationBuild.taps(plan);
        String[] problems = new String[taps.size()];
        java.util.stream.IntStream.range(0, taps.size()).parallel().forEach(k -> {
            VerificationBuild.LayerTap t = taps.get(k);
            Accelerator.Wire w = plan.wire(t.wire());
            Shape shape = net.layer(t.layer()).outShape();
            problems[k] = compare(t, w, shape, golden, read(runDir.resolve(t.file())));
        });
        List<String> out = new ArrayList<>();
        for (String p : problems) {
            if (p != null) {
                out.add(p);
            }
        }
        return out;
    }

    private static String compare(VerificationBuild.LayerTap t, Accelerator.Wire w, Shape shape, List<Map<String, int[]>> golden,
                                  List<String[]> beats) {
        int lanes = w.lanes();
        int folds = shape.channels() / lanes;
        int plane = shape.height() * shape.width();
        BigInteger mask = BigInteger.ONE.shiftLeft(lanes * w.laneWidth()).subtract(BigInteger.ONE);
        int k = 0;
        for (int img = 0; img < golden.size(); img++) {
            int[] v = golden.get(img).get(t.layer());
            for (int p = 0; p < plane; p++) {
                for (int f = 0; f < folds; f++) {
                    long[] values = new long[lanes];
                    for (int i = 0; i < lanes; i++) {
                        values[i] = v[(f * lanes + i) * plane + p];
                    }
                    if (k >= beats.size()) {
                        // The run ends with the last logit: a layer whose last rows no later layer needs (a pooling that
                        // drops an odd row, say) may not have sent them yet. Only the last image may stop short.
                        return img == golden.size() - 1 ? null : where(t, img, f, lanes, p, shape) + ": expected "
                                + Arrays.toString(values) + ", but the stream carried only " + beats.size() + " beats";
                    }
                    String[] beat = beats.get(k++);
                    BigInteger got = new BigInteger(beat[1], 16).and(mask);
                    BigInteger expected = Lanes.pack(values, w.laneWidth());
                    if (!got.equals(expected)) {
                        return where(t, img, f, lanes, p, shape) + ": expected " + Arrays.toString(values) + ", got "
                                + Arrays.toString(Lanes.unpack(got, lanes, w.laneWidth(), true)) + " at cycle " + beat[0];
                    }
                }
            }
        }
        if (k < beats.size()) {
            return "layer " + t.layer() + " (stream " + t.wire() + "): " + (beats.size() - k) + " beats more than the "
                    + golden.size() + " images' tensors, the first at cycle " + beats.get(k)[0];
        }
        return null;
    }

    private static String where(VerificationBuild.LayerTap t, int img, int f, int lanes, int p, Shape shape) {
        return String.format("layer %s (stream %s): image %d, channels %d..%d, y %d, x %d", t.layer(), t.wire(), img, f * lanes,
                f * lanes + lanes - 1, p / shape.width(), p % shape.width());
    }

    /** The tap's lines, {cycle, hex data} each; a missing file reads as no beats. */
    private static List<String[]> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String[]> l = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String s = line.strip();
                if (!s.isEmpty()) {
                    l.add(s.split("\\s+"));
                }
            }
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tap file " + file, e);
        }
    }
}
