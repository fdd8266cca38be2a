package org.adabinhw.golden.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Element types of the supported file formats, with little-endian decoding and encoding. */
enum ElementType {
    FLOAT64("float64", "f8", "F64", 8),
    FLOAT32("float32", "f4", "F32", 4),
    FLOAT16("float16", "f2", "F16", 2),
    BFLOAT16("bfloat16", null, "BF16", 2),
    INT64("int64", "i8", "I64", 8),
    INT32("int32", "i4", "I32", 4),
    INT16("int16", "i2", "I16", 2),
    INT8("int8", "i1", "I8", 1),
    UINT8("uint8", "u1", "U8", 1),
    BOOL("bool", "b1", "BOOL", 1);

    /** NumPy dtype name, as used in {@link NdArray#dtype()}. */
    final String numpyName;
    /** NumPy type code without byte-order character, or null if NumPy has no such type. */
    final String npyCode;
    /** safetensors dtype name. */
    final String safetensorsName;
    /** Bytes per element. */
    final int size;

    ElementType(String numpyName, String npyCode, String safetensorsName, int size) {
        this.numpyName = numpyName;
        this.npyCode = npyCode;
        this.safetensorsName = safetensorsName;
        this.size = size;
    }

    /** Returns the type with the given NumPy name, or null. */
    static ElementType byNumpyName(String name) {
        for (ElementType t : values()) {
            if (t.numpyName.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }

    /** Reads the element at {@code byteOffset} of a little-endian buffer. */
    double get(ByteBuffer b, int byteOffset) {
        return switch (this) {
            case FLOAT64 -> b.getDouble(byteOffset);
            case FLOAT32 -> b.getFloat(byteOffset);
            case FLOAT16 -> Float.float16ToFloat(b.getShort(byteOffset));
            case BFLOAT16 -> Float.intBitsToFloat((b.getShort(byteOffset) & 0xffff) << 16);
            case INT64 -> b.getLong(byteOffset);
            case INT32 -> b.getInt(byteOffset);
            case INT16 -> b.getShort(byteOffset);
            case INT8 -> b.get(byteOffset);
            case UINT8 -> b.get(byteOffset) & 0xff;
            case BOOL -> b.get(byteOffset) != 0 ? 1 : 0;
        };
    }

    /** Decodes {@code count} consecutive elements starting at byte 0 of a little-endian buffer. */
    double[] decode(ByteBuffer b, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = get(b, i * size);
        }
        return out;
    }

    /**
     * Appends {@code v} to a little-endian buffer.
     *
     * @throws IllegalArgumentException if this type cannot represent {@code v}
     */
    void put(ByteBuffer b, double v) {
        switch (this) {
            case FLOAT64 -> b.putDouble(v);
            case FLOAT32 -> b.putFloat(checkRange(v, (float) v));
            case FLOAT16 -> b.putShort(Float.floatToFloat16(checkRange(v, Float.float16ToFloat(
                    Float.floatToFloat16((float) v)))));
            case BFLOAT16 -> b.putShort(toBfloat16(checkRange(v, Float.intBitsToFloat(
                    toBfloat16((float) v) << 16))));
            case INT64 -> b.putLong((long) checkInteger(v, -0x1p63, 0x1p63 - 1024));
            case INT32 -> b.putInt((int) checkInteger(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case INT16 -> b.putShort((short) checkInteger(v, Short.MIN_VALUE, Short.MAX_VALUE));
            case INT8 -> b.put((byte) checkInteger(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> b.put((byte) checkInteger(v, 0, 255));
            case BOOL -> b.put((byte) checkInteger(v, 0, 1));
        }
    }

    private float checkRange(double v, float converted) {
        if (Double.isFinite(v) && Float.isInfinite(converted)) {
            throw new IllegalArgumentException("outside the " + numpyName + " range");
        }
        return (float) v;
    }

    private double checkInteger(double v, double min, double max) {
        if (v != Math.rint(v) || v < min || v > max) {
            throw new IllegalArgumentException("not " + (this == BOOL
                    ? "0 or 1" : "an integer in the " + numpyName + " range [" + (long) min + ", "
                            + (long) max + "]"));
        }
        return v;
    }

    private static short toBfloat16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    /**
     * Writes all elements of {@code array} in this type to {@code out}.
     *
     * @param what names the array in messages, e.g. "tensor 'conv1.weight'"
     * @throws ModelFormatException naming file, array, index and value if an element cannot be
     *     represented in this type
     */
    void write(OutputStream out, NdArray array, Path file, String what) throws IOException {
        double[] data = array.data();
        ByteBuffer chunk = ByteBuffer.allocate(Math.max(size, 65536 / size * size))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; i++) {
            if (!chunk.hasRemaining()) {
                out.write(chunk.array(), 0, chunk.position());
                chunk.clear();
            }
            try {
                put(chunk, data[i]);
            } catch (IllegalArgumentException e) {
                throw ModelFormatException.at(file, "cannot write " + what + " of shape "
                        + Arrays.toString(array.shape()) + " as " + numpyName + ": element "
                        + i + " has value " + data[i] + ", " + e.getMessage());
            }
        }
        out.write(chunk.array(), 0, chunk.position());
    }
}
