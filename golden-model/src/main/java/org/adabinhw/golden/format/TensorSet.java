package org.adabinhw.golden.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;

/**
 * The tensors of a weights file as the layers of a network file consume them. Each layer takes its
 * tensors by parameter name with the shape it expects; at the end every tensor must have been taken, so
 * that a weights file of another network is not half-read silently.
 */
final class TensorSet {
    private final Path json;
    private final Path weights;
    private final Map<String, NdArray> tensors;
    /** Tensor names taken, per layer, in order. */
    private final Map<String, List<String>> taken = new LinkedHashMap<>();

    TensorSet(Path json, Path weights, Map<String, NdArray> tensors) {
        this.json = json;
        this.weights = weights;
        this.tensors = tensors;
        for (Map.Entry<String, NdArray> e : tensors.entrySet()) {
            NdArray.checkFinite(weights, e.getKey(), e.getValue());
        }
    }

    /** Shape of tensor {@code layer.param}, or {@code null} if there is none. */
    int[] shapeOf(String layer, String param) {
        NdArray a = tensors.get(layer + "." + param);
        return a == null ? null : a.shape();
    }

    /**
     * Takes tensor {@code layer.param}, which must exist and have exactly {@code shape}.
     *
     * @param where   the layer for messages, e.g. {@code layer 'conv1' (conv2d)}
     * @param meaning what the dimensions are, for messages, e.g. {@code out_channels x in_channels x kh x kw}
     */
    double[] take(String where, String layer, String param, int[] shape, String meaning) {
        String key = layer + "." + param;
        NdArray a = tensors.get(key);
        if (a == null) {
            throw ModelFormatException.at(json, where + ": missing tensor '" + key + "' of shape "
                    + Arrays.toString(shape) + " (" + meaning + ") in " + weights.getFileName());
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw ModelFormatException.at(json, where + ": tensor '" + key + "' in " + weights.getFileName()
                    + " has shape " + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(shape)
                    + " (" + meaning + ")");
        }
        taken.computeIfAbsent(layer, k -> new ArrayList<>()).add(key);
        return a.data();
    }

    /** Fails if a tensor was not taken, naming every such tensor and what the layers did read. */
    void requireAllTaken() {
        TreeSet<String> extra = new TreeSet<>(tensors.keySet());
        taken.values().forEach(extra::removeAll);
        if (extra.isEmpty()) {
            return;
        }
        StringBuilder why = new StringBuilder();
        for (String key : extra) {
            String owner = null;
            for (String layer : taken.keySet()) {
                if (key.startsWith(layer + ".") && (owner == null || layer.length() > owner.length())) {
                    owner = layer;
                }
            }
            if (owner != null) {
                why.append("; layer '").append(owner).append("' reads only ")
                        .append(String.join(", ", taken.get(owner)));
            }
        }
        throw ModelFormatException.at(json, "tensor(s) " + String.join(", ", extra) + " in "
                + weights.getFileName() + " are not used by any layer" + why
                + "; remove them from the weights file or add the layers (or fields, such as \"bias\": true)"
                + " that use them");
    }
}
