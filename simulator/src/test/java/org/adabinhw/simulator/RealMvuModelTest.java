package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.blocks.RealMvuConfig;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.RealConvLayer;
import org.junit.jupiter.api.Test;

class RealMvuModelTest {
    private static RealConvLayer layer(RealMvuConfig c, SplittableRandom r, int shift) {
        ConvGeometry g = c.geometry();
        int[] w = new int[c.outChannels() * c.channels() * c.taps()];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextInt(-1000, 1001);
        }
        long[] bias = new long[c.outChannels() * g.classes()];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextLong(-100_000, 100_001);
        }
        return new RealConvLayer("conv", "x", g, c.pixelInput(), w, bias, shift,
                QuantConfig.DEFAULT.withStream(Math.max(8, c.streamWidth()), Math.max(8, c.streamWidth()) - 1));
    }

    private static int[] input(RealMvuConfig c, SplittableRandom r) {
        int[] x = new int[c.channels() * c.inHeight() * c.inWidth()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (int) r.nextLong(c.laneMin(), c.laneMax() + 1);
        }
        return x;
    }

    /** Window beats in the agreed order: per output pixel, ky, kx, channel fold; tap_valid above the lanes. */
    private static List<BigInteger> window(RealMvuConfig c, int[] x) {
        List<BigInteger> beats = new ArrayList<>();
        int plane = c.inHeight() * c.inWidth();
        for (int oy = 0; oy < c.outHeight(); oy++) {
            for (int ox = 0; ox < c.outWidth(); ox++) {
                for (int t = 0; t < c.taps(); t++) {
                    int iy = oy * c.stride() - c.padding() + t / c.kernel();
                    int ix = ox * c.stride() - c.padding() + t % c.kernel();
                    boolean valid = iy >= 0 && iy < c.inHeight() && ix >= 0 && ix < c.inWidth();
                    for (int f = 0; f < c.folds(); f++) {
                        long[] lanes = new long[c.simd()];
                        for (int j = 0; valid && j < c.simd(); j++) {
                            lanes[j] = x[(f * c.simd() + j) * plane + iy * c.inWidth() + ix];
                        }
                        beats.add(c.packWindowBeat(lanes, valid));
                    }
                }
            }
        }
        return beats;
    }

    private static RunTrace run(RealMvuConfig c, StallPattern pattern, long seed, List<BigInteger> expected) {
        SplittableRandom r = new SplittableRandom(seed);
        RealConvLayer layer = layer(c, r, (int) (seed % 4) * 3);
        List<BigInteger> beats = new ArrayList<>();
        int positions = c.outPixels();
        for (int img = 0; img < 2; img++) {
            int[] x = input(c, r);
            beats.addAll(window(c, x));
            int[] out = layer.apply(List.of(x), null);
            for (int p = 0; p < positions; p++) {
                for (int g = 0; g < c.outGroups(); g++) {
                    long[] v = new long[c.lanes()];
                    for (int i = 0; i < c.lanes(); i++) {
                        v[i] = out[(g * c.lanes() + i) * positions + p];
                    }
                    expected.add(c.packValues(v));
                }
            }
        }
        SimulationRun run = new SimulationRun(pattern, 4, 1_000_000);
        Stream<BigInteger> in = run.input("window", beats);
        Stream<BigInteger> out = run.output("values", expected.size(), v -> v);
        run.add(new RealMvuModel("mvu", c, layer, in, out));
        return run.run();
    }

    private static final RealMvuConfig[] CONFIGS = {
        new RealMvuConfig(3, 4, 3, 3, 2, 4, 5, 1, 1, true, 16, 24),
        new RealMvuConfig(6, 6, 1, 2, 3, 5, 5, 2, 0, false, 12, 16),
        new RealMvuConfig(5, 3, 1, 5, 3, 3, 3, 1, 0, false, 10, 24),
        new RealMvuConfig(1, 2, 7, 1, 1, 6, 6, 2, 3, true, 12, 24),
        new RealMvuConfig(3, 8, 3, 3, 4, 4, 5, 1, 1, true, 16, 24, 1),
        new RealMvuConfig(6, 12, 1, 2, 6, 5, 5, 2, 0, false, 12, 16, 2),
    };

    @Test
    void matchesTheGoldenModelUnderStalls() {
        for (RealMvuConfig c : CONFIGS) {
            for (long seed = 1; seed <= 4; seed++) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, StallPattern.random(seed, 1, 1, 0.4, 0.4, 20_000), seed, expected);
                assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c + ", seed " + seed);
            }
        }
    }

    @Test
    void runLengthWithoutStallsIsTheClosedForm() {
        for (RealMvuConfig c : CONFIGS) {
            List<BigInteger> expected = new ArrayList<>();
            RunTrace t = run(c, StallPattern.none(1, 1), 5, expected);
            assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c.toString());
            assertEquals(c.runLength(2L * c.outPixels()), t.length(), c.toString());
        }
    }

    @Test
    void rejectsALayerOfAnotherGeometryOrInputKind() {
        RealMvuConfig c = CONFIGS[0];
        RealConvLayer other = layer(new RealMvuConfig(3, 4, 3, 3, 2, 5, 5, 1, 1, true, 16, 24), new SplittableRandom(1), 0);
        assertThrows(IllegalArgumentException.class,
                () -> new RealMvuModel("mvu", c, other, new Stream<>("a"), new Stream<>("b")));
        RealConvLayer stream = layer(new RealMvuConfig(3, 4, 3, 3, 2, 4, 5, 1, 1, false, 16, 24), new SplittableRandom(1), 0);
        assertThrows(IllegalArgumentException.class,
                () -> new RealMvuModel("mvu", c, stream, new Stream<>("a"), new Stream<>("b")));
    }
}
