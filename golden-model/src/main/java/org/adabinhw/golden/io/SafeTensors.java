package org.adabinhw.golden.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * {@code {"name": {"dtype", "shape", "data_offsets": [begin, end]}, ..., "__metadata__": {...}}}
 * and then the tensors' bytes, little-endian and C order, offsets relative to the end of the header.
 *
 * <p>Readable dtypes: F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL. Writes are atomic and
 * deterministic: tensors in sorted key order, packed contiguously after a header padded with spaces
 * to a multiple of 8 bytes, so every tensor is aligned to its element size.
 */
public final class SafeTensors {
    private static final long MAX_HEADER = 100L << 20;
    private static final String METADATA = "__metadata__";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafeTensors() {
    }

    private record Entry(String name, ElementType type, int[] shape, long begin, long end) {
    }

    private record Header(Map<String, String> metadata, List<Entry> entries, long dataStart) {
    }

    /**
     * Reads all tensors, in the order the header lists them; each {@link NdArray#dtype()} is the
     * NumPy name of the stored type (F32 becomes "float32").
     *
     * @throws ModelFormatException naming the file, and the tensor where relevant, if the header
     *     length, JSON, a dtype, a shape or the data offsets are invalid
     * @throws IOException if the file cannot be read
     */
    public static LinkedHashMap<String, NdArray> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            Header header = readHeader(file, ch);
            LinkedHashMap<String, NdArray> out = new LinkedHashMap<>();
            for (Entry e : header.entries) {
                int count = (int) ((e.end - e.begin) / e.type.size);
                ByteBuffer bytes = FileIo.readFully(ch, header.dataStart + e.begin, (int) (e.end - e.begin));
                out.put(e.name, new NdArray(e.shape, e.type.decode(bytes, count), e.type.numpyName));
            }
            return out;
        }
    }

    /**
     * Reads only the header's {@code __metadata__} map (empty if absent).
     *
     * @throws ModelFormatException if the header is invalid, as for {@link #read(Path)}
     * @throws IOException if the file cannot be read
     */
    public static Map<String, String> readMetadata(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file)) {
            return readHeader(file, ch).metadata;
        }
    }

    /**
     * Writes {@code tensors} as F32 with the given metadata (may be null or empty).
     *
     * @throws ModelFormatException if a key is empty or reserved, or a value is outside the float32
     *     range; the target file is then left untouched
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, "F32");
    }

    /**
     * Writes {@code tensors} with every element stored as {@code dtype}: one of F64, F32, F16, BF16,
     * I64, I32, I16, I8, U8 or BOOL (usually F32 or F64). Integer and boolean types require every
     * value to be representable.
     *
     * @throws ModelFormatException if {@code dtype} is unknown, a key is empty or reserved, or a
     *     value does not fit {@code dtype}; the target file is then left untouched
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, NdArray> tensors, Map<String, String> metadata,
            String dtype) throws IOException {
        ElementType type = bySafetensorsName(dtype);
        if (type == null) {
            throw ModelFormatException.at(file, "cannot write dtype '" + dtype + "'; valid: " + validNames());
        }
        TreeMap<String, NdArray> sorted = new TreeMap<>(tensors);
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            new TreeMap<>(metadata).forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NdArray> e : sorted.entrySet()) {
            if (e.getKey().isEmpty() || e.getKey().equals(METADATA)) {
                throw ModelFormatException.at(file, "invalid tensor name '" + e.getKey()
                        + "'; names must be non-empty and not " + METADATA);
            }
            ObjectNode info = root.putObject(e.getKey());
            info.put("dtype", type.safetensorsName);
            ArrayNode shape = info.putArray("shape");
            for (int d : e.getValue().shape()) {
                shape.add(d);
            }
            long end = offset + (long) e.getValue().size() * type.size;
            info.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        byte[] header = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(header, json.length, header.length, (byte) ' ');
        FileIo.writeAtomically(file, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            for (Map.Entry<String, NdArray> e : sorted.entrySet()) {
                type.write(out, e.getValue(), file, "tensor '" + e.getKey() + "'");
            }
        });
    }

    private static Header readHeader(Path file, FileChannel ch) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw ModelFormatException.at(file, "file has only " + fileSize
                    + " bytes; a safetensors file starts with an 8-byte header length");
        }
        long headerLen = FileIo.readFully(ch, 0, 8).getLong(0);
        if (headerLen < 2 || headerLen > fileSize - 8 || headerLen > MAX_HEADER) {
            throw ModelFormatException.at(file, "header length " + Long.toUnsignedString(headerLen)
                    + " is invalid: the file has " + (fileSize - 8) + " bytes after the 8-byte length"
                    + " (limit " + MAX_HEADER + "); not a safetensors file, or truncated");
        }
        ByteBuffer headerBuf = FileIo.readFully(ch, 8, (int) headerLen);
        JsonNode root;
        try {
            root = JSON.readTree(headerBuf.array());
        } catch (JsonProcessingException e) {
            throw ModelFormatException.at(file, "header is not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw ModelFormatException.at(file, "header must be a JSON object, found "
                    + (root == null ? "nothing" : root.getNodeType()));
        }
        long dataStart = 8 + headerLen;
        long dataSize = fileSize - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals(METADATA)) {
                if (!node.isObject()) {
                    throw ModelFormatException.at(file, METADATA + " must be an object of strings");
                }
                for (Map.Entry<String, JsonNode> m : node.properties()) {
                    if (!m.getValue().isTextual()) {
                        throw ModelFormatException.at(file, METADATA + " entry '" + m.getKey()
                                + "' must be a string, found " + m.getValue());
                    }
                    metadata.put(m.getKey(), m.getValue().textValue());
                }
            } else {
                entries.add(parseEntry(file, name, node, dataSize));
            }
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < byOffset.size(); i++) {
            Entry a = byOffset.get(i - 1);
            Entry b = byOffset.get(i);
            if (b.begin < a.end) {
                throw ModelFormatException.at(file, "tensors '" + a.name + "' [" + a.begin + ", " + a.end
                        + "] and '" + b.name + "' [" + b.begin + ", " + b.end + "] have overlapping data_offsets");
            }
        }
        return new Header(metadata, entries, dataStart);
    }

    private static Entry parseEntry(Path file, String name, JsonNode node, long dataSize) {
        String where = "tensor '" + name + "'";
        if (!node.isObject()) {
            throw ModelFormatException.at(file, where + ": expected an object with dtype, shape and "
                    + "data_offsets, found " + node);
        }
        JsonNode dtypeNode = node.get("dtype");
        ElementType type = dtypeNode != null && dtypeNode.isTextual()
                ? bySafetensorsName(dtypeNode.textValue()) : null;
        if (type == null) {
            throw ModelFormatException.at(file, where + " has unsupported dtype " + dtypeNode
                    + "; supported: " + validNames());
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw ModelFormatException.at(file, where + ": 'shape' must be an array of non-negative "
                    + "integers, found " + shapeNode);
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw ModelFormatException.at(file, where + ": 'shape' must be an array of non-negative "
                        + "integers below 2^31, found " + shapeNode);
            }
            shape[i] = d.intValue();
            count = Math.min(count * shape[i], Integer.MAX_VALUE);
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(0).isIntegralNumber()
                || !offsets.get(1).canConvertToLong() || !offsets.get(1).isIntegralNumber()) {
            throw ModelFormatException.at(file, where + ": 'data_offsets' must be [begin, end] integers, "
                    + "found " + offsets);
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin || end > dataSize) {
            throw ModelFormatException.at(file, where + " has data_offsets [" + begin + ", " + end
                    + "] outside the data section of " + dataSize + " bytes (need 0 <= begin <= end <= "
                    + dataSize + "); the file is truncated or corrupt");
        }
        long expected = count * type.size;
        if (end - begin != expected) {
            throw ModelFormatException.at(file, where + " has shape " + Arrays.toString(shape) + " of "
                    + type.safetensorsName + ", which needs " + expected + " bytes, but data_offsets ["
                    + begin + ", " + end + "] span " + (end - begin));
        }
        if (expected > Integer.MAX_VALUE - 8) {
            throw ModelFormatException.at(file, where + " is too large to read (over 2 GB)");
        }
        return new Entry(name, type, shape, begin, end);
    }

    private static ElementType bySafetensorsName(String name) {
        for (ElementType t : ElementType.values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static String validNames() {
        return String.join(", ", Arrays.stream(ElementType.values()).map(t -> t.safetensorsName).toList());
    }
}
