package org.adabinhw.cli;

import java.io.PrintWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code --json} output of a command: one JSON document on standard output, {@code "format": "adabin-hw-<command>"}
 * and {@code "version": 1} first, the command's figures after them (keys in the README, section "Machine-readable
 * output"). With {@code --json} the command's text goes to standard error, so that standard output holds the document
 * alone.
 */
final class JsonDocument {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonDocument() {
    }

    /** A new document of a command. */
    static ObjectNode of(String command) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("format", "adabin-hw-" + command);
        doc.put("version", 1);
        return doc;
    }

    /** The figures a run of images has in {@code simulate} and {@code verify}, one after the other in that order. */
    static void run(ObjectNode doc, int images, int classes, double stallRate, long seed, long cyclesPerImage, double meanInterval,
                    long[] latency, long[] interval) {
        doc.put("images", images);
        doc.put("classes", classes);
        doc.put("stall_rate", stallRate);
        doc.put("seed", seed);
        doc.put("cycles_per_image", cyclesPerImage);
        doc.put("mean_interval", meanInterval);
        doc.set("latency", longs(latency));
        doc.set("interval", longs(interval));
    }

    /** An array of numbers. */
    static ArrayNode longs(long[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (long v : values) {
            a.add(v);
        }
        return a;
    }

    /** An array of strings. */
    static ArrayNode strings(Iterable<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Prints the document, indented, and flushes. */
    static void print(PrintWriter out, ObjectNode doc) {
        out.println(doc.toPrettyString());
        out.flush();
    }
}
