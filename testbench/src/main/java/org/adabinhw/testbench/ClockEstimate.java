package org.adabinhw.testbench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.estimate.Family;

/**
 * A clock estimate for a Xilinx part from logic depth: every distinct block module of a generated accelerator
 * synthesised alone with {@code synth_xilinx}, its worst path found by {@link LogicDepth}; the accelerator's clock is
 * the slowest block's. Blocks are registered at every boundary (the house rule), so the block-internal paths set the
 * clock. An estimate before placement, not a timing result: see docs/clock-estimate.md.
 *
 * @param family the family the blocks were synthesised for
 * @param blocks every block, in the order of {@code accelerator.json}; blocks that share a module share its path
 */
public record ClockEstimate(Family family, List<Block> blocks) {
    /** The label printed with every figure. */
    public static final String LABEL = "estimate from logic depth after synth_xilinx, not place-and-route";

    /**
     * One block and its module's worst path.
     *
     * @param layer    its layer
     * @param instance its instance
     * @param module   its module (the one synthesised)
     * @param worst    the module's worst path
     */
    public record Block(String layer, String instance, String module, LogicDepth.Worst worst) {
    }

    public ClockEstimate {
        blocks = List.copyOf(blocks);
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("a clock estimate needs at least one block");
        }
    }

    /**
     * Synthesises every distinct block module of a generated directory, one at a time.
     *
     * @param g        the generated directory, read back
     * @param f        a Xilinx family
     * @param progress receives one line per module: {@code block i/n module: levels, delay (elapsed)}
     * @throws IllegalArgumentException for the iCE40 family (use {@code implement})
     * @throws ToolException            when Yosys is missing or fails on a module
     */
    public static ClockEstimate of(AcceleratorVerification.Generated g, Family f, Consumer<String> progress) {
        if (f == Family.ICE40) {
            throw new IllegalArgumentException("the logic-depth clock estimate is for Xilinx parts; for an iCE40 part, "
                    + "./adabin-hw implement DIR --part ice40up5k gives nextpnr's fmax");
        }
        Map<String, LogicDepth.Worst> byModule = new LinkedHashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (JsonNode b : g.description().path("blocks")) {
            String module = b.path("module").asText();
            rows.add(new String[] {b.path("layer").asText(), b.path("instance").asText(), module});
            byModule.putIfAbsent(module, null);
        }
        int i = 0;
        for (String module : byModule.keySet()) {
            i++;
            long start = System.nanoTime();
            LogicDepth.Worst w = LogicDepth.synthesise(g.dir(), g.design().sources(), module, f);
            byModule.put(module, w);
            progress.accept(String.format(Locale.ROOT, "block %d/%d %s: %s (%.1f s)", i, byModule.size(), module, w.summary(),
                    Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0));
        }
        List<Block> blocks = new ArrayList<>();
        for (String[] r : rows) {
            blocks.add(new Block(r[0], r[1], r[2], byModule.get(r[2])));
        }
        return new ClockEstimate(f, blocks);
    }

    /** The block of the longest path (the first of several as long). */
    public Block slowest() {
        Block s = blocks.get(0);
        for (Block b : blocks) {
            if (b.worst().delayNs() > s.worst().delayNs()) {
                s = b;
            }
        }
        return s;
    }

    /** The clock estimate in MHz: the slowest block's. */
    public double clockMhz() {
        return slowest().worst().fmaxMhz();
    }

    /** The assumptions the estimate rests on. */
    public List<String> assumptions() {
        LogicDepth.Delays d = LogicDepth.Delays.of(family);
        return List.of(
                "Each block module synthesised alone by Yosys (" + Synthesis.synthCommand(family, "MODULE") + "); its worst "
                        + "path found over the netlist's cells: from flip-flops, block RAM, DSP registers, LUTRAM and SRL "
                        + "outputs (clock to out) and input ports, to their inputs (setup) and to output ports.",
                "A block's ports are taken as registered in the neighbouring block (blocks are registered at every boundary), "
                        + "so a path through a port counts one clock-to-out or one setup there and no logic of the neighbour.",
                "Delays: " + d.source() + ".",
                "Net delays are assumed, not placed and routed: Vivado's timing after place-and-route differs, mostly in "
                        + "the nets (routing typically dominates a 7-series path), and Vivado's synthesis may restructure "
                        + "the logic. Treat the clock as a planning figure; check it with Vivado.",
                "See docs/clock-estimate.md for the figures and the check of the method against nextpnr on an iCE40.");
    }

    /** The figures as the {@code "logic_depth"} object of the {@code estimate --json} document. */
    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("label", LABEL);
        root.put("family", family.id());
        root.put("delays", LogicDepth.Delays.of(family).name());
        root.put("clock_estimate_mhz", clockMhz());
        Block s = slowest();
        ObjectNode sl = root.putObject("slowest_block");
        sl.put("layer", s.layer());
        sl.put("instance", s.instance());
        sl.put("module", s.module());
        sl.put("delay_ns", s.worst().delayNs());
        ArrayNode bs = root.putArray("blocks");
        for (Block b : blocks) {
            ObjectNode o = bs.addObject();
            LogicDepth.Worst w = b.worst();
            o.put("layer", b.layer());
            o.put("instance", b.instance());
            o.put("module", b.module());
            o.put("lut_levels", w.lutLevels());
            o.put("carry_elements", w.carryElements());
            o.put("mux_levels", w.muxLevels());
            o.put("other_levels", w.otherLevels());
            o.put("delay_ns", w.delayNs());
            o.put("fmax_mhz", w.fmaxMhz());
            o.put("start", w.start());
            o.put("end", w.end());
            o.put("path", w.route());
        }
        ArrayNode as = root.putArray("assumptions");
        assumptions().forEach(as::add);
        return root;
    }
}
