package org.adabinhw.generator.estimate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The FPGA part database: the parts in the resource {@code parts.json} next to this class, loaded and checked once.
 * <p>
 * The file is {@code {"format": "adabin-hw-parts", "version": 1, "parts": [...]}}; each part has exactly the fields
 * of {@link Part} in snake case. A missing, unknown or ill-typed field, or a value that {@link Part} rejects, makes
 * {@link #all()} throw an {@link IllegalStateException} that names the part and the field.
 */
public final class Parts {
    /** The resource name, relative to this class. */
    static final String RESOURCE = "parts.json";
    /** The value of the file's {@code format} field. */
    static final String FORMAT = "adabin-hw-parts";
    /** The value of the file's {@code version} field this loader reads. */
    static final int VERSION = 1;

    private static final List<String> TOP_FIELDS = List.of("format", "version", "parts");
    private static final List<String> PART_FIELDS = List.of("name", "family", "description", "boards", "package",
            "speed_grade", "capacity", "capacity_note", "lut_inputs", "bram", "uram", "dsp", "typical_clock_mhz",
            "clock_note", "sources");
    private static final List<String> BRAM_FIELDS = List.of("primitive", "bits", "data_bits", "aspect_ratios");
    private static final List<String> URAM_FIELDS = List.of("primitive", "bits", "aspect_ratios");
    private static final List<String> DSP_FIELDS = List.of("primitive", "a_width", "b_width", "signed");

    private static List<Part> all; // guarded by Parts.class

    private Parts() {
    }

    /** All parts, in the order of the file. */
    public static synchronized List<Part> all() {
        if (all == null) {
            all = load();
        }
        return all;
    }

    /** The names of all parts, in the order of the file. */
    public static List<String> names() {
        return all().stream().map(Part::name).toList();
    }

    /**
     * The part of a name, ignoring case, e.g. {@code XC7Z020}.
     *
     * @throws IllegalArgumentException if no part has that name; the message lists the known parts
     */
    public static Part of(String name) {
        Objects.requireNonNull(name, "name");
        String key = name.toLowerCase(Locale.ROOT);
        for (Part p : all()) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown part '" + name + "'; known parts: " + String.join(", ", names()));
    }

    private static List<Part> load() {
        try (InputStream in = Parts.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + ": resource not found next to " + Parts.class.getName());
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and checks a part database.
     *
     * @param in     the JSON text
     * @param source the name used in messages, e.g. {@code parts.json}
     * @throws IllegalStateException if the text is not a valid part database; the message names the part and field
     */
    static List<Part> parse(InputStream in, String source) throws IOException {
        JsonNode root;
        try {
            root = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readTree(in);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new IllegalStateException(source + ": not valid JSON: " + e.getOriginalMessage() + at);
        }
        Obj top = new Obj(root, source, "", "");
        top.onlyKeys(TOP_FIELDS);
        String format = top.text("format");
        if (!format.equals(FORMAT)) {
            throw top.illegal("format", "'" + format + "'", "'" + FORMAT + "'");
        }
        long version = top.integer("version", 0, Integer.MAX_VALUE);
        if (version != VERSION) {
            throw top.illegal("version", Long.toString(version), Integer.toString(VERSION));
        }
        JsonNode array = top.node("parts");
        if (!array.isArray() || array.isEmpty()) {
            throw top.illegal("parts", array.toString(), "a non-empty array of parts");
        }
        List<Part> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode n = array.get(i);
            JsonNode nameNode = n.get("name");
            String label = nameNode != null && nameNode.isTextual() ? "part '" + nameNode.asText() + "'"
                    : "part #" + (i + 1);
            Part p = part(new Obj(n, source, label + ": ", ""));
            if (!seen.add(p.name())) {
                throw new IllegalStateException(source + ": " + label + ": name is used twice; legal: unique names");
            }
            parts.add(p);
        }
        return List.copyOf(parts);
    }

    private static Part part(Obj o) {
        o.onlyKeys(PART_FIELDS);
        String name = o.text("name");
        Family family;
        String familyId = o.text("family");
        try {
            family = Family.of(familyId);
        } catch (IllegalArgumentException e) {
            throw o.illegal("family", "'" + familyId + "'",
                    String.join(", ", Arrays.stream(Family.values()).map(Family::id).toList()));
        }
        Obj cap = o.object("capacity");
        cap.onlyKeys(List.of(Resources.NAMES));
        Resources capacity = new Resources(cap.integer("lut", 1, Long.MAX_VALUE), cap.integer("ff", 1, Long.MAX_VALUE),
                cap.integer("lutram", 0, Long.MAX_VALUE), cap.integer("bram", 1, Long.MAX_VALUE),
                cap.integer("uram", 0, Long.MAX_VALUE), cap.integer("dsp", 0, Long.MAX_VALUE));
        Obj b = o.object("bram");
        b.onlyKeys(BRAM_FIELDS);
        Part.BlockRam bram = o.construct(false, () -> new Part.BlockRam(b.text("primitive"),
                (int) b.integer("bits", 1, Integer.MAX_VALUE), (int) b.integer("data_bits", 1, Integer.MAX_VALUE),
                b.strings("aspect_ratios", false)));
        Obj u = o.nullableObject("uram");
        Part.UltraRam uram = null;
        if (u != null) {
            u.onlyKeys(URAM_FIELDS);
            uram = o.construct(false, () -> new Part.UltraRam(u.text("primitive"),
                    (int) u.integer("bits", 1, Integer.MAX_VALUE), u.strings("aspect_ratios", false)));
        }
        Obj d = o.nullableObject("dsp");
        Part.Dsp dsp = null;
        if (d != null) {
            d.onlyKeys(DSP_FIELDS);
            dsp = o.construct(false, () -> new Part.Dsp(d.text("primitive"), (int) d.integer("a_width", 1, 64),
                    (int) d.integer("b_width", 1, 64), d.bool("signed")));
        }
        String description = o.text("description");
        List<String> boards = o.strings("boards", true);
        String packageName = o.text("package");
        String speedGrade = o.nullableText("speed_grade");
        String capacityNote = o.text("capacity_note");
        int lutInputs = (int) o.integer("lut_inputs", 1, 8);
        double clock = o.number("typical_clock_mhz");
        String clockNote = o.text("clock_note");
        List<String> sources = o.strings("sources", false);
        Part.BlockRam fb = bram;
        Part.UltraRam fu = uram;
        Part.Dsp fd = dsp;
        return o.construct(true, () -> new Part(name, family, description, boards, packageName, speedGrade, capacity,
                capacityNote, lutInputs, fb, fu, fd, clock, clockNote, sources));
    }

    /** A JSON object being read, with what messages need to say where it is. */
    private record Obj(JsonNode node, String source, String label, String path) {
        Obj {
            if (!node.isObject()) {
                throw new IllegalStateException(source + ": " + label + (path.isEmpty() ? "" : "field '"
                        + path.substring(0, path.length() - 1) + "' ") + "is " + node + "; legal: a JSON object");
            }
        }

        private String where() {
            return source + ": " + label;
        }

        IllegalStateException illegal(String key, String value, String legal) {
            return new IllegalStateException(where() + "field '" + path + key + "' = " + value + " is illegal; legal: "
                    + legal);
        }

        void onlyKeys(List<String> legal) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!legal.contains(k)) {
                    throw new IllegalStateException(where() + "unknown field '" + path + k + "'; legal: "
                            + String.join(", ", legal));
                }
            }
        }

        JsonNode node(String key) {
            JsonNode n = node.get(key);
            if (n == null) {
                throw new IllegalStateException(where() + "field '" + path + key + "' is missing");
            }
            return n;
        }

        String text(String key) {
            JsonNode n = node(key);
            if (!n.isTextual() || n.asText().isBlank()) {
                throw illegal(key, n.toString(), "a non-empty string");
            }
            return n.asText();
        }

        String nullableText(String key) {
            return node(key).isNull() ? null : text(key);
        }

        long integer(String key, long min, long max) {
            JsonNode n = node(key);
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                throw illegal(key, n.toString(), "an integer in " + min + ".." + max);
            }
            return n.asLong();
        }

        double number(String key) {
            JsonNode n = node(key);
            if (!n.isNumber()) {
                throw illegal(key, n.toString(), "a number");
            }
            return n.asDouble();
        }

        boolean bool(String key) {
            JsonNode n = node(key);
            if (!n.isBoolean()) {
                throw illegal(key, n.toString(), "true or false");
            }
            return n.asBoolean();
        }

        List<String> strings(String key, boolean mayBeEmpty) {
            JsonNode n = node(key);
            String legal = "an array of " + (mayBeEmpty ? "" : "at least one ") + "non-empty string";
            if (!n.isArray() || (!mayBeEmpty && n.isEmpty())) {
                throw illegal(key, n.toString(), legal);
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    throw illegal(key, n.toString(), legal);
                }
                out.add(e.asText());
            }
            return out;
        }

        Obj object(String key) {
            return new Obj(node(key), source, label, path + key + ".");
        }

        Obj nullableObject(String key) {
            return node(key).isNull() ? null : object(key);
        }

        /**
         * Runs a record constructor, turning its rejection into a message that says where. The messages of
         * {@link Part} start with the part already; those of its nested records with the field.
         */
        <T> T construct(boolean namesPart, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException((namesPart ? source + ": " : where()) + e.getMessage());
            }
        }
    }
}
