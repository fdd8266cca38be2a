package org.adabinhw.generator.accelerator;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.blocks.Memory;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Shape;

/**
 * The machine-readable description of an accelerator ({@code accelerator.json}): the top module under
 * {@code "top"}, its ports and data formats, the folding and cycles of every layer, and where the network
 * came from (so that {@code verify} can compute the golden model again). Keys are in a fixed order, so equal
 * accelerators give byte-identical files.
 */
public final class AcceleratorDescription {
    /** The value of {@code "format"}. */
    public static final String FORMAT = "adabin-hw-accelerator";
    /** The value of {@code "version"}. */
    public static final int VERSION = 2;

    private AcceleratorDescription() {
    }

    static String json(Accelerator a, Map<String, String> source, Family family) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("top", a.top());
        root.put("network", a.network().name());
        ObjectNode src = root.putObject("source");
        source.forEach(src::put);
        root.put("family", family.id());
        root.put("clock", "ap_clk");
        root.put("reset", "ap_rst_n (active low, synchronous)");

        Shape in = a.network().input().shape();
        ObjectNode input = root.putObject("input");
        input.put("stream", "s_axis");
        input.put("tdata_width", a.design().ports().get(0).tdataWidth());
        input.put("channels", in.channels());
        input.put("height", in.height());
        input.put("width", in.width());
        input.put("format", "one pixel per beat, channel c in tdata[8c+7:8c] as uint8; pixels in raster order; images back to back");

        QuantConfig q = a.network().q();
        IntLayer last = a.network().layers().get(a.network().layers().size() - 1);
        ObjectNode output = root.putObject("output");
        output.put("stream", "m_axis");
        output.put("tdata_width", a.design().ports().get(1).tdataWidth());
        output.put("tlast", true);
        output.put("classes", last.outShape().size());
        output.put("format", "one signed " + q.logitWidth() + "-bit logit per beat (value * 2^-" + q.fracBits()
                + "), classes in order, tlast on the last class of each image");

        ObjectNode formats = root.putObject("formats");
        formats.put("stream_width", q.streamWidth());
        formats.put("frac_bits", q.fracBits());
        formats.put("binary_const_width", q.binaryConstWidth());
        formats.put("multiplier_width", q.multiplierWidth());
        formats.put("logit_width", q.logitWidth());

        root.put("cycles_per_image", a.cyclesPerImage());
        root.set("folding", foldingNode(m, a.folding()));
        ObjectNode fifos = root.putObject("fifos");
        a.folding().fifos().forEach(fifos::put);
        ArrayNode layers = root.putArray("blocks");
        for (Accelerator.Stage s : a.stages()) {
            ObjectNode o = layers.addObject();
            o.put("layer", s.layer());
            o.put("block", s.block());
            o.put("instance", s.instance());
            o.put("module", s.design().top());
            o.put("cycles_per_image", s.cyclesPerImage());
            o.set("config", s.config().toJson());
            ArrayNode mems = o.putArray("memories");
            for (Memory mem : s.config().memories()) {
                ObjectNode mo = mems.addObject();
                mo.put("memory", mem.name());
                mo.put("purpose", mem.purpose());
                mo.put("width", mem.width());
                mo.put("depth", mem.depth());
                mo.put("copies", mem.copies());
                mo.put("style", s.config().style(mem, family).attribute());
            }
        }
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode foldingNode(ObjectMapper m, Folding f) {
        try {
            return (ObjectNode) m.readTree(f.toJson()).get("layers");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
