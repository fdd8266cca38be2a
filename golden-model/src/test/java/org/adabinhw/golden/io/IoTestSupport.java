package org.adabinhw.golden.io;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Shared helpers for the io tests: fixtures, shared reference data, zips and hand-made pickles. */
final class IoTestSupport {
    private IoTestSupport() {
    }

    /** Returns a fixture from src/test/resources/io. */
    static Path resource(String name) {
        URL url = IoTestSupport.class.getResource("/io/" + name);
        assertNotNull(url, "missing test resource io/" + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns {@code shared/<relative>} from the directory {@code shared} beside the project root
     * (found by walking up from the working directory), or skips the test if it is absent.
     */
    static Path shared(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve(relative);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return abort("shared reference data 'shared/" + relative + "' not found beside the project"
                + " root (searched upwards from " + start + "); skipping");
    }

    /** Reads all entries of a zip, in order. */
    static Map<String, byte[]> readZip(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(z.entries())) {
                entries.put(e.getName(), z.getInputStream(e).readAllBytes());
            }
        }
        return entries;
    }

    /** Writes a zip with the given entries, in order. */
    static Path writeZip(Path target, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    /** Writes a one-checkpoint zip in torch's layout: archive/data.pkl plus storages and version. */
    static Path writeCheckpoint(Path target, byte[] pickle, Map<String, byte[]> storages) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("archive/data.pkl", pickle);
        storages.forEach((k, v) -> entries.put("archive/data/" + k, v));
        entries.put("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        return writeZip(target, entries);
    }

    /** Builds protocol-2 pickles the way torch.save writes them, for malformed-input tests. */
    static final class PickleBuilder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PickleBuilder() {
            out.write(0x80);
            out.write(2);
        }

        PickleBuilder op(int opcode) {
            out.write(opcode);
            return this;
        }

        PickleBuilder str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            op('X').int32(b.length);
            out.writeBytes(b);
            return this;
        }

        PickleBuilder integer(int v) {
            return op('J').int32(v);
        }

        PickleBuilder global(String module, String name) {
            op('c');
            out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        /** Pushes a tensor built by torch._utils._rebuild_tensor_v2 over storage {@code key}. */
        PickleBuilder tensor(String storageType, String key, int numel, int offset, int[] size, int[] stride) {
            global("torch._utils", "_rebuild_tensor_v2").op('(');
            op('(').str("storage").global("torch", storageType).str(key).str("cpu").integer(numel).op('t').op('Q');
            integer(offset).op('(');
            for (int s : size) {
                integer(s);
            }
            op('t').op('(');
            for (int s : stride) {
                integer(s);
            }
            return op('t').op(0x89).op('}').op('t').op('R');
        }

        byte[] build() {
            op('.');
            return out.toByteArray();
        }

        private PickleBuilder int32(int v) {
            for (int i = 0; i < 4; i++) {
                out.write(v >>> (8 * i));
            }
            return this;
        }
    }

    /** Little-endian float32 bytes. */
    static byte[] float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }
}
