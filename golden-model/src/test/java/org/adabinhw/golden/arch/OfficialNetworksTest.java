package org.adabinhw.golden.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.QuantisationReport;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.junit.jupiter.api.Test;

/**
 * The float reference and the integer golden model on the official checkpoints, against the logits and
 * activation signs that the official PyTorch code computed ({@code shared/reference}).
 */
class OfficialNetworksTest {

    @Test
    void resnet20FloatReferenceMatchesPyTorchLogitsAndActivationSigns() throws IOException {
        Path dir = SharedData.path("reference/resnet20-official");
        Network net = OfficialNetworks.fromCheckpoint(SharedData.path("models/adabin-resnet20-cifar10-official.th"), null);
        assertEquals("resnet20", net.name());
        List<int[]> images = SharedData.images(dir.resolve("images_u8.npy"));
        FloatEngine fe = new FloatEngine(net);
        List<Node> convs = net.binaryConvs();
        assertEquals(18, convs.size());
        NdArray[] signs = new NdArray[convs.size()];
        for (int k = 0; k < convs.size(); k++) {
            signs[k] = Npy.read(dir.resolve("act_signs_" + convs.get(k).name() + ".npy"));
        }
        NdArray ref = Npy.read(dir.resolve("logits.npy"));
        for (int i = 0; i < images.size(); i++) {
            var values = fe.run(images.get(i), true);
            for (int k = 0; k < convs.size(); k++) {
                Node b = convs.get(k);
                byte[] s = fe.activationSigns(b, values.get(b.inputs().get(0)));
                int per = signs[k].size() / images.size();
                for (int j = 0; j < per; j++) {
                    assertEquals(signs[k].data()[i * per + j], s[j],
                            "image " + i + ", layer " + b.name() + ", activation " + j);
                }
            }
            assertLogitsMatch(ref, i, values.get(net.output().name()));
        }
    }

    @Test
    void resnet18CifarFloatReferenceMatchesPyTorchLogits() throws IOException {
        Path dir = SharedData.path("reference/resnet18-cifar-random");
        Network net = OfficialNetworks.fromCheckpoint(dir.resolve("model.th"), null);
        assertEquals("resnet18-cifar", net.name());
        List<int[]> images = SharedData.images(dir.resolve("images_u8.npy"));
        NdArray ref = Npy.read(dir.resolve("logits.npy"));
        double[][] logits = new FloatEngine(net).logits(images);
        for (int i = 0; i < images.size(); i++) {
            assertLogitsMatch(ref, i, logits[i]);
        }
    }

    private static void assertLogitsMatch(NdArray ref, int image, double[] logits) {
        int classes = ref.shape()[1];
        double[] expected = new double[classes];
        for (int c = 0; c < classes; c++) {
            expected[c] = ref.data()[image * classes + c];
            assertEquals(expected[c], logits[c], 1e-3, "image " + image + ", class " + c);
        }
        assertEquals(QuantisationReport.argmax(expected), QuantisationReport.argmax(logits), "argmax of image " + image);
    }

    @Test
    void resnet20IntegerModelAgreesWithFloatReference() throws IOException {
        Network net = OfficialNetworks.fromCheckpoint(SharedData.path("models/adabin-resnet20-cifar10-official.th"), null);
        List<int[]> images = SharedData.images(SharedData.path("reference/resnet20-official/images_u8.npy"));
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        QuantisationReport r = QuantisationReport.measure(net, inet, images);
        assertAcceptable(r, 15);
        assertTrue(r.saturation().isEmpty(), "no saturation expected: " + r.saturation().keySet());
    }

    @Test
    void resnet18CifarIntegerModelAgreesWithFloatReference() throws IOException {
        Path dir = SharedData.path("reference/resnet18-cifar-random");
        Network net = OfficialNetworks.fromCheckpoint(dir.resolve("model.th"), null);
        List<int[]> images = SharedData.images(dir.resolve("images_u8.npy"));
        QuantisationReport r = QuantisationReport.measure(net, IntegerCompiler.compile(net, QuantConfig.DEFAULT), images);
        // A random network has no margin around its thresholds: one input within 1e-6 of a threshold in
        // layer4.0 (measured: 0.3812208 vs 0.3812201) flips, and 4608-tap fan-in with BN gains spreads it to
        // 0.2% of the last layer's bits. The trained ResNet-20 above meets the tighter bound.
        assertAcceptable(r, images.size(), 0.995, 0.03);
    }

    private static void assertAcceptable(QuantisationReport r, int minArgmax) {
        assertAcceptable(r, minArgmax, 0.999, 0.02);
    }

    private static void assertAcceptable(QuantisationReport r, int minArgmax, double minBits, double maxLogitError) {
        for (QuantisationReport.LayerBits l : r.layers()) {
            assertTrue(l.agreement() >= minBits, l.layer() + ": only " + l.agreement() + " of activation bits agree\n" + r.format());
        }
        assertTrue(r.argmaxAgreement() >= minArgmax, "argmax agreement " + r.argmaxAgreement() + "\n" + r.format());
        assertTrue(r.meanAbsLogitError() <= maxLogitError * r.logitStd(), "mean logit error\n" + r.format());
    }
}
