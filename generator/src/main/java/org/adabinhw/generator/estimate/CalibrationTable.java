package org.adabinhw.generator.estimate;

import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The fitted coefficients of the cost model of one family, as {@code ./adabin-hw calibrate} writes them to
 * {@code generator/src/main/resources/org/adabinhw/generator/estimate/calibration-<family>.json}.
 *
 * @param family      the family
 * @param yosys       the Yosys version the samples were synthesised with
 * @param date        the date of the fit (ISO)
 * @param command     the command that regenerates the table
 * @param blocks      per block name, per resource ({@code lut}, {@code ff}), the coefficient of every cost term
 * @param samples     per block name, how many synthesised configurations the fit used
 */
public record CalibrationTable(Family family, String yosys, String date, String command,
                               Map<String, Map<String, Map<String, Double>>> blocks, Map<String, Integer> samples) {
    /** The value of {@code "format"}. */
    public static final String FORMAT = "adabin-hw-calibration";
    /** The resources whose coefficients are fitted; the others follow from rules. */
    public static final List<String> FITTED = List.of("lut", "ff");

    private static final Map<Family, CalibrationTable> LOADED = new EnumMap<>(Family.class);

    /** The resource name of a family's table. */
    public static String resource(Family f) {
        return "calibration-" + f.id() + ".json";
    }

    /**
     * The committed table of a family. UltraScale+ without a table of its own borrows the 7-series LUT and FF
     * coefficients (the same LUT6 and flip-flop fabric to Yosys; {@link #borrowedFrom} says so); its block RAM and
     * DSPs follow its own rules all the same.
     *
     * @throws IllegalStateException when the family has none or it is malformed
     */
    public static synchronized CalibrationTable of(Family f) {
        CalibrationTable t = LOADED.get(f);
        if (t == null) {
            if (!exists(f) && f == Family.XILINX_USP && exists(Family.XILINX_7)) {
                CalibrationTable x = of(Family.XILINX_7);
                t = new CalibrationTable(f, x.yosys, x.date, x.command, x.blocks, x.samples);
            } else {
                try (InputStream in = CalibrationTable.class.getResourceAsStream(resource(f))) {
                    if (in == null) {
                        throw new IllegalStateException("no calibration for " + f.id() + " (run ./adabin-hw calibrate --family "
                                + f.id() + ")");
                    }
                    t = parse(new ObjectMapper().readTree(in));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + resource(f) + ": " + e.getMessage(), e);
                }
            }
            LOADED.put(f, t);
        }
        return t;
    }

    /** The family whose fit this table uses when it is not its own ({@code xilinx-7} for UltraScale+), or null. */
    public Family borrowedFrom() {
        return command.endsWith("--family " + family.id()) ? null : Family.XILINX_7;
    }

    /** Whether a family has a committed table. */
    public static boolean exists(Family f) {
        return CalibrationTable.class.getResource(resource(f)) != null;
    }

    /** Reads a table. */
    public static CalibrationTable parse(JsonNode j) {
        if (!FORMAT.equals(j.path("format").asText())) {
            throw new IllegalStateException("not a calibration table (\"format\" is not " + FORMAT + ")");
        }
        Map<String, Map<String, Map<String, Double>>> blocks = new LinkedHashMap<>();
        Map<String, Integer> samples = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = j.path("blocks").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> b = it.next();
            Map<String, Map<String, Double>> per = new LinkedHashMap<>();
            for (String r : FITTED) {
                Map<String, Double> c = new LinkedHashMap<>();
                b.getValue().path(r).fields().forEachRemaining(e -> c.put(e.getKey(), e.getValue().asDouble()));
                per.put(r, c);
            }
            blocks.put(b.getKey(), per);
            samples.put(b.getKey(), b.getValue().path("samples").asInt());
        }
        return new CalibrationTable(Family.of(j.path("family").asText()), j.path("yosys").asText(), j.path("date").asText(),
                j.path("command").asText(), blocks, samples);
    }

    /** The table as JSON, keys in a fixed order. */
    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode o = m.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", 1);
        o.put("family", family.id());
        o.put("yosys", yosys);
        o.put("date", date);
        o.put("command", command);
        ObjectNode bs = o.putObject("blocks");
        blocks.forEach((name, per) -> {
            ObjectNode b = bs.putObject(name);
            b.put("samples", samples.getOrDefault(name, 0));
            per.forEach((r, c) -> {
                ObjectNode co = b.putObject(r);
                c.forEach((t, v) -> co.put(t, Math.round(v * 1e6) / 1e6));
            });
        });
        return o;
    }
}
