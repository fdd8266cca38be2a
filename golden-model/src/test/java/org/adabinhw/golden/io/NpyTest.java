package org.adabinhw.golden.io;

import static org.adabinhw.golden.io.IoTestSupport.resource;
import static org.adabinhw.golden.io.IoTestSupport.shared;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyTest {
    @TempDir
    Path tmp;

    private static void assertValues(NdArray a, String dtype, int[] shape, double... values) {
        assertEquals(dtype, a.dtype());
        assertArrayEquals(shape, a.shape());
        assertArrayEquals(values, a.data());
    }

    private static double[] range(int from, int to, double scale) {
        double[] v = new double[to - from];
        for (int i = 0; i < v.length; i++) {
            v[i] = (from + i) * scale;
        }
        return v;
    }

    /** Writes a .npy v1 file with the given header dict and data bytes. */
    private Path npy(String name, String dict, byte[] data) throws IOException {
        String header = dict + " ".repeat(63 - (10 + dict.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        return Files.write(tmp.resolve(name), b.array());
    }

    private ModelFormatException assertRejected(Path file, String fragment) {
        var e = assertThrows(ModelFormatException.class, () -> Npy.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(fragment), e.getMessage());
        return e;
    }

    @Test
    void readsNumpyFilesOfEveryDtype() throws IOException {
        assertValues(Npy.read(resource("npy_uint8.npy")), "uint8", new int[] {2, 3, 4}, range(0, 24, 10));
        assertValues(Npy.read(resource("npy_int8.npy")), "int8", new int[] {4, 6}, range(-12, 12, 1));
        assertValues(Npy.read(resource("npy_int16.npy")), "int16", new int[] {6}, range(-3, 3, 1000));
        assertValues(Npy.read(resource("npy_int32.npy")), "int32", new int[] {3},
                Integer.MIN_VALUE, 0, Integer.MAX_VALUE);
        assertValues(Npy.read(resource("npy_int64.npy")), "int64", new int[] {4}, -0x1p62, 0, 0x1p53, 5);
        assertValues(Npy.read(resource("npy_float16.npy")), "float16", new int[] {3}, .5, -2, 65504);
        assertValues(Npy.read(resource("npy_float32.npy")), "float32", new int[] {2, 3}, range(0, 6, .25));
        assertValues(Npy.read(resource("npy_float64.npy")), "float64", new int[] {3},
                Math.PI, -1e300, Double.MIN_VALUE);
        assertValues(Npy.read(resource("npy_bool.npy")), "bool", new int[] {3}, 1, 0, 1);
        assertValues(Npy.read(resource("npy_scalar.npy")), "float64", new int[0], 2.5);
    }

    @Test
    void readsFormatVersions2And3() throws IOException {
        assertValues(Npy.read(resource("npy_v2.npy")), "float32", new int[] {4}, 0, 1, 2, 3);
        assertValues(Npy.read(resource("npy_v3.npy")), "float32", new int[] {4}, 0, 1, 2, 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "bool",
        "scalar"})
    void rewritingANumpyFileReproducesItByteForByte(String name) throws IOException {
        Path original = resource("npy_" + name + ".npy");
        Path copy = tmp.resolve(name + ".npy");
        Npy.write(copy, Npy.read(original));
        assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(copy));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64", "bool"})
    void roundTripsEveryWritableDtype(String dtype) throws IOException {
        double[] values = switch (dtype) {
            case "uint8" -> new double[] {0, 1, 128, 255, 7, 9};
            case "int8" -> new double[] {-128, -1, 0, 1, 127, 5};
            case "bool" -> new double[] {0, 1, 1, 0, 1, 0};
            case "int16" -> new double[] {-32768, 32767, 0, 1, -1, 2};
            case "int32" -> new double[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, 1, -1, 2};
            case "int64" -> new double[] {-0x1p63, 0x1p62, 0x1p53 + 2, 1, -1, 0};
            case "float16" -> new double[] {.5, -65504, 0x1p-24, Double.NaN, Double.NEGATIVE_INFINITY, 0};
            case "float32" -> new double[] {.1f, -3.5, Float.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, 0};
            default -> new double[] {.1, -1e300, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY, -0.0};
        };
        NdArray a = new NdArray(new int[] {2, 1, 3}, values, "float64");
        Path file = tmp.resolve(dtype + ".npy");
        Npy.write(file, a, dtype);
        assertValues(Npy.read(file), dtype, new int[] {2, 1, 3}, values);
        assertEquals(0, (Files.size(file) - values.length * sizeOf(dtype)) % 64, "header is 64-byte aligned");
    }

    private static int sizeOf(String dtype) {
        return switch (dtype) {
            case "uint8", "int8", "bool" -> 1;
            case "int16", "float16" -> 2;
            case "int32", "float32" -> 4;
            default -> 8;
        };
    }

    @Test
    void failedWriteLeavesExistingFileAndNoTemporaryFiles() throws IOException {
        Path file = tmp.resolve("out.npy");
        Npy.write(file, NdArray.of(new int[] {2}, new double[] {1, 2}), "uint8");
        byte[] before = Files.readAllBytes(file);
        var e = assertThrows(ModelFormatException.class,
                () -> Npy.write(file, NdArray.of(new int[] {3}, new double[] {1, 300, 2}), "uint8"));
        assertEquals(file + ": cannot write array of shape [3] as uint8: element 1 has value 300.0, not an "
                + "integer in the uint8 range [0, 255]", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        Path fresh = tmp.resolve("fresh.npy");
        assertThrows(ModelFormatException.class,
                () -> Npy.write(fresh, NdArray.of(new int[] {1}, new double[] {0.5}), "int32"));
        assertFalse(Files.exists(fresh));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of("out.npy"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void writeRejectsDtypesNpyCannotHold() {
        NdArray bf16 = new NdArray(new int[] {1}, new double[] {1}, "bfloat16");
        var e = assertThrows(ModelFormatException.class, () -> Npy.write(tmp.resolve("x.npy"), bf16));
        assertTrue(e.getMessage().contains("cannot write dtype 'bfloat16' to .npy; valid: float64"), e.getMessage());
    }

    @Test
    void rejectsFortranOrderAndBigEndian() {
        assertRejected(resource("npy_fortran.npy"), "Fortran (column-major) order; only C order is supported");
        assertRejected(resource("npy_bigendian.npy"), "big-endian dtype '>i4' is not supported");
    }

    @Test
    void rejectsMalformedFiles() throws IOException {
        assertRejected(Files.write(tmp.resolve("bad.npy"), "hello".getBytes(StandardCharsets.US_ASCII)),
                "not a .npy file");
        byte[] full = Files.readAllBytes(resource("npy_float32.npy"));
        assertRejected(Files.write(tmp.resolve("cut.npy"), Arrays.copyOf(full, full.length - 3)),
                "data section has 21 bytes but shape [2, 3] of float32 needs 24; the file is truncated");
        assertRejected(Files.write(tmp.resolve("head.npy"), Arrays.copyOf(full, 40)), "header length 118 exceeds");
        assertRejected(npy("c8.npy", "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8]),
                "unsupported dtype '<c8'; supported: |u1");
        assertRejected(npy("shape.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", new byte[0]),
                "invalid dimension '-1'");
        assertRejected(npy("rec.npy", "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
                new byte[4]), "structured arrays are not supported");
    }

    @Test
    void readsReferenceImagesLogitsAndActivationSigns() throws IOException {
        Path images = shared("reference/resnet20-official/images_u8.npy");
        NdArray img = Npy.read(images);
        assertEquals("uint8", img.dtype());
        assertArrayEquals(new int[] {16, 3, 32, 32}, img.shape());
        assertTrue(Arrays.stream(img.data()).allMatch(v -> v >= 0 && v <= 255 && v == Math.rint(v)));

        NdArray logits = Npy.read(images.resolveSibling("logits.npy"));
        assertEquals("float32", logits.dtype());
        assertArrayEquals(new int[] {16, 10}, logits.shape());
        JsonNode meta = new ObjectMapper().readTree(images.resolveSibling("meta.json").toFile());
        int[] expected = new int[16];
        for (int i = 0; i < 16; i++) {
            expected[i] = meta.get("argmax").get(i).intValue();
        }
        assertArrayEquals(new int[] {2, 4, 2, 3, 3, 4, 3, 4, 0, 4, 4, 2, 4, 3, 4, 3}, expected);
        int[] argmax = new int[16];
        for (int n = 0; n < 16; n++) {
            for (int c = 1; c < 10; c++) {
                if (logits.get(n, c) > logits.get(n, argmax[n])) {
                    argmax[n] = c;
                }
            }
        }
        assertArrayEquals(expected, argmax);

        NdArray signs = Npy.read(images.resolveSibling("act_signs_layer1.0.conv1.npy"));
        assertEquals("int8", signs.dtype());
        assertArrayEquals(new int[] {16, 16, 32, 32}, signs.shape());
        assertTrue(Arrays.stream(signs.data()).allMatch(v -> v == -1 || v == 0 || v == 1));
    }
}
