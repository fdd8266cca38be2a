package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.QuantConfig;
import org.junit.jupiter.api.Test;

class BinaryMvuModelTest {
    private static BinaryConvLayer layer(BinaryMvuConfig c, SplittableRandom r, int shift) {
        ConvGeometry g = c.geometry();
        int words = BinaryConvLayer.words(c.channels());
        long[] wb = new long[c.outChannels() * c.taps() * words];
        for (int i = 0; i < wb.length; i++) {
            // Bits above the channel count stay 0 (BinaryConvLayer's layout).
            int rest = c.channels() - (i % words) * 64;
            wb[i] = r.nextLong() & (rest >= 64 ? -1L : (1L << rest) - 1);
        }
        int[] mx = new int[c.outChannels()];
        int[] ma = new int[c.outChannels()];
        long[] bias = new long[c.outChannels() * g.classes()];
        for (int o = 0; o < mx.length; o++) {
            mx[o] = r.nextInt(-40, 41);
            ma[o] = r.nextInt(-40, 41);
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextLong(-3000, 3001);
        }
        return new BinaryConvLayer("conv", "x", g, new int[c.channels()], wb, mx, ma, bias, shift,
                QuantConfig.DEFAULT.withStream(c.streamWidth(), c.streamWidth() - 1));
    }

    /** Window beats in the agreed order: per output pixel, ky, kx, channel fold; tap_valid at bit SIMD. */
    private static List<BigInteger> window(BinaryMvuConfig c, long[] bits) {
        int words = BinaryConvLayer.words(c.channels());
        List<BigInteger> beats = new ArrayList<>();
        for (int oy = 0; oy < c.outHeight(); oy++) {
            for (int ox = 0; ox < c.outWidth(); ox++) {
                for (int t = 0; t < c.taps(); t++) {
                    int iy = oy * c.stride() - c.padding() + t / c.kernel();
                    int ix = ox * c.stride() - c.padding() + t % c.kernel();
                    boolean valid = iy >= 0 && iy < c.inHeight() && ix >= 0 && ix < c.inWidth();
                    for (int f = 0; f < c.folds(); f++) {
                        long[] b = new long[(c.simd() + 63) / 64];
                        for (int i = 0; valid && i < c.simd(); i++) {
                            int ch = f * c.simd() + i;
                            b[i >>> 6] |= (bits[(iy * c.inWidth() + ix) * words + ch / 64] >>> (ch % 64) & 1) << (i & 63);
                        }
                        beats.add(c.packWindowBeat(b, valid));
                    }
                }
            }
        }
        return beats;
    }

    private static RunTrace run(BinaryMvuConfig c, StallPattern pattern, long seed, List<BigInteger> expected) {
        SplittableRandom r = new SplittableRandom(seed);
        BinaryConvLayer layer = layer(c, r, (int) (seed % 4));
        List<BigInteger> beats = new ArrayList<>();
        int positions = c.outPixels();
        for (int img = 0; img < 2; img++) {
            int[] x = new int[c.channels() * c.inHeight() * c.inWidth()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextBoolean() ? 1 : -1;
            }
            beats.addAll(window(c, layer.activationBits(x)));
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
        run.add(new BinaryMvuModel("mvu", c, layer, in, out));
        return run.run();
    }

    @Test
    void matchesTheGoldenModelUnderStalls() {
        BinaryMvuConfig[] configs = {new BinaryMvuConfig(6, 4, 3, 2, 2, 4, 5, 1, 1, 8, 12),
            new BinaryMvuConfig(70, 6, 3, 70, 3, 5, 5, 2, 1, 9, 12), new BinaryMvuConfig(3, 2, 1, 3, 2, 3, 3, 1, 0, 8, 12),
            // tap_valid in the top bit of the first word, and alone in the second word.
            new BinaryMvuConfig(63, 2, 3, 63, 2, 4, 4, 1, 1, 8, 12), new BinaryMvuConfig(128, 2, 1, 64, 1, 3, 3, 1, 0, 8, 12),
            // shared affine stages: 1 lane for 4 PE, 2 lanes for 6 PE
            new BinaryMvuConfig(6, 4, 3, 2, 4, 4, 5, 1, 1, 8, 12, 1), new BinaryMvuConfig(6, 12, 3, 3, 6, 4, 5, 2, 1, 8, 12, 2)};
        for (BinaryMvuConfig c : configs) {
            for (long seed = 1; seed <= 4; seed++) {
                List<BigInteger> expected = new ArrayList<>();
                RunTrace t = run(c, StallPattern.random(seed, 1, 1, 0.4, 0.4, 20_000), seed, expected);
                assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c + ", seed " + seed);
            }
        }
    }

    @Test
    void runLengthWithoutStallsIsTheClosedForm() {
        for (BinaryMvuConfig c : new BinaryMvuConfig[] {new BinaryMvuConfig(6, 4, 3, 2, 2, 4, 5, 1, 1, 8, 12),
            new BinaryMvuConfig(3, 6, 1, 3, 6, 3, 3, 1, 0, 8, 12), new BinaryMvuConfig(3, 6, 1, 3, 2, 3, 3, 1, 0, 8, 12),
            new BinaryMvuConfig(6, 8, 3, 2, 8, 4, 5, 1, 1, 8, 12, 1)}) {
            List<BigInteger> expected = new ArrayList<>();
            RunTrace t = run(c, StallPattern.none(1, 1), 5, expected);
            assertEquals(expected, t.beats().get("values").stream().map(Beat::data).toList(), c.toString());
            assertEquals(c.runLength(2L * c.outPixels()), t.length(), c.toString());
        }
    }

    @Test
    void rejectsAWindowBeatWiderThanSimdPlusOneNamingTheBlockAndTheBeat() {
        BinaryMvuConfig c = new BinaryMvuConfig(6, 4, 3, 2, 2, 4, 5, 1, 1, 8, 12);
        BinaryConvLayer layer = layer(c, new SplittableRandom(1), 0);
        SimulationRun run = new SimulationRun(StallPattern.none(1, 1), 0, 100);
        Stream<BigInteger> in = run.input("window", List.of(BigInteger.valueOf(0b1001)));
        Stream<BigInteger> out = run.output("values", 1, v -> v);
        run.add(new BinaryMvuModel("mvu3", c, layer, in, out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, run::run);
        assertTrue(e.getMessage().startsWith("mvu3: ") && e.getMessage().contains("0x9"), e.getMessage());
    }

    @Test
    void rejectsALayerOfAnotherGeometry() {
        BinaryMvuConfig c = new BinaryMvuConfig(6, 4, 3, 2, 2, 4, 5, 1, 1, 8, 12);
        BinaryConvLayer other = layer(new BinaryMvuConfig(6, 4, 3, 2, 2, 5, 5, 1, 1, 8, 12), new SplittableRandom(1), 0);
        assertThrows(IllegalArgumentException.class,
                () -> new BinaryMvuModel("mvu", c, other, new Stream<>("a"), new Stream<>("b")));
    }
}
