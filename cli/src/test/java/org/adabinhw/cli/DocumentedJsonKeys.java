package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The top-level keys of each command's {@code --json} document as the README's section "Machine-readable output" lists
 * them ({@code - `CMD --json`: `key`, `key`; with … also `key`}): the keys before the first "; with" are always there,
 * the ones after may be.
 */
final class DocumentedJsonKeys {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern KEY = Pattern.compile("`([a-z_]+)`");

    private DocumentedJsonKeys() {
    }

    /** Parses a document and checks it against the README: every listed key is there, no other; format and version. */
    static JsonNode check(String command, String stdout) {
        JsonNode doc;
        try {
            doc = new ObjectMapper().readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError(command + " --json: standard output is not one JSON document: " + stdout, e);
        }
        List<Set<String>> keys = keys(command);
        Set<String> present = new LinkedHashSet<>();
        for (Iterator<String> it = doc.fieldNames(); it.hasNext();) {
            present.add(it.next());
        }
        for (String k : keys.get(0)) {
            assertTrue(present.contains(k), command + " --json: documented key " + k + " is missing: " + present);
        }
        for (String k : present) {
            assertTrue(keys.get(0).contains(k) || keys.get(1).contains(k), command + " --json: key " + k + " is not in the README");
        }
        assertEquals("adabin-hw-" + command, doc.path("format").asText());
        assertEquals(1, doc.path("version").asInt());
        return doc;
    }

    /** {always, maybe} of a command. */
    static List<Set<String>> keys(String command) {
        String prefix = "- `" + command + " --json`:";
        List<String> lines;
        try {
            lines = Files.readAllLines(README);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String line : lines) {
            if (line.startsWith(prefix)) {
                String rest = line.substring(prefix.length());
                int with = rest.indexOf("; with");
                Set<String> always = keysOf(with < 0 ? rest : rest.substring(0, with));
                Set<String> maybe = with < 0 ? Set.of() : keysOf(rest.substring(with));
                return List.of(always, maybe);
            }
        }
        throw new AssertionError("README.md has no line starting " + prefix);
    }

    private static Set<String> keysOf(String text) {
        Set<String> s = new LinkedHashSet<>();
        Matcher m = KEY.matcher(text);
        while (m.find()) {
            s.add(m.group(1));
        }
        return s;
    }
}
