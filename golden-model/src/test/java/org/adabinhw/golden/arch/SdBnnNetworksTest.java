package org.adabinhw.golden.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.io.TorchCheckpoint;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.SeThreshold;
import org.adabinhw.golden.ir.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SD-BNN's ResNet-20 and VGG-small imported from the reference checkpoints ({@code shared/reference/sdbnn-*-random},
 * random parameters drawn for the official {@code resnet20_1w1a} and {@code vgg_small_1w1a}): the float engine
 * against the official code's float64 logits on every image, and bad checkpoints named by key.
 */
class SdBnnNetworksTest {
    private static final Path DIR = SharedData.path("reference/sdbnn-resnet20-random");

    @ParameterizedTest
    @CsvSource({"sdbnn-resnet20-random, sdbnn-resnet20, 18", "sdbnn-resnet18-random, sdbnn-resnet18-cifar, 16",
        "sdbnn-vgg-small-random, sdbnn-vgg-small, 5"})
    void theFloatEngineMatchesTheOfficialCodeInFloat64OnEveryImage(String set, String name, int binaryConvs) throws IOException {
        Path dir = SharedData.path("reference/" + set);
        Network net = OfficialNetworks.fromCheckpoint(dir.resolve("model.th"), null);
        assertEquals(name, net.name());
        assertEquals(binaryConvs, net.binaryConvs().size());
        List<int[]> images = SharedData.images(dir.resolve("images_u8.npy"));
        NdArray ref64 = Npy.read(dir.resolve("logits64.npy"));
        NdArray ref32 = Npy.read(dir.resolve("logits.npy"));
        int classes = ref64.shape()[1];
        double worst = 0;
        FloatEngine fe = new FloatEngine(net);
        for (int i = 0; i < images.size(); i++) {
            double[] l = fe.logits(images.get(i));
            int best = 0;
            int best32 = 0;
            for (int j = 0; j < classes; j++) {
                worst = Math.max(worst, Math.abs(l[j] - ref64.data()[i * classes + j]));
                best = l[j] > l[best] ? j : best;
                best32 = ref32.data()[i * classes + j] > ref32.data()[i * classes + best32] ? j : best32;
            }
            assertEquals(best32, best, "argmax of image " + i);
        }
        System.out.println(name + ", float engine against the official float64 logits on " + images.size()
                + " images: largest difference " + worst);
        assertTrue(worst < 1e-5, "largest logit difference " + worst);
    }

    @ParameterizedTest
    @CsvSource({"sdbnn-resnet20-random", "sdbnn-resnet18-random"})
    void theIntegerModelWithItsSqueezeExciteThresholdAgreesWithTheFloatEngine(String set) throws IOException {
        Path dir = SharedData.path("reference/" + set);
        Network net = OfficialNetworks.fromCheckpoint(dir.resolve("model.th"), null);
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        List<int[]> images = SharedData.images(dir.resolve("images_u8.npy"));
        FloatEngine fe = new FloatEngine(net);
        IntegerEngine ie = new IntegerEngine(inet);
        double worst = 0;
        for (int i = 0; i < images.size(); i++) {
            double[] f = fe.logits(images.get(i));
            int[] g = ie.logits(images.get(i));
            int bf = 0;
            int bg = 0;
            for (int j = 0; j < f.length; j++) {
                worst = Math.max(worst, Math.abs(f[j] - Math.scalb((double) g[j], -QuantConfig.DEFAULT.fracBits())));
                bf = f[j] > f[bf] ? j : bf;
                bg = g[j] > g[bg] ? j : bg;
            }
            assertEquals(bf, bg, set + ": argmax of image " + i);
        }
        System.out.println(set + ": integer model against the float engine, largest logit difference " + worst);
        assertTrue(worst < 1e-4, "largest logit difference " + worst);
    }

    @Test
    void theSigmoidTableIsWithinAStreamStepAndAQuarterEverywhere() {
        // Half a step from rounding the entries, half from rounding the interpolation, and h^2/8 * max|sigma''| =
        // 0.19 steps at 2^-8 between entries.
        int f = QuantConfig.DEFAULT.fracBits();
        SeThreshold se = new SeThreshold(1, 1, 1, new int[] {0}, 0, new int[] {0}, 0, f);
        double worst = 0;
        for (long z = -(20L << f); z <= 20L << f; z += 997) {
            double exact = Math.scalb(1 / (1 + Math.exp(-Math.scalb((double) z, -f))), f);
            worst = Math.max(worst, Math.abs(se.sigmoid(z) - exact));
        }
        System.out.println("sigmoid table: largest error " + worst + " stream steps");
        assertTrue(worst <= 1.25, "sigmoid off by " + worst + " stream steps");
    }

    @Test
    void aRandomBiReal18ImportsAndRuns() {
        // The structure of SD-BNN's ImageNet model (birealnet18) with random parameters: no reference logits exist for it.
        java.util.Random r = new java.util.Random(3);
        Map<String, NdArray> sd = new LinkedHashMap<>();
        java.util.function.BiConsumer<String, int[]> put = (k, shape) -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = k.endsWith("running_var") ? 0.5 + r.nextDouble() : r.nextGaussian() * 0.1;
            }
            sd.put(k, new NdArray(shape, v, "float32"));
        };
        java.util.function.BiConsumer<String, Integer> bn = (k, c) -> {
            for (String p : List.of("weight", "bias", "running_mean", "running_var")) {
                put.accept(k + "." + p, new int[] {c});
            }
        };
        put.accept("conv1.weight", new int[] {64, 3, 7, 7});
        bn.accept("bn1", 64);
        int in = 64;
        for (int stage = 0; stage < 4; stage++) {
            int planes = 64 << stage;
            for (int blk = 0; blk < 4; blk++) {
                String b = "layer" + (stage + 1) + "." + blk;
                put.accept(b + ".binary_conv.weights", new int[] {planes * in * 9, 1});
                put.accept(b + ".binary_conv.alpha", new int[] {planes});
                put.accept(b + ".binary_conv.beta.fc.0.weight", new int[] {in / 8, in});
                put.accept(b + ".binary_conv.beta.fc.2.weight", new int[] {in, in / 8});
                bn.accept(b + ".bn1", planes);
                put.accept(b + ".prelu.weight", new int[] {planes});
                if (stage > 0 && blk == 0) {
                    put.accept(b + ".downsample.1.weight", new int[] {planes, in, 1, 1});
                    bn.accept(b + ".downsample.2", planes);
                }
                in = planes;
            }
        }
        put.accept("fc.weight", new int[] {1000, 512});
        put.accept("fc.bias", new int[] {1000});
        Network net = SdBnnNetworks.biReal18(DIR, sd);
        assertEquals(16, net.binaryConvs().size());
        int[] image = new int[3 * 224 * 224];
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextInt(256);
        }
        double[] logits = new FloatEngine(net).logits(image);
        assertEquals(1000, logits.length);
        for (double v : logits) {
            assertTrue(Double.isFinite(v));
        }
        // An SD-BNN state dict of this structure is recognised by its keys.
        assertTrue(SdBnnNetworks.isSdBnn(sd));
    }

    @Test
    void aMissingSqueezeExciteKeyIsNamed() throws IOException {
        Map<String, NdArray> sd = new LinkedHashMap<>(TorchCheckpoint.readStateDict(DIR.resolve("model.th")));
        sd.remove("layer2.1.conv2.dybeta.fc.2.weight");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SdBnnNetworks.resnet20(DIR, sd));
        assertTrue(e.getMessage().contains("layer2.1.conv2.dybeta.fc.2.weight") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aWsdParameterOfTheWrongShapeIsNamed() throws IOException {
        Map<String, NdArray> sd = new LinkedHashMap<>(TorchCheckpoint.readStateDict(DIR.resolve("model.th")));
        sd.put("layer1.0.conv1.alpha", new NdArray(new int[] {15}, new double[15], "float32"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SdBnnNetworks.resnet20(DIR, sd));
        assertTrue(e.getMessage().contains("layer1.0.conv1.alpha"), e.getMessage());
    }
}
