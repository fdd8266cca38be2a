package org.adabinhw.generator.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders an estimate document (what {@code adabin-hw estimate --json} writes, format
 * {@code adabin-hw-estimate}) as one self-contained HTML5 page meant to be looked at: a header with the
 * verdict, cycles per layer, resources against the part, the memory map, the FIFOs, the fps/resource
 * frontier and the calibration.
 * <p>
 * The page needs no network: the style is inline and every chart is hand-written inline SVG, with a
 * {@code <title>} on each mark for hover. The output is a pure function of the document (numbers formatted
 * with {@link Locale#ROOT}, maps kept in document order), it is ASCII (other characters are written as
 * character references), every string from the document is escaped, and a missing or zero value draws
 * nothing rather than a NaN. The FIFO and frontier sections appear only when their arrays are non-empty.
 */
public final class HtmlReport {
    /** The resource keys of the document, in display order. */
    private static final String[] RESOURCES = {"lut", "ff", "lutram", "bram", "uram", "dsp"};
    private static final Map<String, String> RESOURCE_LABELS = Map.of("lut", "LUT", "ff", "FF",
            "lutram", "LUTRAM", "bram", "BRAM", "uram", "URAM", "dsp", "DSP");
    /** Layer colours: mid-tone, distinguishable, and without the pure red kept for overflow. */
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
        "#9c755f", "#ff9da7", "#17becf", "#bcbd22", "#8f6fd8", "#a0cbe8", "#d37295", "#2f6f4f", "#bab0ac"};
    private static final String OTHER_COLOUR = "#ced4da";
    private static final String BAR_COLOUR = "#5c7cfa";
    private static final String BOTTLENECK_COLOUR = "#e8590c";
    private static final String OVER_COLOUR = "#e03131";
    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    /** The viewBox width of every chart; the page scales it to the column. */
    private static final int W = 1000;

    private HtmlReport() {
    }

    /**
     * The report page of an estimate document.
     *
     * @param estimate the document as {@code adabin-hw estimate --json} writes it; missing fields draw as empty
     * @return a complete HTML5 page, the same string for the same document
     */
    public static String render(JsonNode estimate) {
        JsonNode e = Objects.requireNonNull(estimate, "estimate");
        Map<String, String> colours = layerColours(e);
        StringBuilder o = new StringBuilder(64 * 1024);
        head(o, e);
        header(o, e);
        cycles(o, e);
        resources(o, e, colours);
        memories(o, e, colours);
        if (nonEmpty(e.path("fifos"))) {
            fifos(o, e, colours);
        }
        if (nonEmpty(e.path("frontier"))) {
            frontier(o, e);
        }
        footer(o, e);
        o.append("</main>\n</body>\n</html>\n");
        return o.toString();
    }

    // ---------------------------------------------------------------------------------------------- sections

    private static void head(StringBuilder o, JsonNode e) {
        String title = "adabin-hw estimate: " + text(e, "network") + " on " + text(e.path("part"), "name");
        o.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
    }

    private static void header(StringBuilder o, JsonNode e) {
        JsonNode part = e.path("part");
        o.append("<header class=\"card\">\n<div class=\"title\"><h1>").append(esc(orDash(text(e, "network"))))
                .append("</h1>");
        if (!text(e, "top").isEmpty()) {
            o.append("<span class=\"sub\">top module <code>").append(esc(text(e, "top"))).append("</code></span>");
        }
        o.append("</div>\n<div class=\"part\"><span class=\"k\">Part</span> <b>").append(esc(orDash(text(part, "name"))))
                .append("</b>");
        if (!text(part, "description").isEmpty()) {
            o.append(" &#8212; ").append(esc(text(part, "description")));
        }
        if (!text(part, "family").isEmpty()) {
            o.append(" <span class=\"tag\">").append(esc(text(part, "family"))).append("</span>");
        }
        o.append("</div>\n<div class=\"stats\">\n");
        stat(o, "Clock", trimmed(num(e, "clock_mhz"), 2) + " MHz", text(e, "clock_source"));
        stat(o, "Cycles per image", count(num(e, "cycles_per_image")), "");
        stat(o, "Frames per second", rate(num(e, "fps")), "");
        stat(o, "Latency", latency(num(e, "latency_us")), "");
        JsonNode b = e.path("bottleneck");
        stat(o, "Bottleneck", orDash(text(b, "layer")), text(b, "instance"));
        o.append("</div>\n");
        JsonNode fits = e.path("fits");
        String cls = fits.isBoolean() ? (fits.asBoolean() ? "ok" : "bad") : "unknown";
        String badge = fits.isBoolean() ? (fits.asBoolean() ? "&#10003; Fits" : "&#10007; Does not fit") : "No verdict";
        o.append("<div class=\"verdict ").append(cls).append("\"><span class=\"badge\">").append(badge)
                .append("</span><p>").append(esc(text(e, "verdict"))).append("</p></div>\n</header>\n");
    }

    private static void stat(StringBuilder o, String key, String value, String note) {
        o.append("<div class=\"stat\"><div class=\"k\">").append(key).append("</div><div class=\"v\">")
                .append(esc(value)).append("</div>");
        if (!note.isEmpty()) {
            o.append("<div class=\"note\">").append(esc(note)).append("</div>");
        }
        o.append("</div>\n");
    }

    private static void cycles(StringBuilder o, JsonNode e) {
        o.append("<section id=\"cycles\">\n<h2>Cycles per layer</h2>\n");
        List<JsonNode> layers = list(e.path("layers"));
        if (layers.isEmpty()) {
            o.append("<p class=\"empty\">The estimate lists no layers.</p>\n</section>\n");
            return;
        }
        String bottleneck = text(e.path("bottleneck"), "layer");
        if (bottleneck.isEmpty()) {
            double best = -1;
            for (JsonNode l : layers) {
                if (num(l, "cycles_per_image") > best) {
                    best = num(l, "cycles_per_image");
                    bottleneck = text(l, "layer");
                }
            }
        }
        double max = 0;
        for (JsonNode l : layers) {
            max = Math.max(max, num(l, "cycles_per_image"));
        }
        int labelW = 150;
        int area = W - labelW - 190;
        int rowH = 25;
        int h = layers.size() * rowH + 8;
        o.append("<p class=\"sub\">Cycles each layer needs per image; the slowest sets the frame rate.</p>\n");
        svgOpen(o, h, "Cycles per image of each layer");
        for (int i = 0; i < layers.size(); i++) {
            JsonNode l = layers.get(i);
            String name = text(l, "layer");
            double v = num(l, "cycles_per_image");
            boolean slow = name.equals(bottleneck);
            double y = 4 + i * rowH;
            double w = barWidth(v, max, area);
            o.append("<g><title>").append(esc(name)).append(": ").append(count(v)).append(" cycles per image")
                    .append(slow ? " (bottleneck)" : "").append(max > 0 ? esc(", " + pct(v / max) + " of the slowest") : "")
                    .append("</title>");
            text(o, labelW - 10, y + rowH / 2.0, "end", slow ? "label strong" : "label", name);
            rect(o, labelW, y + 4, area, rowH - 8, "#f1f3f5", null);
            rect(o, labelW, y + 4, w, rowH - 8, slow ? BOTTLENECK_COLOUR : BAR_COLOUR, null);
            o.append("<text x=\"").append(c(labelW + w + 8)).append("\" y=\"").append(c(y + rowH / 2.0))
                    .append("\" class=\"value\">").append(count(v));
            if (slow) {
                o.append("<tspan class=\"flag\" dx=\"8\" fill=\"").append(BOTTLENECK_COLOUR).append("\">bottleneck</tspan>");
            }
            o.append("</text></g>\n");
        }
        o.append("</svg>\n</section>\n");
    }

    private static void resources(StringBuilder o, JsonNode e, Map<String, String> colours) {
        JsonNode part = e.path("part");
        List<String> shown = new ArrayList<>();
        double maxUtil = 0;
        for (String r : RESOURCES) {
            double cap = num(part.path("capacity"), r);
            if (cap > 0) {
                shown.add(r);
                maxUtil = Math.max(maxUtil, used(e, r) / cap);
            }
        }
        o.append("<section id=\"resources\">\n<h2>Resources against the part</h2>\n");
        if (shown.isEmpty()) {
            o.append("<p class=\"empty\">The part lists no capacities.</p>\n</section>\n");
            return;
        }
        List<JsonNode> layers = list(e.path("layers"));
        boolean anyOther = false;
        for (String r : shown) {
            anyOther |= other(e, r) > 0;
        }
        legend(o, layers, colours, anyOther, maxUtil > 1);
        int labelW = 130;
        int area = W - labelW - 200;
        double span = Math.min(Math.max(maxUtil, 1.0), 2.5);
        double capW = area / span;
        int top = 22;
        int rowH = 46;
        int h = top + shown.size() * rowH;
        svgOpen(o, h, "Resource use of each layer against the part's capacity");
        o.append("<defs><pattern id=\"over-hatch\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"").append(OVER_COLOUR)
                .append("\" fill-opacity=\"0.18\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"")
                .append(OVER_COLOUR).append("\" stroke-width=\"3\" stroke-opacity=\"0.7\"/></pattern></defs>\n");
        for (int t = 0; t <= (int) Math.floor(span * 4 + 1e-9); t++) {
            double x = labelW + t * 0.25 * capW;
            boolean major = t % 2 == 0;
            o.append("<line x1=\"").append(c(x)).append("\" y1=\"").append(top - 4).append("\" x2=\"").append(c(x))
                    .append("\" y2=\"").append(h).append("\" stroke=\"").append(t == 4 ? "#495057" : "#e9ecef")
                    .append("\"").append(t == 4 ? " stroke-dasharray=\"4 3\"" : "").append("/>\n");
            if (major || t == 4) {
                text(o, x, top - 12, "middle", t == 4 ? "tick strong" : "tick", (t * 25) + "\u00a0%");
            }
        }
        for (int i = 0; i < shown.size(); i++) {
            String r = shown.get(i);
            double cap = num(part.path("capacity"), r);
            double used = used(e, r);
            double util = used / cap;
            String unit = text(part.path("units"), r);
            String unitName = unit.isEmpty() ? RESOURCE_LABELS.get(r) : unit;
            double y = top + i * rowH;
            double barY = y + 9;
            double barH = 26;
            o.append("<g><title>").append(RESOURCE_LABELS.get(r)).append(": ").append(count(used)).append(" of ")
                    .append(count(cap)).append(' ').append(esc(unitName)).append(" (").append(esc(pct(util))).append(")</title>");
            text(o, labelW - 12, barY + 9, "end", "label strong", RESOURCE_LABELS.get(r));
            text(o, labelW - 12, barY + 23, "end", "unit", unitName);
            o.append("</g>\n");
            rect(o, labelW, barY, capW, barH, "#f8f9fa", "#adb5bd");
            double x = labelW;
            double end = labelW + area;
            for (JsonNode l : layers) {
                double v = num(l.path("resources"), r);
                if (v <= 0 || x >= end) {
                    continue;
                }
                String name = text(l, "layer");
                double w = Math.min(v / cap * capW, end - x);
                o.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(barY)).append("\" width=\"").append(c(w))
                        .append("\" height=\"").append(c(barH)).append("\" fill=\"").append(colours.get(name))
                        .append("\" stroke=\"#fff\" stroke-width=\"0.75\"><title>").append(esc(name)).append(": ")
                        .append(count(v)).append(' ').append(esc(unitName)).append(" (").append(esc(pct(v / cap)))
                        .append(" of the part)</title></rect>\n");
                x += w;
            }
            double rest = other(e, r);
            if (rest > 0 && x < end) {
                double w = Math.min(rest / cap * capW, end - x);
                o.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(barY)).append("\" width=\"").append(c(w))
                        .append("\" height=\"").append(c(barH)).append("\" fill=\"").append(OTHER_COLOUR)
                        .append("\"><title>outside the layers: ").append(count(rest)).append(' ').append(esc(unitName))
                        .append("</title></rect>\n");
            }
            if (util > 1) {
                double ox = labelW + capW;
                double ow = Math.min(util, span) * capW - capW;
                o.append("<rect x=\"").append(c(ox)).append("\" y=\"").append(c(barY - 3)).append("\" width=\"")
                        .append(c(ow)).append("\" height=\"").append(c(barH + 6))
                        .append("\" fill=\"url(#over-hatch)\" stroke=\"").append(OVER_COLOUR)
                        .append("\" stroke-width=\"2\" rx=\"2\"><title>").append(RESOURCE_LABELS.get(r)).append(": ")
                        .append(count(used - cap)).append(" over the part's ").append(count(cap))
                        .append("</title></rect>\n");
                if (util > span) {
                    text(o, labelW + area - 4, barY + barH / 2, "end", "cut", "\u00bb");
                }
            }
            double tx = labelW + area + 14;
            String cls = util > 1 ? "pct over" : util > 0.8 ? "pct warn" : "pct";
            text(o, tx, barY + 8, "start", cls, pct(util));
            text(o, tx, barY + 24, "start", "unit", count(used) + " of " + count(cap));
        }
        o.append("</svg>\n</section>\n");
    }

    private static void legend(StringBuilder o, List<JsonNode> layers, Map<String, String> colours, boolean other,
            boolean over) {
        o.append("<div class=\"legend\">");
        List<String> seen = new ArrayList<>();
        for (JsonNode l : layers) {
            String name = text(l, "layer");
            if (seen.contains(name)) {
                continue;
            }
            seen.add(name);
            o.append("<span><i class=\"sw\" style=\"background:").append(colours.get(name)).append("\"></i>")
                    .append(esc(name)).append("</span>");
        }
        if (other) {
            o.append("<span><i class=\"sw\" style=\"background:").append(OTHER_COLOUR)
                    .append("\"></i>outside the layers</span>");
        }
        o.append(over ? "<span><i class=\"sw hatch\"></i>over capacity</span>" : "").append("</div>\n");
    }

    private static void memories(StringBuilder o, JsonNode e, Map<String, String> colours) {
        List<JsonNode> mems = list(e.path("memories"));
        o.append("<section id=\"memories\">\n<h2>Memory map</h2>\n");
        if (mems.isEmpty()) {
            o.append("<p class=\"empty\">The estimate lists no memories.</p>\n</section>\n");
            return;
        }
        treemap(o, e, mems, colours);
        o.append("<table>\n<thead><tr><th>Layer</th><th>Instance</th><th>Memory</th><th>Purpose</th>")
                .append("<th class=\"n\">Width &#215; depth</th><th>Style</th><th>Primitive</th><th class=\"n\">Count</th>")
                .append("<th>Fill</th></tr></thead>\n<tbody>\n");
        for (JsonNode m : mems) {
            String layer = text(m, "layer");
            double fill = Math.max(0, Math.min(1, num(m, "fill")));
            o.append("<tr><td><i class=\"sw\" style=\"background:").append(colours.get(layer)).append("\"></i>")
                    .append(esc(layer)).append("</td><td><code>").append(esc(text(m, "instance"))).append("</code></td><td><code>")
                    .append(esc(text(m, "memory"))).append("</code></td><td>").append(esc(text(m, "purpose")))
                    .append("</td><td class=\"n\">").append(count(num(m, "width"))).append(" &#215; ")
                    .append(count(num(m, "depth"))).append("</td><td><span class=\"style s-")
                    .append(styleClass(text(m, "style"))).append("\">").append(esc(text(m, "style")))
                    .append("</span></td><td>").append(esc(text(m, "primitive"))).append("</td><td class=\"n\">")
                    .append(count(num(m, "count"))).append("</td><td><span class=\"fill\"><i style=\"width:")
                    .append(c(fill * 100)).append("%\"></i></span> ").append(esc(pct(num(m, "fill")))).append("</td></tr>\n");
        }
        o.append("</tbody>\n</table>\n</section>\n");
    }

    private static String styleClass(String style) {
        return switch (style.toLowerCase(Locale.ROOT)) {
            case "block", "bram" -> "block";
            case "ultra", "uram" -> "ultra";
            case "distributed", "lutram" -> "distributed";
            default -> "logic";
        };
    }

    /** A memory occupies block RAM when its style or primitive says so; its weight counts RAMB18 units. */
    private static double blockRamWeight(JsonNode m) {
        String style = text(m, "style").toLowerCase(Locale.ROOT);
        String prim = text(m, "primitive").toUpperCase(Locale.ROOT);
        boolean block = style.equals("block") || style.equals("bram") || prim.startsWith("RAMB") || prim.startsWith("SB_RAM");
        if (!block) {
            return 0;
        }
        return Math.max(0, num(m, "count")) * (prim.startsWith("RAMB36") ? 2 : 1);
    }

    private static void treemap(StringBuilder o, JsonNode e, List<JsonNode> mems, Map<String, String> colours) {
        List<Tile> tiles = new ArrayList<>();
        double used = 0;
        for (JsonNode m : mems) {
            double w = blockRamWeight(m);
            if (w > 0) {
                String layer = text(m, "layer");
                tiles.add(new Tile(layer + " \u00b7 " + text(m, "memory"), count(w),
                        layer + " " + text(m, "instance") + "." + text(m, "memory") + " (" + text(m, "purpose") + "): "
                                + count(num(m, "count")) + " \u00d7 " + text(m, "primitive") + ", "
                                + count(num(m, "width")) + " \u00d7 " + count(num(m, "depth")) + ", fill " + pct(num(m, "fill")),
                        colours.get(layer), w));
                used += w;
            }
        }
        JsonNode part = e.path("part");
        double cap = num(part.path("capacity"), "bram");
        String unit = text(part.path("units"), "bram");
        unit = unit.isEmpty() ? "BRAM" : unit;
        o.append("<h3>Block RAM by memory</h3>\n");
        if (tiles.isEmpty()) {
            o.append("<p class=\"empty\">No memory uses block RAM.</p>\n");
            return;
        }
        o.append("<p class=\"sub\">").append(count(used)).append(' ').append(esc(unit)).append(" in memories");
        if (cap > 0) {
            o.append(" of the part's ").append(count(cap)).append(" (").append(used > cap ? "<b class=\"over\">" : "")
                    .append(esc(pct(used / cap))).append(used > cap ? "</b>" : "").append(")");
        }
        o.append("; the area of a memory is the ").append(esc(unit)).append(" it takes.</p>\n");
        tiles.sort(Comparator.comparingDouble((Tile t) -> -t.weight));
        int h = 190;
        double usedW = cap > used ? W * used / cap : W;
        squarify(tiles, 0, 0, usedW, h);
        if (cap > used) {
            Tile free = new Tile("free", count(cap - used), "free: " + count(cap - used) + " " + unit, null, cap - used);
            free.x = usedW;
            free.w = W - usedW;
            free.h = h;
            tiles.add(free);
        }
        svgOpen(o, h, "Block RAM taken by each memory");
        for (Tile t : tiles) {
            boolean free = t.colour == null;
            String fill = free ? "#f8f9fa" : t.colour;
            o.append("<g><title>").append(esc(t.hover)).append("</title><rect x=\"").append(c(t.x + 1)).append("\" y=\"")
                    .append(c(t.y + 1)).append("\" width=\"").append(c(Math.max(0, t.w - 2))).append("\" height=\"")
                    .append(c(Math.max(0, t.h - 2))).append("\" rx=\"3\" fill=\"").append(fill).append('"')
                    .append(free ? " stroke=\"#adb5bd\" stroke-dasharray=\"5 4\"" : "").append("/>");
            if (t.w > 36 && t.h > 18) {
                String ink = free ? "#868e96" : ink(t.colour);
                o.append("<svg x=\"").append(c(t.x)).append("\" y=\"").append(c(t.y)).append("\" width=\"").append(c(t.w))
                        .append("\" height=\"").append(c(t.h)).append("\">");
                if (t.w > 90 && t.h > 38) {
                    o.append("<text x=\"8\" y=\"18\" class=\"tile\" style=\"fill:").append(ink).append("\">").append(esc(t.label))
                            .append("</text><text x=\"8\" y=\"34\" class=\"tile small\" style=\"fill:").append(ink).append("\">")
                            .append(esc(t.value)).append(' ').append(esc(unit)).append("</text>");
                } else {
                    o.append("<text x=\"5\" y=\"15\" class=\"tile small\" style=\"fill:").append(ink).append("\">")
                            .append(esc(t.value)).append("</text>");
                }
                o.append("</svg>");
            }
            o.append("</g>\n");
        }
        o.append("</svg>\n");
    }

    /** One tile of the treemap; its place is set by {@link #squarify}. */
    private static final class Tile {
        final String label;
        final String value;
        final String hover;
        final String colour;
        final double weight;
        double x;
        double y;
        double w;
        double h;

        Tile(String label, String value, String hover, String colour, double weight) {
            this.label = label;
            this.value = value;
            this.hover = hover;
            this.colour = colour;
            this.weight = weight;
        }
    }

    /** Squarified treemap (Bruls, Huizing, van Wijk): tiles sorted by weight, rows chosen to keep tiles square. */
    private static void squarify(List<Tile> tiles, double x, double y, double w, double h) {
        double total = 0;
        for (Tile t : tiles) {
            total += t.weight;
        }
        if (total <= 0) {
            return;
        }
        double scale = w * h / total;
        int i = 0;
        while (i < tiles.size()) {
            double side = Math.min(w, h);
            int j = i;
            double sum = 0;
            double worst = Double.MAX_VALUE;
            while (j < tiles.size()) {
                double a = tiles.get(j).weight * scale;
                double next = worst(tiles, i, j + 1, sum + a, side, scale);
                if (j > i && next > worst) {
                    break;
                }
                worst = next;
                sum += a;
                j++;
            }
            boolean column = w >= h;
            double thick = side > 0 ? sum / side : 0;
            double at = column ? y : x;
            for (int k = i; k < j; k++) {
                Tile t = tiles.get(k);
                double len = sum > 0 ? t.weight * scale / sum * side : 0;
                if (column) {
                    t.x = x;
                    t.y = at;
                    t.w = thick;
                    t.h = len;
                } else {
                    t.x = at;
                    t.y = y;
                    t.w = len;
                    t.h = thick;
                }
                at += len;
            }
            if (column) {
                x += thick;
                w -= thick;
            } else {
                y += thick;
                h -= thick;
            }
            i = j;
        }
    }

    private static double worst(List<Tile> tiles, int from, int to, double sum, double side, double scale) {
        double max = 0;
        double min = Double.MAX_VALUE;
        for (int k = from; k < to; k++) {
            double a = tiles.get(k).weight * scale;
            max = Math.max(max, a);
            min = Math.min(min, a);
        }
        if (sum <= 0 || min <= 0) {
            return Double.MAX_VALUE;
        }
        double s2 = side * side;
        return Math.max(s2 * max / (sum * sum), sum * sum / (s2 * min));
    }

    private static void fifos(StringBuilder o, JsonNode e, Map<String, String> colours) {
        List<JsonNode> fifos = list(e.path("fifos"));
        double max = 0;
        for (JsonNode f : fifos) {
            max = Math.max(max, Math.max(num(f, "depth"), num(f, "peak")));
        }
        o.append("<section id=\"fifos\">\n<h2>FIFOs</h2>\n<p class=\"sub\">Each bar is a FIFO's depth; the filled ")
                .append("part is the highest occupancy seen.</p>\n");
        int labelW = 240;
        int area = W - labelW - 190;
        int rowH = 30;
        svgOpen(o, fifos.size() * rowH + 6, "Depth and peak occupancy of each FIFO");
        for (int i = 0; i < fifos.size(); i++) {
            JsonNode f = fifos.get(i);
            String layer = text(f, "layer");
            double depth = num(f, "depth");
            double peak = num(f, "peak");
            double y = 3 + i * rowH;
            double dw = barWidth(depth, max, area);
            double pw = barWidth(Math.min(peak, depth), max, area);
            o.append("<g><title>").append(esc(layer)).append(' ').append(esc(text(f, "instance"))).append(": peak ")
                    .append(count(peak)).append(" of depth ").append(count(depth)).append("</title>");
            o.append("<text x=\"").append(labelW - 12).append("\" y=\"").append(c(y + rowH / 2.0))
                    .append("\" text-anchor=\"end\" class=\"label\"><tspan class=\"strong\">").append(esc(layer))
                    .append("</tspan><tspan class=\"unit\" dx=\"6\">").append(esc(text(f, "instance"))).append("</tspan></text>");
            rect(o, labelW, y + 6, dw, rowH - 12, "#f8f9fa", "#adb5bd");
            rect(o, labelW, y + 6, pw, rowH - 12, colours.getOrDefault(layer, BAR_COLOUR), null);
            if (peak > depth) {
                double ow = barWidth(peak, max, area) - dw;
                o.append("<rect x=\"").append(c(labelW + dw)).append("\" y=\"").append(c(y + 5)).append("\" width=\"")
                        .append(c(ow)).append("\" height=\"").append(rowH - 10).append("\" fill=\"url(#fifo-over)\" stroke=\"")
                        .append(OVER_COLOUR).append("\" stroke-width=\"2\"/>");
            }
            String note = "peak " + count(peak) + " of " + count(depth) + (depth > 0 ? " (" + pct(peak / depth) + ")" : "");
            text(o, labelW + dw + 10, y + rowH / 2.0, "start", peak > depth ? "value over" : "value", note);
            o.append("</g>\n");
        }
        o.append("<defs><pattern id=\"fifo-over\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"")
                .append(OVER_COLOUR).append("\" stroke-width=\"3\"/></pattern></defs>\n");
        o.append("</svg>\n</section>\n");
    }

    private static void frontier(StringBuilder o, JsonNode e) {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        double maxX = 1;
        double maxY = Math.max(0, num(e, "fps"));
        for (JsonNode p : list(e.path("frontier"))) {
            double cap = num(p, "capacity");
            double frac = cap > 0 ? num(p, "used") / cap : 0;
            double fps = Math.max(0, num(p, "fps"));
            series.computeIfAbsent(text(p, "resource"), k -> new ArrayList<>())
                    .add(new double[] {frac, fps, num(p, "used"), cap});
            maxX = Math.max(maxX, frac);
            maxY = Math.max(maxY, fps);
        }
        double xStep = niceStep(maxX / 6);
        double xMax = Math.ceil(maxX / xStep - 1e-9) * xStep;
        double yStep = niceStep(maxY > 0 ? maxY / 5 : 1);
        double yMax = Math.max(yStep, Math.ceil(maxY / yStep - 1e-9) * yStep);
        int left = 90;
        int right = 30;
        int top = 16;
        int bottom = 52;
        int h = 330;
        double pw = W - left - right;
        double ph = h - top - bottom;
        o.append("<section id=\"frontier\">\n<h2>Frontier</h2>\n<p class=\"sub\">Frames per second of other foldings ")
                .append("against the fraction of the limiting resource they use; right of the dashed line does not fit.</p>\n");
        o.append("<div class=\"legend\">");
        int s = 0;
        for (String r : series.keySet()) {
            o.append("<span><i class=\"sw\" style=\"background:").append(PALETTE[s++ % PALETTE.length]).append("\"></i>")
                    .append(esc(RESOURCE_LABELS.getOrDefault(r, r))).append("</span>");
        }
        o.append("</div>\n");
        svgOpen(o, h, "Frames per second against resource use");
        double capX = left + pw / xMax;
        if (xMax > 1) {
            rect(o, capX, top, left + pw - capX, ph, "#fff5f5", null);
        }
        for (int t = 0; t * yStep <= yMax + 1e-9; t++) {
            double y = top + ph - t * yStep / yMax * ph;
            line(o, left, y, left + pw, y, "#e9ecef", null);
            text(o, left - 10, y, "end", "tick", count(Math.round(t * yStep)));
        }
        for (int t = 0; t * xStep <= xMax + 1e-9; t++) {
            double x = left + t * xStep / xMax * pw;
            line(o, x, top, x, top + ph, "#e9ecef", null);
            text(o, x, top + ph + 18, "middle", "tick", trimmed(t * xStep * 100, 0) + "\u00a0%");
        }
        line(o, left, top + ph, left + pw, top + ph, "#495057", null);
        line(o, left, top, left, top + ph, "#495057", null);
        line(o, capX, top, capX, top + ph, OVER_COLOUR, "5 4");
        text(o, capX + 6, top + ph - 12, "start", "tick over halo", "part capacity");
        double fps = num(e, "fps");
        if (fps > 0) {
            double y = top + ph - fps / yMax * ph;
            line(o, left, y, left + pw, y, "#495057", "2 4");
            text(o, left + pw - 4, y - 9, "end", "tick halo", "this design: " + rate(fps) + " fps");
        }
        text(o, left + pw / 2, h - 10, "middle", "axis", "used fraction of the resource");
        o.append("<text transform=\"translate(18 ").append(c(top + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\" ")
                .append("class=\"axis\">frames per second</text>\n");
        s = 0;
        for (Map.Entry<String, List<double[]>> en : series.entrySet()) {
            String colour = PALETTE[s++ % PALETTE.length];
            List<double[]> pts = new ArrayList<>(en.getValue());
            pts.sort(Comparator.comparingDouble((double[] p) -> p[0]).thenComparingDouble(p -> p[1]));
            StringBuilder path = new StringBuilder();
            for (double[] p : pts) {
                path.append(path.length() == 0 ? "" : " ").append(c(left + p[0] / xMax * pw)).append(',')
                        .append(c(top + ph - p[1] / yMax * ph));
            }
            if (pts.size() > 1) {
                o.append("<polyline points=\"").append(path).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2\"/>\n");
            }
            String label = RESOURCE_LABELS.getOrDefault(en.getKey(), en.getKey());
            for (double[] p : pts) {
                o.append("<circle cx=\"").append(c(left + p[0] / xMax * pw)).append("\" cy=\"")
                        .append(c(top + ph - p[1] / yMax * ph)).append("\" r=\"5\" fill=\"").append(p[0] > 1 ? "#fff" : colour)
                        .append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"><title>").append(rate(p[1]))
                        .append(" fps with ").append(esc(label)).append(' ').append(count(p[2])).append(" of ")
                        .append(count(p[3])).append(" (").append(esc(pct(p[0]))).append(")</title></circle>\n");
            }
        }
        o.append("</svg>\n</section>\n");
    }

    private static void footer(StringBuilder o, JsonNode e) {
        JsonNode cal = e.path("calibration");
        o.append("<footer class=\"card\">\n<p><b>Calibration</b> ");
        if (text(cal, "yosys").isEmpty() && text(cal, "date").isEmpty()) {
            o.append("none recorded");
        } else {
            o.append(esc(text(cal, "yosys")));
            if (!text(cal, "date").isEmpty()) {
                o.append(", ").append(esc(text(cal, "date")));
            }
        }
        o.append("</p>\n");
        List<JsonNode> assumptions = list(e.path("assumptions"));
        if (!assumptions.isEmpty()) {
            o.append("<p><b>Assumptions</b></p>\n<ul>\n");
            for (JsonNode a : assumptions) {
                o.append("<li>").append(esc(a.asText())).append("</li>\n");
            }
            o.append("</ul>\n");
        }
        o.append("<p class=\"gen\">");
        if (!text(e, "format").isEmpty()) {
            o.append(esc(text(e, "format"))).append(" version ").append(count(num(e, "version"))).append(", ");
        }
        o.append("rendered by adabin-hw</p>\n</footer>\n");
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** A colour per layer, in the order layers first appear in the document. */
    private static Map<String, String> layerColours(JsonNode e) {
        Map<String, String> colours = new LinkedHashMap<>();
        for (String key : new String[] {"layers", "blocks", "memories", "fifos"}) {
            for (JsonNode n : list(e.path(key))) {
                String name = text(n, "layer");
                if (!colours.containsKey(name)) {
                    colours.put(name, colour(colours.size()));
                }
            }
        }
        return colours;
    }

    /** The palette, then hues spaced by the golden angle at a fixed saturation and lightness. */
    private static String colour(int i) {
        if (i < PALETTE.length) {
            return PALETTE[i];
        }
        double hue = ((i - PALETTE.length) * 137.508) % 360;
        double s = 0.55;
        double l = 0.62;
        double q = l + s - l * s;
        double p = 2 * l - q;
        int r = (int) Math.round(255 * hueToRgb(p, q, hue / 360 + 1.0 / 3));
        int g = (int) Math.round(255 * hueToRgb(p, q, hue / 360));
        int b = (int) Math.round(255 * hueToRgb(p, q, hue / 360 - 1.0 / 3));
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }

    private static double hueToRgb(double p, double q, double t) {
        t = t - Math.floor(t);
        if (t < 1.0 / 6) {
            return p + (q - p) * 6 * t;
        }
        if (t < 0.5) {
            return q;
        }
        if (t < 2.0 / 3) {
            return p + (q - p) * (2.0 / 3 - t) * 6;
        }
        return p;
    }

    /** Dark or white text, whichever reads better on a {@code #rrggbb} colour. */
    private static String ink(String hex) {
        int v = Integer.parseInt(hex.substring(1), 16);
        double lum = 0.299 * (v >> 16 & 255) + 0.587 * (v >> 8 & 255) + 0.114 * (v & 255);
        return lum > 150 ? "#212529" : "#ffffff";
    }

    /** What the design uses of a resource: the total, or the layers' sum when that is larger. */
    private static double used(JsonNode e, String r) {
        return Math.max(num(e.path("totals"), r), layerSum(e, r));
    }

    /** What the total holds beyond the layers (glue logic at the top). */
    private static double other(JsonNode e, String r) {
        return Math.max(0, num(e.path("totals"), r) - layerSum(e, r));
    }

    private static double layerSum(JsonNode e, String r) {
        double sum = 0;
        for (JsonNode l : list(e.path("layers"))) {
            sum += Math.max(0, num(l.path("resources"), r));
        }
        return sum;
    }

    private static double barWidth(double v, double max, double area) {
        if (v <= 0 || max <= 0) {
            return 0;
        }
        return Math.max(1.5, v / max * area);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    private static double niceStep(double raw) {
        if (!(raw > 0) || !Double.isFinite(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    private static void svgOpen(StringBuilder o, int h, String label) {
        o.append("<svg xmlns=\"").append(SVG_NS).append("\" viewBox=\"0 0 ").append(W).append(' ').append(h)
                .append("\" width=\"").append(W).append("\" height=\"").append(h).append("\" role=\"img\" aria-label=\"")
                .append(esc(label)).append("\">\n");
    }

    private static void rect(StringBuilder o, double x, double y, double w, double h, String fill, String stroke) {
        o.append("<rect x=\"").append(c(x)).append("\" y=\"").append(c(y)).append("\" width=\"").append(c(Math.max(0, w)))
                .append("\" height=\"").append(c(Math.max(0, h))).append("\" rx=\"3\" fill=\"").append(fill).append('"');
        if (stroke != null) {
            o.append(" stroke=\"").append(stroke).append('"');
        }
        o.append("/>");
    }

    private static void line(StringBuilder o, double x1, double y1, double x2, double y2, String stroke, String dash) {
        o.append("<line x1=\"").append(c(x1)).append("\" y1=\"").append(c(y1)).append("\" x2=\"").append(c(x2))
                .append("\" y2=\"").append(c(y2)).append("\" stroke=\"").append(stroke).append('"');
        if (dash != null) {
            o.append(" stroke-dasharray=\"").append(dash).append("\" stroke-width=\"1.5\"");
        }
        o.append("/>\n");
    }

    private static void text(StringBuilder o, double x, double y, String anchor, String cls, String s) {
        o.append("<text x=\"").append(c(x)).append("\" y=\"").append(c(y)).append('"');
        if (!anchor.equals("start")) {
            o.append(" text-anchor=\"").append(anchor).append('"');
        }
        o.append(" class=\"").append(cls).append("\">").append(esc(s)).append("</text>");
    }

    private static boolean nonEmpty(JsonNode n) {
        return n.isArray() && !n.isEmpty();
    }

    private static List<JsonNode> list(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        }
        return out;
    }

    /** A string field, or empty when missing or not a scalar. */
    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isValueNode() && !v.isNull() ? v.asText() : "";
    }

    /** A number field, or 0 when missing, not a number or not finite. */
    private static double num(JsonNode n, String field) {
        JsonNode v = n.path(field);
        double d = v.isValueNode() ? v.asDouble(0) : 0;
        return Double.isFinite(d) ? d : 0;
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "\u2014" : s;
    }

    /** A count with thousands separators; one decimal only when the value has a fraction. */
    static String count(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    /** A rate: whole with separators from 100 up, else three significant figures at most. */
    private static String rate(double v) {
        return Math.abs(v) >= 100 ? count(Math.round(v)) : trimmed(v, Math.abs(v) >= 10 ? 1 : 2);
    }

    private static String latency(double us) {
        if (us >= 1000) {
            return trimmed(us / 1000, 2) + " ms";
        }
        return trimmed(us, us >= 10 ? 1 : 2) + " \u00b5s";
    }

    /** A fraction as a percentage: one decimal below 10 %, whole above. */
    static String pct(double fraction) {
        double p = Double.isFinite(fraction) ? fraction * 100 : 0;
        return (Math.abs(p) < 10 && p != 0 ? trimmed(p, 1) : count(Math.round(p))) + "\u00a0%";
    }

    /** A number with at most {@code decimals} decimals and separators, trailing zeros dropped. */
    private static String trimmed(double v, int decimals) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%,." + decimals + "f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }

    /** An SVG coordinate: one decimal, never NaN or Infinity. */
    private static String c(double v) {
        if (!Double.isFinite(v)) {
            return "0";
        }
        double r = Math.round(v * 10) / 10.0;
        if (r == Math.rint(r)) {
            return Long.toString((long) r);
        }
        return String.format(Locale.ROOT, "%.1f", r);
    }

    /** Escapes for HTML text and attributes; characters outside ASCII become numeric references. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (cp >= 0x20 && cp < 0x7f || cp == '\n' || cp == '\t') {
                        b.append((char) cp);
                    } else if (cp >= 0xa0 && !(cp >= 0xd800 && cp <= 0xdfff)) {
                        b.append("&#").append(cp).append(';');
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            :root{--ink:#1f2933;--muted:#616e7c;--line:#e4e7eb;--bg:#f3f5f8;--card:#fff;--ok:#2b8a3e;--bad:#e03131}
            *{box-sizing:border-box}
            body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,\
            "Helvetica Neue",Arial,"Noto Sans","Liberation Sans","DejaVu Sans",sans-serif}
            main{max-width:1120px;margin:0 auto;padding:28px 24px 40px}
            .card,section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 26px;\
            margin:0 0 18px;box-shadow:0 1px 3px rgba(16,42,67,.06)}
            h1{font-size:30px;margin:0;letter-spacing:-.01em}
            h2{font-size:19px;margin:0 0 6px}
            h3{font-size:15px;margin:4px 0 2px}
            .title{display:flex;align-items:baseline;gap:16px;flex-wrap:wrap}
            .sub,.note,.empty{color:var(--muted)}
            .sub{margin:0 0 12px;font-size:14px}
            .part{margin-top:6px;font-size:16px}
            .part .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em;margin-right:4px}
            code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace}
            .tag{display:inline-block;font-size:12px;padding:1px 8px;border-radius:999px;background:#e7f5ff;color:#1864ab;\
            margin-left:6px;vertical-align:1px}
            .stats{display:grid;grid-template-columns:repeat(5,minmax(0,1fr));gap:12px;margin:16px 0}
            .stat{background:var(--bg);border-radius:10px;padding:10px 14px;min-width:0}
            .stat .k{font-size:11.5px;text-transform:uppercase;letter-spacing:.07em;color:var(--muted)}
            .stat .v{font-size:24px;font-weight:650;font-variant-numeric:tabular-nums;white-space:nowrap;overflow:hidden;\
            text-overflow:ellipsis}
            .stat .note{font-size:12.5px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
            .verdict{display:flex;align-items:center;gap:20px;padding:14px 18px;border-radius:12px}
            .verdict p{margin:0;font-size:15.5px}
            .verdict.ok{background:#ebfbee;border:1px solid #b2f2bb}
            .verdict.bad{background:#fff5f5;border:1px solid #ffc9c9}
            .verdict.unknown{background:var(--bg);border:1px solid var(--line)}
            .badge{font-size:26px;font-weight:800;color:#fff;padding:10px 24px;border-radius:999px;white-space:nowrap;\
            background:#868e96}
            .ok .badge{background:var(--ok)}
            .bad .badge{background:var(--bad)}
            svg{display:block;width:100%;max-width:100%;height:auto;margin:4px 0 8px}
            svg text{fill:var(--ink);font-size:13px;dominant-baseline:central}
            svg text.label{font-size:13.5px}
            svg .strong{font-weight:700}
            svg text.value{fill:#495057;font-variant-numeric:tabular-nums}
            svg .flag{font-weight:700;text-transform:uppercase;font-size:11.5px;letter-spacing:.06em}
            svg text.unit,svg tspan.unit{fill:var(--muted);font-size:11.5px}
            svg text.tick{fill:var(--muted);font-size:11.5px}
            svg text.axis{fill:var(--muted);font-size:13px}
            svg text.pct{font-size:17px;font-weight:700;font-variant-numeric:tabular-nums}
            svg text.warn{fill:#e67700}
            svg text.over,svg text.cut{fill:var(--bad);font-weight:700}
            svg text.cut{font-size:20px}
            svg text.halo{paint-order:stroke;stroke:#fff;stroke-width:4px;stroke-linejoin:round}
            b.over{color:var(--bad)}
            svg text.tile{font-size:12.5px;font-weight:600;dominant-baseline:auto}
            svg text.small{font-size:11.5px;font-weight:400}
            .legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:2px 0 8px;font-size:13px}
            .sw{display:inline-block;width:12px;height:12px;border-radius:3px;vertical-align:-1px;margin-right:6px}
            .sw.hatch{background:repeating-linear-gradient(45deg,#e03131 0 2px,#ffe3e3 2px 5px);outline:1px solid #e03131}
            table{border-collapse:collapse;width:100%;font-size:13.5px;font-variant-numeric:tabular-nums;margin-top:10px}
            th{font-size:11.5px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);font-weight:600}
            th,td{padding:5px 10px;border-bottom:1px solid var(--line);text-align:left;white-space:nowrap}
            tbody tr:hover{background:#f8f9fa}
            .n{text-align:right}
            .style{display:inline-block;font-size:12px;padding:1px 8px;border-radius:999px}
            .s-block{background:#fff4e6;color:#d9480f}
            .s-ultra{background:#f3f0ff;color:#6741d9}
            .s-distributed{background:#e6fcf5;color:#087f5b}
            .s-logic{background:#f1f3f5;color:#495057}
            .fill{display:inline-block;width:60px;height:8px;border-radius:4px;background:#e9ecef;overflow:hidden;\
            vertical-align:0}
            .fill i{display:block;height:100%;background:#5c7cfa}
            footer{color:var(--muted);font-size:13.5px}
            footer p{margin:4px 0}
            footer ul{margin:4px 0 8px;padding-left:20px}
            footer .gen{font-size:12px;margin-top:10px}
            """;
}
