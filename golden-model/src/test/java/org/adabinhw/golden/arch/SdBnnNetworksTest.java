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
import org.adabinhw.golden.ir.Network;
import org.junit.jupiter.api.Test;

/**
 * SD-BNN's ResNet-20 imported from the reference checkpoint ({@code shared/reference/sdbnn-resnet20-random}, random
 * parameters drawn for the official {@code resnet20_1w1a}): the float engine against the official code's float64
 * logits on every image, and bad checkpoints named by key.
 */
class SdBnnNetworksTest {
    private static final Path DIR = SharedData.path("reference/sdbnn-resnet20-random");

    @Test
    void theFloatEngineMatchesTheOfficialCodeInFloat64OnEveryImage() throws IOException {
        Network net = OfficialNetworks.fromCheckpoint(DIR.resolve("model.th"), null);
        assertEquals("sdbnn-resnet20", net.name());
        assertEquals(18, net.binaryConvs().size());
        List<int[]> images = SharedData.images(DIR.resolve("images_u8.npy"));
        NdArray ref64 = Npy.read(DIR.resolve("logits64.npy"));
        NdArray ref32 = Npy.read(DIR.resolve("logits.npy"));
        int classes = ref64.shape()[1];
        double worst = 0;
        for (int i = 0; i < images.size(); i++) {
            double[] l = new FloatEngine(net).logits(images.get(i));
            int best = 0;
            int best32 = 0;
            for (int j = 0; j < classes; j++) {
                worst = Math.max(worst, Math.abs(l[j] - ref64.data()[i * classes + j]));
                best = l[j] > l[best] ? j : best;
                best32 = ref32.data()[i * classes + j] > ref32.data()[i * classes + best32] ? j : best32;
            }
            assertEquals(best32, best, "argmax of image " + i);
        }
        System.out.println("SD-BNN ResNet-20, float engine against the official float64 logits: largest difference " + worst);
        assertTrue(worst < 1e-5, "largest logit difference " + worst);
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
