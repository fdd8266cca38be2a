package org.adabinhw.testbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.testbench.Ice40Implementation.Part;
import org.adabinhw.testbench.Ice40Implementation.Utilisation;

/**
 * What the iCE40 tools write, read back: Yosys's {@code stat} and JSON netlist, nextpnr's log and
 * {@code --report} file. Written against Yosys 0.23 and nextpnr 0.4 (Debian 12).
 */
final class Ice40Reports {
    /** The resources of nextpnr's utilisation that the flow reports, in this order. */
    static final List<String> PLACED = List.of("ICESTORM_LC", "ICESTORM_RAM", "ICESTORM_SPRAM", "ICESTORM_DSP", "SB_IO");

    /** A cell count in Yosys's {@code stat}: {@code "     SB_LUT4      5115"}. */
    private static final Pattern STAT_CELL = Pattern.compile("(?m)^\\s+(\\S+)\\s+(\\d+)\\s*$");
    /** A line of nextpnr's "Device utilisation": {@code "Info: \t ICESTORM_LC:  3893/ 5280    73%"}. */
    private static final Pattern NEXTPNR_UTILISATION = Pattern.compile("(?m)^Info:\\s+(\\w+):\\s+(\\d+)/\\s*(\\d+)\\s+\\d+%\\s*$");

    private Ice40Reports() {
    }

    /** The cell counts by type of the last {@code stat} of a module in a Yosys log. */
    static Map<String, Long> statCells(Path log, String module) {
        String text = read(log);
        String header = "=== " + module + " ===";
        int at = text.lastIndexOf(header);
        if (at < 0) {
            throw new ToolException("no statistics of " + module + " in " + log);
        }
        String block = text.substring(at + header.length());
        int end = block.indexOf("\n\n", Math.max(0, block.indexOf("Number of cells")));
        block = end < 0 ? block : block.substring(0, end);
        Map<String, Long> cells = new LinkedHashMap<>();
        Matcher m = STAT_CELL.matcher(block);
        while (m.find()) {
            cells.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        return cells;
    }

    /** The number of port bits of a module in a Yosys JSON netlist, read as a stream (the file can be large). */
    static long portBits(Path netlist, String module) {
        try (JsonParser p = new JsonFactory().createParser(netlist.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ToolException(netlist + ": not a Yosys JSON netlist");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("modules")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (name.equals(module)) {
                        return modulePortBits(p);
                    }
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new ToolException("cannot read the netlist " + netlist + ": " + e.getMessage(), e);
        }
        throw new ToolException(netlist + " has no module " + module);
    }

    /** Within a module's object: the sum of the lengths of its ports' {@code bits} arrays. */
    private static long modulePortBits(JsonParser p) throws IOException {
        long bits = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (!field.equals("ports")) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken t = p.nextToken();
                    if (key.equals("bits") && t == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            bits++;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            }
            return bits;
        }
        return bits;
    }

    /**
     * The {@link #PLACED} lines of nextpnr's "Device utilisation" in its log (it prints them before it places, so
     * also when placement fails); SB_IO against the package's pins.
     */
    static List<Utilisation> logUtilisation(String log, Part part) {
        Map<String, Utilisation> found = new LinkedHashMap<>();
        Matcher m = NEXTPNR_UTILISATION.matcher(log);
        while (m.find()) {
            long available = m.group(1).equals("SB_IO") ? part.ios() : Long.parseLong(m.group(3));
            found.put(m.group(1), new Utilisation(m.group(1), Long.parseLong(m.group(2)), available));
        }
        return PLACED.stream().filter(found::containsKey).map(found::get).toList();
    }

    /** The {@link #PLACED} resources of a nextpnr report; SB_IO against the package's pins (the report's is the die's). */
    static List<Utilisation> reportUtilisation(JsonNode report, Part part) {
        List<Utilisation> out = new ArrayList<>();
        for (String res : PLACED) {
            JsonNode u = report.path("utilization").path(res);
            long available = res.equals("SB_IO") ? part.ios() : u.path("available").asLong();
            out.add(new Utilisation(res, u.path("used").asLong(), available));
        }
        return out;
    }

    /**
     * The fmax entry ({@code achieved}, {@code constraint}, MHz) of a clock in a nextpnr report, which names the net
     * after its buffers ({@code ap_clk$SB_IO_IN_$glb_clk}).
     */
    static JsonNode clockFmax(JsonNode report, String clock, Path file) {
        JsonNode fmax = report.path("fmax");
        for (var it = fmax.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals(clock) || e.getKey().startsWith(clock + "$")) {
                return e.getValue();
            }
        }
        List<String> clocks = new ArrayList<>();
        fmax.fieldNames().forEachRemaining(clocks::add);
        throw new ToolException(file + " reports no fmax of " + clock + " (clocks: " + clocks + ")");
    }

    static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
