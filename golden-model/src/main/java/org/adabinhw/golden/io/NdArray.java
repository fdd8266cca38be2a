package org.adabinhw.golden.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major (C order) array of numbers, as read from or written to a tensor file.
 *
 * <p>Elements are held as {@code double} whatever the source element type; {@code dtype} records
 * that type by its NumPy name ({@code "float32"}, {@code "float64"}, {@code "float16"},
 * {@code "bfloat16"}, {@code "int64"}, {@code "int32"}, {@code "int16"}, {@code "int8"},
 * {@code "uint8"}, {@code "bool"}). Every value of those types is exact as a double except 64-bit
 * integers beyond ±2<sup>53</sup>. A scalar has shape {@code int[0]} and one element.
 *
 * <p>{@link #shape()} is copied on the way in and out; {@link #data()} is not copied (arrays can be
 * large), so callers that keep a reference must not modify it afterwards.
 *
 * @param shape dimension sizes, each {@code >= 0}; their product must equal {@code data.length}
 * @param data elements in C order
 * @param dtype NumPy-style name of the source element type
 */
public record NdArray(int[] shape, double[] data, String dtype) {

    /**
     * Validates the array.
     *
     * @throws IllegalArgumentException if a dimension is negative, the shape's element count differs
     *     from {@code data.length}, or {@code dtype} is blank
     */
    public NdArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dtype, "dtype");
        shape = shape.clone();
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "shape " + Arrays.toString(shape) + " has a negative dimension " + d);
            }
            count = Math.min(count * d, Long.MAX_VALUE / Integer.MAX_VALUE);
        }
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                    + (count == Long.MAX_VALUE / Integer.MAX_VALUE ? "too many" : count)
                    + " elements but data has " + data.length);
        }
        if (dtype.isBlank()) {
            throw new IllegalArgumentException("dtype must not be blank");
        }
    }

    /** Returns a float64 array of the given shape; {@code data} is used as is, not copied. */
    public static NdArray of(int[] shape, double[] data) {
        return new NdArray(shape, data, "float64");
    }

    /** Returns a copy of the shape. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar). */
    public int size() {
        return data.length;
    }

    /** Number of dimensions (0 for a scalar). */
    public int rank() {
        return shape.length;
    }

    /**
     * Returns the element at the given multi-index ({@code get()} for a scalar).
     *
     * @throws IndexOutOfBoundsException if the index has the wrong rank or is out of range
     */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " has rank "
                    + index.length + " but the array has shape " + Arrays.toString(shape));
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index)
                        + " is out of range for shape " + Arrays.toString(shape));
            }
            flat = flat * shape[i] + index[i];
        }
        return data[flat];
    }

    /**
     * Checks that every element of {@code array} is finite.
     *
     * @param file the file the array came from, for the message
     * @param key the tensor's name in that file, for the message
     * @throws ModelFormatException naming file, key, index and value of the first NaN or infinity
     */
    public static void checkFinite(Path file, String key, NdArray array) {
        double[] values = array.data;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                String where = array.rank() > 1
                        ? " (element " + Arrays.toString(unravel(i, array.shape)) + " of shape "
                                + Arrays.toString(array.shape) + ")"
                        : "";
                throw ModelFormatException.at(file, "tensor '" + key + "' contains " + values[i]
                        + " at index " + i + where + "; all values must be finite");
            }
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /** Arrays are equal when dtype, shape and every element (compared bitwise) are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof NdArray other && dtype.equals(other.dtype)
                && Arrays.equals(shape, other.shape) && Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    /** Returns e.g. {@code NdArray[float32 [2, 3]: 0.0, 0.5, 1.0, 1.5, 2.0, 2.5]} (at most 8 values). */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("NdArray[").append(dtype).append(' ')
                .append(Arrays.toString(shape)).append(':');
        for (int i = 0; i < Math.min(8, data.length); i++) {
            s.append(i == 0 ? " " : ", ").append(data[i]);
        }
        return s.append(data.length > 8 ? ", ...]" : "]").toString();
    }
}
