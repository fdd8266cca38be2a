package org.adabinhw.golden.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0).
 *
 * <p>Supported element types: {@code |u1}, {@code |i1}, {@code <i2}, {@code <i4}, {@code <i8},
 * {@code <f2}, {@code <f4}, {@code <f8} and {@code |b1}, little-endian, C order. Writes are atomic:
 * the target file is replaced only once it is completely written.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final String SUPPORTED = "|u1, |i1, <i2, <i4, <i8, <f2, <f4, <f8, |b1";
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final int MAX_HEADER = 1 << 20;

    private Npy() {
    }

    /**
     * Reads an array; its {@link NdArray#dtype()} is the file's NumPy type name, e.g. "uint8".
     *
     * @throws ModelFormatException if the file is not a valid .npy file, is truncated, or uses an
     *     unsupported dtype, Fortran order or big-endian data
     * @throws IOException if the file cannot be read
     */
    public static NdArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            long fileSize = ch.size();
            ByteBuffer prefix = FileIo.readFully(ch, 0, (int) Math.min(12, fileSize));
            for (int i = 0; i < MAGIC.length; i++) {
                if (prefix.limit() <= i || prefix.get(i) != MAGIC[i]) {
                    throw ModelFormatException.at(file, "not a .npy file (missing the \\x93NUMPY magic)");
                }
            }
            if (prefix.limit() < 10) {
                throw ModelFormatException.at(file, "truncated .npy file (" + fileSize + " bytes)");
            }
            int major = prefix.get(6);
            long headerLen;
            int headerStart;
            if (major == 1) {
                headerLen = prefix.getShort(8) & 0xffff;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (prefix.limit() < 12) {
                    throw ModelFormatException.at(file, "truncated .npy file (" + fileSize + " bytes)");
                }
                headerLen = prefix.getInt(8) & 0xffffffffL;
                headerStart = 12;
            } else {
                throw ModelFormatException.at(file, "unsupported .npy format version " + major + "."
                        + prefix.get(7) + " (supported: 1.0, 2.0, 3.0)");
            }
            if (headerLen > MAX_HEADER || headerStart + headerLen > fileSize) {
                throw ModelFormatException.at(file, "header length " + headerLen
                        + " exceeds the file size " + fileSize + "; the file is truncated or corrupt");
            }
            ByteBuffer headerBytes = FileIo.readFully(ch, headerStart, (int) headerLen);
            String header = new String(headerBytes.array(), 0, headerBytes.limit(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            ElementType type = parseDescr(file, header);
            int[] shape = parseShape(file, header);
            long count = 1;
            for (int d : shape) {
                count = Math.min(count * d, Integer.MAX_VALUE);
            }
            if (count * type.size > Integer.MAX_VALUE - 8) {
                throw ModelFormatException.at(file, "array of shape " + Arrays.toString(shape)
                        + " is too large to read (over 2 GB)");
            }
            long dataStart = headerStart + headerLen;
            long expected = count * type.size;
            if (fileSize - dataStart != expected) {
                throw ModelFormatException.at(file, "data section has " + (fileSize - dataStart)
                        + " bytes but shape " + Arrays.toString(shape) + " of "
                        + type.numpyName + " needs " + expected + (fileSize - dataStart < expected
                                ? "; the file is truncated" : "; the file has trailing bytes"));
            }
            ByteBuffer data = FileIo.readFully(ch, dataStart, (int) expected);
            return new NdArray(shape, type.decode(data, (int) count), type.numpyName);
        }
    }

    /**
     * Writes {@code array} in its own dtype (see {@link #write(Path, NdArray, String)}).
     *
     * @throws ModelFormatException if the array's dtype cannot be stored in .npy or a value does
     *     not fit it
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, NdArray array) throws IOException {
        write(file, array, array.dtype());
    }

    /**
     * Writes {@code array} as a version 1.0 .npy file (2.0 if the header needs it) with the given
     * element type: "float64", "float32", "float16", "int64", "int32", "int16", "int8", "uint8" or
     * "bool". Values must be representable: integers in range, booleans 0 or 1, floats within the
     * float range (NaN and infinities pass through).
     *
     * @throws ModelFormatException naming the element if a value does not fit {@code dtype}, or if
     *     {@code dtype} is not supported; the target file is then left untouched
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, NdArray array, String dtype) throws IOException {
        ElementType type = ElementType.byNumpyName(dtype);
        if (type == null || type.npyCode == null) {
            throw ModelFormatException.at(file, "cannot write dtype '" + dtype + "' to .npy; valid: "
                    + "float64, float32, float16, int64, int32, int16, int8, uint8, bool");
        }
        StringBuilder shape = new StringBuilder("(");
        for (int d : array.shape()) {
            shape.append(d).append(", ");
        }
        if (array.rank() > 0) {
            shape.setLength(shape.length() - (array.rank() == 1 ? 1 : 2));
        }
        shape.append(')');
        String dict = "{'descr': '" + (type.size == 1 ? "|" : "<") + type.npyCode
                + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int padded = (10 + dict.length() + 1 + 63) / 64 * 64;
        int version = padded - 10 > 0xffff ? 2 : 1;
        int prefixLen = version == 1 ? 10 : 12;
        padded = (prefixLen + dict.length() + 1 + 63) / 64 * 64;
        byte[] header = (dict + " ".repeat(padded - prefixLen - dict.length() - 1) + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer prefix = ByteBuffer.allocate(prefixLen).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            prefix.putShort((short) header.length);
        } else {
            prefix.putInt(header.length);
        }
        FileIo.writeAtomically(file, out -> {
            out.write(prefix.array());
            out.write(header);
            type.write(out, array, file, "array");
        });
    }

    private static ElementType parseDescr(Path file, String header) {
        Matcher m = DESCR.matcher(header);
        if (!m.find()) {
            throw ModelFormatException.at(file, "header has no simple 'descr' entry (structured "
                    + "arrays are not supported): " + header.strip());
        }
        String descr = m.group(1);
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) {
            throw ModelFormatException.at(file, "header has no 'fortran_order' entry: " + header.strip());
        }
        if (f.group(1).equals("True")) {
            throw ModelFormatException.at(file, "array is stored in Fortran (column-major) order; only "
                    + "C order is supported: re-save it with np.save(f, np.ascontiguousarray(a))");
        }
        if (descr.length() == 3) {
            String code = descr.substring(1);
            for (ElementType t : ElementType.values()) {
                if (code.equals(t.npyCode)) {
                    char order = descr.charAt(0);
                    if (order == '<' || order == '|' || t.size == 1) {
                        return t;
                    }
                    if (order == '>') {
                        throw ModelFormatException.at(file, "big-endian dtype '" + descr + "' is not "
                                + "supported; re-save it with a.astype('<" + code + "')");
                    }
                }
            }
        }
        throw ModelFormatException.at(file, "unsupported dtype '" + descr + "'; supported: " + SUPPORTED);
    }

    private static int[] parseShape(Path file, String header) {
        Matcher m = SHAPE.matcher(header);
        if (!m.find()) {
            throw ModelFormatException.at(file, "header has no valid 'shape' tuple: " + header.strip());
        }
        List<Integer> dims = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            String s = part.strip();
            if (s.endsWith("L")) {
                s = s.substring(0, s.length() - 1);
            }
            if (s.isEmpty()) {
                continue;
            }
            try {
                int d = Integer.parseInt(s);
                if (d < 0) {
                    throw new NumberFormatException();
                }
                dims.add(d);
            } catch (NumberFormatException e) {
                throw ModelFormatException.at(file, "invalid dimension '" + part.strip() + "' in shape ("
                        + m.group(1) + "); dimensions must be non-negative integers below 2^31");
            }
        }
        return dims.stream().mapToInt(Integer::intValue).toArray();
    }
}
