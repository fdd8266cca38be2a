package org.adabinhw.golden.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import org.adabinhw.golden.io.ModelFormatException;

/**
 * Typed access to the fields of one JSON object of a network file. Every error names the file, the object
 * ({@code where}, e.g. {@code layer 'conv1' (conv2d)}), the field, the value found and what would be valid.
 */
final class LayerFields {
    private final Path file;
    private final String where;
    private final JsonNode node;

    LayerFields(Path file, String where, JsonNode node) {
        this.file = file;
        this.where = where;
        this.node = node;
    }

    /** An error about this object. */
    ModelFormatException error(String what) {
        return ModelFormatException.at(file, where + ": " + what);
    }

    /** Rejects any field not in {@code allowed}, listing the valid ones. */
    void rejectUnknown(List<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw error("unknown field '" + n + "'; valid fields: " + String.join(", ", allowed));
            }
        }
    }

    boolean has(String key) {
        return node.has(key);
    }

    String requiredString(String key) {
        JsonNode v = required(key, "a string");
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw invalid(key, v, "a non-empty string");
        }
        return v.asText();
    }

    /** A string that must be one of {@code valid}. */
    String choice(String key, Set<String> valid) {
        String v = requiredString(key);
        if (!valid.contains(v)) {
            throw error("field '" + key + "' is \"" + v + "\"; valid values: " + String.join(", ", valid));
        }
        return v;
    }

    int requiredInt(String key, int min) {
        return toInt(key, required(key, "an integer ≥ " + min), min);
    }

    int optionalInt(String key, int fallback, int min) {
        return node.has(key) ? toInt(key, node.get(key), min) : fallback;
    }

    double requiredDouble(String key) {
        return toDouble(key, required(key, "a number"));
    }

    double optionalDouble(String key, double fallback) {
        return node.has(key) ? toDouble(key, node.get(key)) : fallback;
    }

    boolean optionalBoolean(String key, boolean fallback) {
        if (!node.has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw invalid(key, v, "true or false");
        }
        return v.asBoolean();
    }

    /** An array of exactly {@code length} integers ≥ {@code min} (any length if {@code length < 0}). */
    int[] intArray(String key, int length, int min) {
        JsonNode v = required(key, "an array of integers");
        String expected = (length < 0 ? "an array" : "an array of " + length) + " of integers ≥ " + min;
        if (!v.isArray() || (length >= 0 && v.size() != length)) {
            throw invalid(key, v, expected);
        }
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isIntegralNumber() || !e.canConvertToInt() || e.asInt() < min) {
                throw invalid(key, v, expected);
            }
            out[i] = e.asInt();
        }
        return out;
    }

    /** A non-empty array of finite numbers of exactly {@code length} entries. */
    double[] doubleArray(String key, int length) {
        JsonNode v = required(key, "an array of numbers");
        if (!v.isArray() || v.size() != length) {
            throw invalid(key, v, "an array of " + length + " number(s)");
        }
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
            out[i] = toDouble(key, v.get(i));
        }
        return out;
    }

    /** A non-empty array of strings. */
    List<String> stringArray(String key) {
        JsonNode v = required(key, "an array of layer names");
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual()) {
                    throw invalid(key, v, "an array of layer names (strings)");
                }
                out.add(e.asText());
            }
        }
        if (!v.isArray() || out.isEmpty()) {
            throw invalid(key, v, "a non-empty array of layer names (strings)");
        }
        return out;
    }

    /** A convolution kernel: {@code [kh, kw]}, or one integer for a square kernel. */
    int[] kernel(String key) {
        JsonNode v = required(key, "[kh, kw]");
        if (v.isIntegralNumber()) {
            int k = toInt(key, v, 1);
            return new int[] {k, k};
        }
        return intArray(key, 2, 1);
    }

    private JsonNode required(String key, String expected) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw error("missing field '" + key + "' (" + expected + ")");
        }
        return v;
    }

    private int toInt(String key, JsonNode v, int min) {
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
            throw invalid(key, v, "an integer ≥ " + min);
        }
        return v.asInt();
    }

    private double toDouble(String key, JsonNode v) {
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw invalid(key, v, "a finite number");
        }
        return v.asDouble();
    }

    private ModelFormatException invalid(String key, JsonNode v, String expected) {
        return error("field '" + key + "' is " + v + "; expected " + expected);
    }
}
