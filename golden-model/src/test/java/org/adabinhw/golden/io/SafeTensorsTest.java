package org.adabinhw.golden.io;

import static org.adabinhw.golden.io.IoTestSupport.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTensorsTest {
    @TempDir
    Path tmp;

    private static void assertValues(NdArray a, String dtype, int[] shape, double... values) {
        assertEquals(dtype, a.dtype());
        assertArrayEquals(shape, a.shape());
        assertArrayEquals(values, a.data());
    }

    /** Writes a safetensors file from a raw header string (padded to 8 bytes) and data. */
    private Path file(String name, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        while (b.position() < 8 + padded) {
            b.put((byte) ' ');
        }
        return Files.write(tmp.resolve(name), b.array());
    }

    private static void assertRejected(Path file, String fragment) {
        var e = assertThrows(ModelFormatException.class, () -> SafeTensors.read(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void readsReferenceLayoutFileWithMetadata() throws IOException {
        Path f = resource("st_sample.safetensors");
        Map<String, NdArray> t = SafeTensors.read(f);
        assertEquals(List.of("a", "b", "c", "d", "e", "f"), List.copyOf(t.keySet()));
        assertValues(t.get("a"), "float32", new int[] {2, 2}, 1, 2, 3, 4);
        assertValues(t.get("b"), "int64", new int[] {3}, -1, 0, 0x1p40);
        assertValues(t.get("c"), "bfloat16", new int[] {2}, 1.5, -2);
        assertValues(t.get("d"), "uint8", new int[] {2}, 0, 255);
        assertValues(t.get("e"), "bool", new int[] {2}, 1, 0);
        assertValues(t.get("f"), "float16", new int[] {1}, .5);
        assertEquals(Map.of("format", "pt", "source", "make_fixtures.py"), SafeTensors.readMetadata(f));
    }

    @Test
    void writesFloat32ByDefaultInSortedDeterministicAlignedLayout() throws IOException {
        Map<String, NdArray> tensors = new LinkedHashMap<>();
        tensors.put("b", NdArray.of(new int[] {3}, new double[] {0.1, 2, 3}));
        tensors.put("a", NdArray.of(new int[0], new double[] {-1.5}));
        Path one = tmp.resolve("one.safetensors");
        Path two = tmp.resolve("two.safetensors");
        SafeTensors.write(one, tensors, Map.of("z", "1", "format", "pt"));
        SafeTensors.write(two, Map.of("a", tensors.get("a"), "b", tensors.get("b")), Map.of("format", "pt", "z", "1"));
        byte[] bytes = Files.readAllBytes(one);
        assertArrayEquals(bytes, Files.readAllBytes(two));

        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLen % 8);
        assertEquals(8 + headerLen + 16, bytes.length);
        String header = new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8);
        assertEquals("{\"__metadata__\":{\"format\":\"pt\",\"z\":\"1\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[4,16]}}", header.stripTrailing());

        Map<String, NdArray> back = SafeTensors.read(one);
        assertEquals(List.of("a", "b"), List.copyOf(back.keySet()));
        assertValues(back.get("b"), "float32", new int[] {3}, (float) 0.1, 2, 3);
        assertValues(back.get("a"), "float32", new int[0], -1.5);
        assertEquals(Map.of("format", "pt", "z", "1"), SafeTensors.readMetadata(one));
    }

    @ParameterizedTest
    @ValueSource(strings = {"F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL"})
    void roundTripsEveryDtype(String dtype) throws IOException {
        double[] values = dtype.equals("BOOL") ? new double[] {1, 0, 1, 1} : new double[] {0, 1, 2, -0.0};
        if (dtype.equals("F64")) {
            values = new double[] {0.1, -1e300, Double.MIN_VALUE, Double.NaN};
        } else if (dtype.startsWith("I")) {
            values[1] = -100;
        }
        Path f = tmp.resolve(dtype + ".safetensors");
        SafeTensors.write(f, Map.of("t", NdArray.of(new int[] {2, 2}, values)), null, dtype);
        NdArray back = SafeTensors.read(f).get("t");
        assertArrayEquals(new int[] {2, 2}, back.shape());
        assertArrayEquals(values, back.data(), 0.0);
        assertTrue(SafeTensors.readMetadata(f).isEmpty());
    }

    @Test
    void failedWriteLeavesNoFile() throws IOException {
        Path f = tmp.resolve("bad.safetensors");
        Map<String, NdArray> t = Map.of("w", NdArray.of(new int[] {2}, new double[] {1, 200}));
        var e = assertThrows(ModelFormatException.class, () -> SafeTensors.write(f, t, Map.of(), "I8"));
        assertEquals(f + ": cannot write tensor 'w' of shape [2] as int8: element 1 has value 200.0, not an "
                + "integer in the int8 range [-128, 127]", e.getMessage());
        assertThrows(ModelFormatException.class, () -> SafeTensors.write(f, t, Map.of(), "F8_E4M3"));
        assertThrows(ModelFormatException.class, () -> SafeTensors.write(f,
                Map.of("__metadata__", t.get("w")), Map.of()));
        assertThrows(ModelFormatException.class, () -> SafeTensors.write(f,
                Map.of("big", NdArray.of(new int[] {1}, new double[] {1e300})), Map.of()));
        assertFalse(Files.exists(f));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void rejectsHeaderLengthBeyondFileAndTinyFiles() throws IOException {
        byte[] b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array();
        assertRejected(Files.write(tmp.resolve("len.safetensors"), b),
                "header length 1000 is invalid: the file has 8 bytes");
        assertRejected(Files.write(tmp.resolve("tiny.safetensors"), new byte[3]), "file has only 3 bytes");
        byte[] full = Files.readAllBytes(resource("st_sample.safetensors"));
        byte[] cut = Arrays.copyOf(full, 100);
        assertRejected(Files.write(tmp.resolve("cut.safetensors"), cut), "not a safetensors file, or truncated");
    }

    @Test
    void rejectsInvalidJson() throws IOException {
        assertRejected(file("json.safetensors", "{\"a\": {\"dtype\": \"F32\",", 0), "header is not valid JSON");
        assertRejected(file("array.safetensors", "[1, 2]", 0), "header must be a JSON object, found ARRAY");
        assertRejected(file("dup.safetensors", "{\"a\":{},\"a\":{}}", 0),
                "header is not valid JSON (Duplicate field 'a')");
    }

    @Test
    void rejectsOffsetsOutOfRangeOrOverlapping() throws IOException {
        assertRejected(file("range.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8),
                "tensor 'w' has data_offsets [4, 12] outside the data section of 8 bytes");
        assertRejected(file("overlap.safetensors",
                "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
                "tensors 'x' [0, 8] and 'y' [4, 12] have overlapping data_offsets");
    }

    @Test
    void rejectsSizeMismatchUnknownDtypeAndBadShape() throws IOException {
        assertRejected(file("size.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20),
                "tensor 'w' has shape [2, 3] of F32, which needs 24 bytes, but data_offsets [0, 20] span 20");
        assertRejected(file("dtype.safetensors",
                "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1),
                "tensor 'w' has unsupported dtype \"F8_E4M3\"; supported: F64, F32, F16, BF16");
        assertRejected(file("shape.safetensors",
                "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4),
                "tensor 'w': 'shape' must be an array of non-negative integers");
        assertRejected(file("meta.safetensors", "{\"__metadata__\":{\"n\":1}}", 0),
                "__metadata__ entry 'n' must be a string");
    }
}
