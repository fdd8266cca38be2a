package org.adabinhw.generator.accelerator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.GeneratorException;

/**
 * The parallelism of every foldable layer of an accelerator, by layer name. The JSON form (the
 * {@code --folding} file) is
 * <pre>{"layers": {"conv2": {"simd": 16, "pe": 16}, "pool": {"simd": 4}, "fc": {"pe": 2}}}</pre>
 * Convolutions take {@code simd} (input channels per beat) and {@code pe} (output channels per beat), pooling
 * layers {@code simd}, the classifier {@code pe} (classes computed in parallel). A layer left out gets the
 * default folding; which values are legal is checked by {@link AcceleratorBuilder} against the network.
 *
 * @param layers layer name → its folding, in file order
 */
public record Folding(Map<String, Layer> layers) {
    /**
     * The folding of one layer; 0 where a value is not given.
     *
     * @param simd input channels (lanes) per beat, or 0
     * @param pe   output channels (or classes) per beat, or 0
     */
    public record Layer(int simd, int pe) {
        /** Rejects negative values. */
        public Layer {
            if (simd < 0 || pe < 0) {
                throw new GeneratorException("folding: SIMD = " + simd + ", PE = " + pe + " must be positive");
            }
        }
    }

    /** An empty folding: every layer gets the default. */
    public static final Folding DEFAULT = new Folding(Map.of());

    /** Copies the map, keeping its order. */
    public Folding {
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
    }

    /** The folding of a layer, or null when the file does not name it. */
    public Layer of(String layer) {
        return layers.get(layer);
    }

    /**
     * Reads a folding file.
     *
     * @throws GeneratorException naming the file, the layer and the value when it is malformed
     */
    public static Folding read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new GeneratorException(file + ": cannot read the folding file: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("layers").isObject()) {
            throw new GeneratorException(file + ": a folding file is an object {\"layers\": {\"<layer>\": {\"simd\": N, \"pe\": N}}}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("layers")) {
                throw new GeneratorException(file + ": unknown key '" + k + "' (only \"layers\")");
            }
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("layers").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new GeneratorException(file + ", layer " + e.getKey() + ": expected {\"simd\": N, \"pe\": N}, got " + v);
            }
            int simd = 0;
            int pe = 0;
            for (Iterator<Map.Entry<String, JsonNode>> f = v.fields(); f.hasNext(); ) {
                Map.Entry<String, JsonNode> kv = f.next();
                JsonNode n = kv.getValue();
                if (!n.isInt() || n.asInt() < 1) {
                    throw new GeneratorException(file + ", layer " + e.getKey() + ": " + kv.getKey() + " = " + n
                            + " is not a positive integer");
                }
                switch (kv.getKey()) {
                    case "simd" -> simd = n.asInt();
                    case "pe" -> pe = n.asInt();
                    default -> throw new GeneratorException(file + ", layer " + e.getKey() + ": unknown key '" + kv.getKey()
                            + "' (legal: simd, pe)");
                }
            }
            layers.put(e.getKey(), new Layer(simd, pe));
        }
        return new Folding(layers);
    }

    /** The JSON form, keys in this folding's order, ending in a newline. */
    public String toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        ObjectNode l = root.putObject("layers");
        layers.forEach((name, f) -> {
            ObjectNode o = l.putObject(name);
            if (f.simd() > 0) {
                o.put("simd", f.simd());
            }
            if (f.pe() > 0) {
                o.put("pe", f.pe());
            }
        });
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
