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
 * The plan of an accelerator: the parallelism of every foldable layer, by layer name, and the depth of the
 * bypass FIFO of residual adds, by add layer. The JSON form (the {@code --folding} file) is
 * <pre>{"layers": {"conv2": {"simd": 16, "pe": 16, "lanes": 2}, "pool": {"simd": 4}, "fc": {"pe": 2}},
 *  "fifos": {"add3": 120}}</pre>
 * Convolutions take {@code simd} (input channels per beat), {@code pe} (output channels computed in parallel)
 * and {@code lanes} (output channels per output beat, a divisor of {@code pe}: the lanes of the stream the
 * convolution writes and of the element-wise blocks after it), pooling
 * layers {@code simd}, the classifier {@code pe} (classes computed in parallel). A layer left out gets the
 * default folding, an add left out of {@code "fifos"} the default depth (or the {@code "fifos"} key is left out
 * altogether); which values are legal is checked by {@link AcceleratorBuilder} against the network.
 * {@code simulate --size-fifos} writes a plan whose {@code "fifos"} are sized by simulation.
 *
 * @param layers layer name → its folding, in file order
 * @param fifos  add layer name → the depth of its bypass FIFO, in file order
 */
public record Folding(Map<String, Layer> layers, Map<String, Integer> fifos) {
    /**
     * The folding of one layer; 0 where a value is not given.
     *
     * @param simd  input channels (lanes) per beat, or 0
     * @param pe    output channels (or classes) computed in parallel, or 0
     * @param lanes output channels per output beat of a convolution, or 0
     */
    public record Layer(int simd, int pe, int lanes) {
        /** Rejects negative values. */
        public Layer {
            if (simd < 0 || pe < 0 || lanes < 0) {
                throw new GeneratorException("folding: SIMD = " + simd + ", PE = " + pe + ", lanes = " + lanes
                        + " must be positive");
            }
        }

        /** A folding without output lanes given. */
        public Layer(int simd, int pe) {
            this(simd, pe, 0);
        }

        /** The values given, e.g. {@code "simd 8 pe 16 lanes 1"}. */
        public String describe() {
            return ((simd > 0 ? "simd " + simd + " " : "") + (pe > 0 ? "pe " + pe + " " : "")
                    + (lanes > 0 ? "lanes " + lanes : "")).strip();
        }
    }

    /** An empty folding: every layer gets the default. */
    public static final Folding DEFAULT = new Folding(Map.of());

    /** Copies the maps, keeping their order; rejects a depth below 1. */
    public Folding {
        layers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(layers));
        fifos = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fifos));
        fifos.forEach((k, v) -> {
            if (v == null || v < 1) {
                throw new GeneratorException("plan: the FIFO of " + k + " has depth " + v + "; it must be a positive integer");
            }
        });
    }

    /** A folding with default FIFO depths. */
    public Folding(Map<String, Layer> layers) {
        this(layers, Map.of());
    }

    /** This plan with other FIFO depths. */
    public Folding withFifos(Map<String, Integer> depths) {
        return new Folding(layers, depths);
    }

    /** The depth of an add's bypass FIFO, or null when the plan does not give it. */
    public Integer fifo(String addLayer) {
        return fifos.get(addLayer);
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
            if (!k.equals("layers") && !k.equals("fifos")) {
                throw new GeneratorException(file + ": unknown key '" + k + "' (legal: \"layers\", \"fifos\")");
            }
        }
        return of(root.get("layers"), root.get("fifos"), file.toString());
    }

    /**
     * The plan of JSON nodes: a {@code "layers"} object and a {@code "fifos"} object or null.
     *
     * @param where names the file in messages
     * @throws GeneratorException naming the file, the layer and the value when something is malformed
     */
    public static Folding of(JsonNode layersNode, JsonNode fifosNode, String where) {
        String file = where;
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = layersNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isObject()) {
                throw new GeneratorException(file + ", layer " + e.getKey() + ": expected {\"simd\": N, \"pe\": N}, got " + v);
            }
            int simd = 0;
            int pe = 0;
            int lanes = 0;
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
                    case "lanes" -> lanes = n.asInt();
                    default -> throw new GeneratorException(file + ", layer " + e.getKey() + ": unknown key '" + kv.getKey()
                            + "' (legal: simd, pe, lanes)");
                }
            }
            layers.put(e.getKey(), new Layer(simd, pe, lanes));
        }
        Map<String, Integer> fifos = new LinkedHashMap<>();
        if (fifosNode != null && !fifosNode.isNull()) {
            if (!fifosNode.isObject()) {
                throw new GeneratorException(file + ": \"fifos\" must be an object {\"<add layer>\": depth}, got " + fifosNode);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = fifosNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                if (!n.isInt() || n.asInt() < 1) {
                    throw new GeneratorException(file + ", FIFO of " + e.getKey() + ": depth " + n + " is not a positive integer");
                }
                fifos.put(e.getKey(), n.asInt());
            }
        }
        return new Folding(layers, fifos);
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
            if (f.lanes() > 0) {
                o.put("lanes", f.lanes());
            }
        });
        if (!fifos.isEmpty()) {
            ObjectNode q = root.putObject("fifos");
            fifos.forEach(q::put);
        }
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
