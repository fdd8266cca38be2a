package org.adabinhw.golden.format;

import java.io.IOException;
import java.nio.file.Path;

import org.adabinhw.golden.io.ModelFormatException;
import org.adabinhw.golden.ir.Network;

/**
 * The adabin-hw network format: a JSON file that lists the layers of a {@link Network} in execution order,
 * and a safetensors file, named by the JSON file's {@code "weights"} field relative to the JSON file's
 * folder, that holds every tensor as {@code <layer>.<param>} with PyTorch's parameter names. The format is
 * specified in {@code docs/network-format.md}, which also gives a Python exporter.
 *
 * <p>Reading validates everything a user can get wrong and reports it as a {@link ModelFormatException}
 * whose message names the file, the layer, the field or tensor, the value found and what would be valid:
 * invalid JSON (with line and column), unknown layer types and fields, inputs that name no earlier layer,
 * missing, unused and mis-shaped tensors, NaN or infinite values, a non-positive AdaBin {@code alpha_a},
 * a missing weights file, and every parameter the IR constructors reject.
 */
public final class NetworkFormat {
    /** The value of the {@code "format"} field. */
    public static final String FORMAT = "adabin-hw-network";
    /** The format version this class reads and writes. */
    public static final int VERSION = 1;

    /** The element type in which {@link #write(Network, Path, Path, Precision)} stores the tensors. */
    public enum Precision {
        /** IEEE single precision (safetensors {@code F32}), as PyTorch trains; the default. */
        FLOAT32("F32"),
        /** IEEE double precision (safetensors {@code F64}): every parameter is kept exactly. */
        FLOAT64("F64");

        private final String dtype;

        Precision(String dtype) {
            this.dtype = dtype;
        }

        /** The safetensors dtype name. */
        String safetensorsDtype() {
            return dtype;
        }
    }

    private NetworkFormat() {
    }

    /**
     * Reads a network file and the weights file it names.
     *
     * @param json the network file
     * @return the validated network
     * @throws ModelFormatException if either file is malformed or they do not fit each other
     * @throws IOException          if the network file cannot be read
     */
    public static Network read(Path json) throws IOException {
        return NetworkReader.read(json);
    }

    /**
     * Writes {@code net} with float32 tensors; see {@link #write(Network, Path, Path, Precision)}.
     *
     * @throws ModelFormatException if a parameter is not finite or outside the float32 range
     * @throws IOException          if a file cannot be written
     */
    public static void write(Network net, Path json, Path weights) throws IOException {
        write(net, json, weights, Precision.FLOAT32);
    }

    /**
     * Writes {@code net} as the network file {@code json} and the safetensors file {@code weights}; the JSON
     * file records the weights path relative to its own folder. Both files are first written to temporary
     * siblings and then moved into place, weights first: if anything fails, neither target is touched and
     * no temporary file is left.
     *
     * @param net       the network
     * @param json      the network file to write
     * @param weights   the weights file to write; must differ from {@code json}
     * @param precision the element type of the stored tensors
     * @throws ModelFormatException if a parameter is not finite or cannot be represented in {@code precision}
     * @throws IOException          if a file cannot be written
     */
    public static void write(Network net, Path json, Path weights, Precision precision) throws IOException {
        NetworkWriter.write(net, json, weights, precision);
    }
}
