package org.adabinhw.golden.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;
import org.adabinhw.golden.ir.WeightBinarizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example network of {@code examples/mnist}, written by {@code tools/train_mnist.py}, loads as documented. */
class ExampleNetworkTest {
    /** The example folder, relative to the module directory (where Maven runs the tests). */
    private static final Path EXAMPLE = Path.of("..", "examples", "mnist");

    @BeforeEach
    void requireExample() {
        assumeTrue(Files.isRegularFile(EXAMPLE.resolve("network.json")), "skipped: " + EXAMPLE.toAbsolutePath().normalize()
                + "/network.json is absent; run /usr/bin/python3 tools/train_mnist.py to create it");
    }

    @Test
    void loadsWithTheExpectedLayersAndShapes() throws IOException {
        Network net = NetworkFormat.read(EXAMPLE.resolve("network.json"));
        assertEquals("mnist-adabin", net.name());
        assertEquals(new Shape(1, 28, 28), net.input().shape());
        assertEquals(1.0 / 255, net.input().scale());
        assertArrayEquals(new double[] {0.1307}, net.input().mean());
        assertArrayEquals(new double[] {0.3081}, net.input().std());
        List<String> layers = List.of("conv1", "bn1", "act1", "conv2", "bn2", "act2", "conv3", "bn3", "add3", "act3",
                "conv4", "bn4", "act4", "pool", "bn5", "fc");
        List<String> types = List.of("conv2d", "batchnorm", "maxout", "binary_conv2d", "batchnorm", "maxout",
                "binary_conv2d", "batchnorm", "add", "maxout", "binary_conv2d", "batchnorm", "maxout",
                "global_avgpool", "batchnorm", "linear");
        assertEquals(layers, net.nodes().stream().map(Node::name).toList());
        assertEquals(types, net.nodes().stream().map(n -> n.op().type()).toList());
        List<Shape> shapes = List.of(new Shape(16, 28, 28), new Shape(16, 28, 28), new Shape(16, 28, 28),
                new Shape(32, 14, 14), new Shape(32, 14, 14), new Shape(32, 14, 14),
                new Shape(32, 14, 14), new Shape(32, 14, 14), new Shape(32, 14, 14), new Shape(32, 14, 14),
                new Shape(64, 7, 7), new Shape(64, 7, 7), new Shape(64, 7, 7),
                new Shape(64, 1, 1), new Shape(64, 1, 1), new Shape(10, 1, 1));
        assertEquals(shapes, layers.stream().map(net::shape).toList());
        assertEquals(List.of("bn3", "act2"), net.node("add3").inputs());
        assertEquals(10, net.classes());

        Op.Conv2d conv1 = (Op.Conv2d) net.node("conv1").op();
        assertEquals(null, conv1.bias());
        assertEquals(1, conv1.padding());
        assertEquals(List.of("conv2", "conv3", "conv4"), net.binaryConvs().stream().map(Node::name).toList());
        for (Node n : net.binaryConvs()) {
            Op.BinaryConv2d b = (Op.BinaryConv2d) n.op();
            assertEquals(3, b.kernelH());
            assertEquals(1, b.padding());
            assertInstanceOf(WeightBinarizer.AdaBin.class, b.weights(), n.name());
            assertTrue(((ActivationBinarizer.AdaBin) b.activations()).alpha() > 0, n.name());
        }
        Op.Linear fc = (Op.Linear) net.node("fc").op();
        assertEquals(64, fc.inFeatures());
        assertEquals(10, fc.bias().length);
    }

    @Test
    void heldOutFilesHaveTheDocumentedShapesAndTypes() throws IOException {
        NdArray images = Npy.read(EXAMPLE.resolve("heldout_u8.npy"));
        NdArray labels = Npy.read(EXAMPLE.resolve("heldout_labels.npy"));
        NdArray logits = Npy.read(EXAMPLE.resolve("heldout_logits_float.npy"));
        assertEquals("uint8", images.dtype());
        assertArrayEquals(new int[] {2000, 1, 28, 28}, images.shape());
        assertEquals("int64", labels.dtype());
        assertArrayEquals(new int[] {2000}, labels.shape());
        assertEquals("float32", logits.dtype());
        assertArrayEquals(new int[] {2000, 10}, logits.shape());
        int correct = 0;
        for (int i = 0; i < 2000; i++) {
            int best = 0;
            for (int c = 1; c < 10; c++) {
                if (logits.data()[i * 10 + c] > logits.data()[i * 10 + best]) {
                    best = c;
                }
            }
            correct += best == (int) labels.data()[i] ? 1 : 0;
        }
        assertTrue(correct >= 1940, "the PyTorch logits classify " + correct + " of 2000 held-out digits correctly");
    }
}
