package org.adabinhw.golden.arch;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.io.NdArray;

/**
 * A checkpoint's tensors as an architecture builder consumes them: every read checks the shape and that
 * the values are finite, and at the end every tensor must have been used or explicitly ignored, so that a
 * checkpoint of another architecture is not half-read silently.
 */
final class StateDict {
    private final Path file;
    private final Map<String, NdArray> tensors;
    private final Set<String> used = new HashSet<>();

    StateDict(Path file, Map<String, NdArray> tensors) {
        this.file = file;
        this.tensors = tensors;
    }

    Path file() {
        return file;
    }

    boolean has(String key) {
        return tensors.containsKey(key);
    }

    /** The shape of a tensor, or {@code null} if absent. */
    int[] shapeOf(String key) {
        NdArray a = tensors.get(key);
        return a == null ? null : a.shape();
    }

    /** Takes the tensor {@code key}, which must have exactly {@code shape}. */
    double[] take(String key, int... shape) {
        NdArray a = tensors.get(key);
        if (a == null) {
            throw ModelFormatException.at(file, "missing tensor '" + key + "' (shape " + Arrays.toString(shape) + ")");
        }
        if (!Arrays.equals(a.shape(), shape)) {
            throw ModelFormatException.at(file, "tensor '" + key + "' has shape " + Arrays.toString(a.shape())
                    + " but " + Arrays.toString(shape) + " was expected");
        }
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            if (!Double.isFinite(d[i])) {
                throw ModelFormatException.at(file, "tensor '" + key + "' contains " + d[i] + " at index " + i);
            }
        }
        used.add(key);
        return d;
    }

    /** Takes a scalar (shape [] or [1]). */
    double scalar(String key) {
        NdArray a = tensors.get(key);
        if (a != null && a.size() == 1 && a.shape().length <= 1) {
            return take(key, a.shape())[0];
        }
        return take(key)[0];
    }

    /** Marks every tensor matching {@code p} as used (keys the forward pass never reads). */
    void ignore(Predicate<String> p) {
        for (String k : tensors.keySet()) {
            if (p.test(k)) {
                used.add(k);
            }
        }
    }

    /** Fails naming the first tensors no layer of {@code arch} took. */
    void requireAllUsed(String arch) {
        Set<String> left = new TreeSet<>(tensors.keySet());
        left.removeAll(used);
        if (!left.isEmpty()) {
            String some = String.join(", ", left.stream().limit(5).toList());
            throw ModelFormatException.at(file, "unknown key" + (left.size() > 1 ? "s " : " ") + some
                    + (left.size() > 5 ? " (and " + (left.size() - 5) + " more)" : "")
                    + ": not part of architecture " + arch);
        }
    }
}
