package org.adabinhw.generator.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** The report page of a sample estimate (eleven layers, DSP over the part) and of damaged documents. */
class HtmlReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static ObjectNode sample() throws IOException {
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("sample-estimate.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** The checks every page must pass: a whole document, offline, ASCII, finite coordinates. */
    private static void assertWellFormed(String html) {
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), "HTML5 doctype");
        assertTrue(html.endsWith("</html>\n"));
        assertFalse(html.replace(SVG_NS, "").contains("http://"), "a network address besides the SVG namespace");
        assertFalse(html.contains("https://"), "a network address");
        assertFalse(html.contains("<script"), "a script");
        assertFalse(html.contains("<link"), "an external style sheet");
        assertFalse(html.contains("NaN"), "NaN in the page");
        assertFalse(html.contains("Infinity"), "Infinity in the page");
        assertTrue(html.chars().allMatch(ch -> ch < 0x80), "only ASCII (other characters as references)");
        assertEquals(count(html, "<svg"), count(html, "</svg>"), "balanced svg elements");
        assertEquals(count(html, "<section"), count(html, "</section>"), "balanced sections");
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    @Test
    void samplePageHasEverySectionAndIsDeterministic() throws IOException {
        String html = HtmlReport.render(sample());
        assertWellFormed(html);
        assertEquals(html, HtmlReport.render(sample()), "same document, same page");
        for (String id : new String[] {"cycles", "resources", "memories", "fifos", "frontier"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertTrue(html.contains("class=\"verdict bad\""), "the red verdict");
        assertTrue(html.contains("Does not fit"));
        assertTrue(html.contains(">bottleneck</tspan>"), "the bottleneck label");
        assertTrue(html.contains("14,172"), "fps with a thousands separator");
        assertTrue(html.contains("7,056"), "cycles with a thousands separator");
        assertTrue(html.contains("Yosys 0.23 (git sha1 7ce5011c24b)") && html.contains("2026-12-05"), "calibration");
        assertTrue(html.contains("198&#160;%"), "DSP utilisation printed");
        assertTrue(html.contains("url(#over-hatch)"), "DSP bar overflows in red");
        // uram has no capacity on this part: no bar for it
        assertFalse(html.contains(">URAM<"));
        // every layer has a swatch in the legend and a row in the cycles chart
        Matcher m = Pattern.compile("<text [^>]*class=\"label[^\"]*\">([^<]+)</text>").matcher(
                html.substring(html.indexOf("<section id=\"cycles\">"), html.indexOf("<section id=\"resources\">")));
        int rows = 0;
        while (m.find()) {
            rows++;
        }
        assertEquals(sample().path("layers").size(), rows);
    }

    @Test
    void fittingDesignGetsTheGreenBadge() throws IOException {
        ObjectNode doc = sample();
        doc.put("fits", true).put("verdict", "fits xc7z020 with 66 % of the block RAM");
        String html = HtmlReport.render(doc);
        assertTrue(html.contains("class=\"verdict ok\""));
        assertTrue(html.contains("&#10003; Fits"));
    }

    @Test
    void stringsFromTheDocumentAreEscaped() throws IOException {
        ObjectNode doc = sample();
        String evil = "<b>&";
        for (String key : new String[] {"layers", "blocks", "memories", "fifos"}) {
            for (JsonNode n : doc.path(key)) {
                if (n.path("layer").asText().equals("act1")) {
                    ((ObjectNode) n).put("layer", evil);
                }
            }
        }
        doc.put("network", "net\"<script>alert(1)</script>");
        doc.withArray("assumptions").add("x < y & 'quoted'");
        String html = HtmlReport.render(doc);
        assertWellFormed(html);
        assertFalse(html.contains(evil), "raw layer name");
        assertTrue(html.contains("&lt;b&gt;&amp;"), "escaped layer name");
        assertTrue(html.contains("net&quot;&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("x &lt; y &amp; &#39;quoted&#39;"));
    }

    @Test
    void optionalSectionsAreAbsentWithoutTheirArrays() throws IOException {
        ObjectNode doc = sample();
        doc.remove("fifos");
        doc.remove("frontier");
        String missing = HtmlReport.render(doc);
        doc.putArray("fifos");
        doc.putArray("frontier");
        String empty = HtmlReport.render(doc);
        for (String html : new String[] {missing, empty}) {
            assertWellFormed(html);
            assertFalse(html.contains("id=\"fifos\""));
            assertFalse(html.contains("id=\"frontier\""));
            assertTrue(html.contains("id=\"memories\""));
        }
        assertEquals(missing, empty);
    }

    @Test
    void zerosAndMissingFieldsDrawNoNaN() throws IOException {
        assertWellFormed(HtmlReport.render(JSON.readTree("{}")));
        ObjectNode doc = sample();
        for (String key : new String[] {"cycles_per_image", "fps", "latency_us", "clock_mhz"}) {
            doc.put(key, 0);
        }
        for (JsonNode l : doc.path("layers")) {
            ((ObjectNode) l).put("cycles_per_image", 0);
            ObjectNode r = (ObjectNode) l.path("resources");
            r.fieldNames().forEachRemaining(f -> r.put(f, 0));
        }
        ObjectNode totals = (ObjectNode) doc.path("totals");
        totals.fieldNames().forEachRemaining(f -> totals.put(f, 0));
        ((ObjectNode) doc.path("fifos").get(0)).put("depth", 0).put("peak", 0);
        ((ObjectNode) doc.path("frontier").get(0)).put("capacity", 0).put("fps", 0);
        ((ObjectNode) doc.path("memories").get(0)).put("fill", 0).put("count", 0);
        doc.remove("bottleneck");
        doc.remove("fits");
        String html = HtmlReport.render(doc);
        assertWellFormed(html);
        assertTrue(html.contains("class=\"verdict unknown\""));
    }

    @Test
    void overflowingFifoAndFrontierOnlyPartsStayFinite() throws IOException {
        ObjectNode doc = sample();
        ((ObjectNode) doc.path("fifos").get(1)).put("peak", 40);
        ObjectNode cap = (ObjectNode) doc.path("part").path("capacity");
        cap.fieldNames().forEachRemaining(f -> cap.put(f, 0));
        doc.remove("memories");
        String html = HtmlReport.render(doc);
        assertWellFormed(html);
        assertTrue(html.contains("url(#fifo-over)"));
        assertTrue(html.contains("The part lists no capacities."));
        assertTrue(html.contains("The estimate lists no memories."));
    }
}
