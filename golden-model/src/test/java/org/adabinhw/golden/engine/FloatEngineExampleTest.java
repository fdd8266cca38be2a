package org.adabinhw.golden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.QuantisationReport;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;
import org.junit.jupiter.api.Test;

/** The embedded MNIST example: the Java engines against the logits PyTorch computed when it was exported. */
class FloatEngineExampleTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "mnist");

    @Test
    void floatEngineReproducesPyTorchAndIntegerModelAgrees() throws IOException {
        assumeTrue(Files.isRegularFile(EXAMPLE.resolve("network.json")), "example network absent: skipping");
        Network net = NetworkFormat.read(EXAMPLE.resolve("network.json"));
        NdArray img = Npy.read(EXAMPLE.resolve("heldout_u8.npy"));
        NdArray ref = Npy.read(EXAMPLE.resolve("heldout_logits_float.npy"));
        int n = 500;
        int per = img.size() / img.shape()[0];
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] px = new int[per];
            for (int j = 0; j < per; j++) {
                px[j] = (int) img.data()[i * per + j];
            }
            images.add(px);
        }
        double[][] logits = new FloatEngine(net).logits(images);
        int classes = net.classes();
        int close = 0;
        for (int i = 0; i < n; i++) {
            double[] expected = new double[classes];
            double worst = 0;
            for (int c = 0; c < classes; c++) {
                expected[c] = ref.data()[i * classes + c];
                worst = Math.max(worst, Math.abs(expected[c] - logits[i][c]));
            }
            assertEquals(QuantisationReport.argmax(expected), QuantisationReport.argmax(logits[i]), "argmax of image " + i);
            close += worst <= 1e-3 ? 1 : 0;
        }
        // PyTorch computes in float32: an input within float32 rounding of a threshold may binarise the other
        // way in double precision (one of the 2,000 held-out digits does), so allow a rare image to differ.
        assertTrue(close >= n - 2, close + " of " + n + " images within 1e-3 of PyTorch's logits");
        QuantisationReport r = QuantisationReport.measure(net, IntegerCompiler.compile(net, QuantConfig.DEFAULT), images);
        assertEquals(n, r.argmaxAgreement(), r.format());
        assertTrue(r.worstAgreement() >= 0.999, r.format());
    }
}
