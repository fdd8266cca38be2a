package org.adabinhw.generator.estimate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.blocks.AxisTlastConfig;
import org.adabinhw.generator.blocks.BlockConfig;

/**
 * What an accelerator costs on a part: every block's resources and memories from the {@link CostModel}, the
 * totals against the part's capacity, a fits / does-not-fit verdict, and frames per second at a clock.
 *
 * @param accelerator the accelerator (its blocks, their configurations and cycles)
 * @param part        the part
 * @param clockMhz    the clock
 * @param clockSource where the clock comes from ({@code --clock} or the part's typical clock)
 * @param blocks      every block's cost, in data-flow order, the top's {@code axis_tlast} last
 * @param timing      latency and interval from a simulation, or null
 * @param fifos       the bypass FIFOs' depth and peak occupancy from a simulation (empty without one)
 */
public record Estimate(Accelerator accelerator, Part part, double clockMhz, String clockSource, List<Block> blocks,
                       Timing timing, List<Fifo> fifos) {
    /** The value of {@code "format"} of the JSON document. */
    public static final String FORMAT = "adabin-hw-estimate";

    /**
     * One block and its cost.
     *
     * @param layer          the layer it belongs to ({@code top} for the top's own logic)
     * @param instance       its instance name
     * @param block          its block name
     * @param module         its module
     * @param cyclesPerImage its cycles per image without stalls
     * @param cost           its cost
     */
    public record Block(String layer, String instance, String block, String module, long cyclesPerImage,
                        CostModel.BlockCost cost) {
    }

    /**
     * Times from a stall-free simulation of blank images.
     *
     * @param latencyCycles  cycles from the first pixel of the first image in to its last logit out
     * @param intervalCycles mean cycles between images
     */
    public record Timing(long latencyCycles, double intervalCycles) {
    }

    /**
     * One bypass FIFO.
     *
     * @param layer    its add layer
     * @param instance its instance
     * @param depth    its depth
     * @param peak     its peak occupancy in the simulation
     */
    public record Fifo(String layer, String instance, int depth, int peak) {
    }

    /** Copies the lists. */
    public Estimate {
        blocks = List.copyOf(blocks);
        fifos = List.copyOf(fifos);
    }

    /**
     * Costs every block of an accelerator on a part.
     *
     * @param clockMhz the clock, or ≤ 0 for the part's typical clock
     * @throws IllegalStateException when the part's family has no calibration
     */
    public static Estimate of(Accelerator a, Part part, double clockMhz, Timing timing, List<Fifo> fifos) {
        Family f = part.family();
        CalibrationTable t = CalibrationTable.of(f);
        List<Block> blocks = new ArrayList<>();
        for (Accelerator.Stage s : a.stages()) {
            blocks.add(new Block(s.layer(), s.instance(), s.block(), s.design().top(), s.cyclesPerImage(),
                    CostModel.cost(s.config(), f, t, CostModel.images(s.design()))));
        }
        int classes = a.network().layers().get(a.network().layers().size() - 1).outShape().size();
        BlockConfig tlast = new AxisTlastConfig(a.network().q().logitWidth(), classes);
        blocks.add(new Block("top", "u_tlast", tlast.block(), "axis_tlast", 0, CostModel.cost(tlast, f, t, image -> null)));
        boolean given = clockMhz > 0;
        return new Estimate(a, part, given ? clockMhz : part.typicalClockMhz(),
                given ? "--clock" : "the part's typical clock", blocks, timing, fifos);
    }

    /**
     * The same estimate at another clock.
     *
     * @param mhz    the clock, positive
     * @param source where it comes from, for the figures and the assumptions
     */
    public Estimate withClock(double mhz, String source) {
        if (!(mhz > 0)) {
            throw new IllegalArgumentException("clock (" + mhz + " MHz) must be positive");
        }
        return new Estimate(accelerator, part, mhz, source, blocks, timing, fifos);
    }

    /** The sum over every block. */
    public Resources totals() {
        Resources r = Resources.ZERO;
        for (Block b : blocks) {
            r = r.plus(b.cost().resources());
        }
        return r;
    }

    /** The cycles per image without stalls (the slowest block's). */
    public long cyclesPerImage() {
        return accelerator.cyclesPerImage();
    }

    /** The slowest block (of several as slow, the last in data-flow order: the unit that does the work). */
    public Block bottleneck() {
        Block b = blocks.get(0);
        for (Block x : blocks) {
            if (x.cyclesPerImage() >= b.cyclesPerImage()) {
                b = x;
            }
        }
        return b;
    }

    /** Images per second at the clock. */
    public double fps() {
        double interval = timing != null ? timing.intervalCycles() : cyclesPerImage();
        return clockMhz * 1e6 / interval;
    }

    /** What one resource counts against on the part: logic and memory LUTs together count against its LUTs. */
    public long used(String resource) {
        Resources t = totals();
        return resource.equals("lut") ? t.lut() + t.lutram() : t.get(resource);
    }

    /** Used over available of one resource (0 where the part has none and none is used; infinite where it has none). */
    public double utilisation(String resource) {
        long cap = part.capacity().get(resource);
        long used = used(resource);
        if (cap == 0) {
            return used == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (double) used / cap;
    }

    /** The resources over the part's capacity, the worst first. */
    public List<String> over() {
        List<String> l = new ArrayList<>();
        for (String r : Resources.NAMES) {
            if (utilisation(r) > 1) {
                l.add(r);
            }
        }
        l.sort(Comparator.comparingDouble(this::utilisation).reversed());
        return l;
    }

    /** Whether the design fits the part. */
    public boolean fits() {
        return over().isEmpty();
    }

    /** Per layer the sum of its blocks, in data-flow order. */
    public Map<String, Resources> layers() {
        Map<String, Resources> m = new LinkedHashMap<>();
        for (Block b : blocks) {
            m.merge(b.layer(), b.cost().resources(), Resources::plus);
        }
        return m;
    }

    /** Per layer its cycles per image: its slowest block's. */
    public Map<String, Long> layerCycles() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Block b : blocks) {
            m.merge(b.layer(), b.cyclesPerImage(), Math::max);
        }
        return m;
    }

    private static long layerUse(Resources r, String resource) {
        return resource.equals("lut") ? r.lut() + r.lutram() : r.get(resource);
    }

    /** The layers that use most of a resource, the largest first, at most {@code n}. */
    public List<Map.Entry<String, Long>> dominant(String resource, int n) {
        List<Map.Entry<String, Long>> l = new ArrayList<>();
        layers().forEach((k, v) -> {
            long u = layerUse(v, resource);
            if (u > 0) {
                l.add(Map.entry(k, u));
            }
        });
        l.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return l.subList(0, Math.min(n, l.size()));
    }

    /** The unit of a resource on the part's family. */
    public static String unit(Family f, String resource) {
        return switch (resource) {
            case "lut" -> f.lut6() ? "LUT6 (logic + memory)" : "LUT4";
            case "ff" -> "FF";
            case "lutram" -> f.lut6() ? "LUT as memory" : "none";
            case "bram" -> f.lut6() ? "RAMB18 (RAMB36 = 2)" : "EBR (4 kbit)";
            case "uram" -> f == Family.XILINX_USP ? "URAM288" : f == Family.ICE40 ? "SPRAM" : "none";
            case "dsp" -> f == Family.XILINX_7 ? "DSP48E1" : f == Family.XILINX_USP ? "DSP48E2" : "SB_MAC16";
            default -> throw new IllegalArgumentException(resource);
        };
    }

    /** The verdict in one sentence. */
    public String verdict() {
        if (fits()) {
            String worst = null;
            for (String r : Resources.NAMES) {
                if (part.capacity().get(r) > 0 && (worst == null || utilisation(r) > utilisation(worst))) {
                    worst = r;
                }
            }
            return String.format(Locale.ROOT, "fits %s: the scarcest resource is %s at %.0f %% (%s)", part.name(), worst,
                    100 * utilisation(worst), describe(dominant(worst, 3)));
        }
        StringBuilder b = new StringBuilder("does not fit " + part.name() + ":");
        String sep = " ";
        for (String r : over()) {
            long cap = part.capacity().get(r);
            b.append(sep).append(String.format(Locale.ROOT, "%s %,d of %,d%s, mostly %s", r, used(r), cap,
                    cap == 0 ? " (the part has none)" : String.format(Locale.ROOT, " (%.0f %%)", 100 * utilisation(r)),
                    describe(dominant(r, 3))));
            sep = "; ";
        }
        return b.toString();
    }

    private static String describe(List<Map.Entry<String, Long>> l) {
        List<String> s = new ArrayList<>();
        for (Map.Entry<String, Long> e : l) {
            s.add(String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()));
        }
        return String.join(", ", s);
    }

    /** The assumptions the figures rest on. */
    public List<String> assumptions() {
        CalibrationTable t = CalibrationTable.of(part.family());
        List<String> l = new ArrayList<>();
        Family fit = t.borrowedFrom() != null ? t.borrowedFrom() : part.family();
        l.add("LUT and FF: a linear model per block fitted against Yosys (" + t.yosys() + ", " + t.date() + ", "
                + fit.yosysSynth() + " -flatten per block); see docs/calibration-" + fit.id() + ".md for its errors.");
        if (t.borrowedFrom() != null) {
            l.add(part.family().id() + " has no fit of its own yet: its LUT and FF use the " + fit.id()
                    + " coefficients (the same LUT6 and flip-flops to Yosys; CARRY8 instead of CARRY4 may change adders).");
        }
        l.add("Block RAM, LUTRAM and DSP: the rules that set the RTL's ram_style/rom_style and Yosys's multiplier mapping; "
                + "they match Yosys exactly on every calibrated configuration.");
        l.add("Vendor tools differ from Yosys: Vivado typically needs fewer LUTs (better LUT packing, SRL inference) and "
                + "places ROMs as it sees fit; treat the LUT and FF figures as Yosys's.");
        l.add("LUTs used as memory count against the part's LUTs as well as its LUTRAM-capable LUTs.");
        if (timing == null) {
            l.add("Frames per second from the slowest block's cycles per image (no simulation).");
        } else {
            l.add("Latency and interval from a stall-free cycle-exact simulation of 2 blank images.");
        }
        l.add("Clock: " + clockSource + (clockSource.startsWith("the part") ? " (" + part.clockNote() + ")" : "")
                + "; not a timing result (./adabin-hw implement gives one for iCE40 parts).");
        return l;
    }

    private static ObjectNode resources(ObjectNode parent, String key, Resources r) {
        ObjectNode o = parent.putObject(key);
        r.asMap().forEach(o::put);
        return o;
    }

    /** The estimate as the {@code estimate --json} document (docs/architecture.md §"Estimates"). */
    public ObjectNode toJson() {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", 1);
        root.put("network", accelerator.network().name());
        root.put("top", accelerator.top());
        ObjectNode p = root.putObject("part");
        p.put("name", part.name());
        p.put("family", part.family().id());
        p.put("description", part.description());
        resources(p, "capacity", part.capacity());
        ObjectNode units = p.putObject("units");
        for (String r : Resources.NAMES) {
            units.put(r, unit(part.family(), r));
        }
        root.put("clock_mhz", clockMhz);
        root.put("clock_source", clockSource);
        root.put("cycles_per_image", cyclesPerImage());
        if (timing != null) {
            root.put("interval_cycles", timing.intervalCycles());
            root.put("latency_cycles", timing.latencyCycles());
            root.put("latency_us", timing.latencyCycles() / clockMhz);
        }
        root.put("fps", fps());
        Block bn = bottleneck();
        ObjectNode b = root.putObject("bottleneck");
        b.put("layer", bn.layer());
        b.put("instance", bn.instance());
        b.put("cycles_per_image", bn.cyclesPerImage());
        ObjectNode totals = root.putObject("totals");
        for (String r : Resources.NAMES) {
            totals.put(r, used(r));
        }
        totals.put("lut_logic", totals().lut());
        ObjectNode util = root.putObject("utilisation");
        for (String r : Resources.NAMES) {
            double u = utilisation(r);
            if (Double.isInfinite(u)) {
                util.putNull(r);
            } else {
                util.put(r, Math.round(u * 10000) / 10000.0);
            }
        }
        root.put("fits", fits());
        root.put("verdict", verdict());
        ArrayNode layers = root.putArray("layers");
        Map<String, Long> cycles = layerCycles();
        layers().forEach((k, v) -> {
            ObjectNode o = layers.addObject();
            o.put("layer", k);
            o.put("cycles_per_image", cycles.get(k));
            resources(o, "resources", v);
        });
        ArrayNode bs = root.putArray("blocks");
        ArrayNode mems = root.putArray("memories");
        for (Block x : blocks) {
            ObjectNode o = bs.addObject();
            o.put("layer", x.layer());
            o.put("instance", x.instance());
            o.put("block", x.block());
            o.put("module", x.module());
            o.put("cycles_per_image", x.cyclesPerImage());
            resources(o, "resources", x.cost().resources());
            for (CostModel.MemoryUse u : x.cost().memories()) {
                ObjectNode mo = mems.addObject();
                mo.put("layer", x.layer());
                mo.put("instance", x.instance());
                mo.put("memory", u.memory().name());
                mo.put("purpose", u.memory().purpose());
                mo.put("width", u.memory().width());
                mo.put("stored_width", u.width());
                mo.put("depth", u.memory().depth());
                mo.put("copies", u.memory().copies());
                mo.put("style", u.style().attribute());
                mo.put("primitive", u.primitive());
                mo.put("count", u.bram() > 0 ? u.bram() : u.lutram());
                mo.put("fill", Math.round(u.fill() * 1000) / 1000.0);
            }
        }
        if (!fifos.isEmpty()) {
            ArrayNode fs = root.putArray("fifos");
            for (Fifo f : fifos) {
                ObjectNode o = fs.addObject();
                o.put("layer", f.layer());
                o.put("instance", f.instance());
                o.put("depth", f.depth());
                o.put("peak", f.peak());
            }
        }
        CalibrationTable t = CalibrationTable.of(part.family());
        ObjectNode cal = root.putObject("calibration");
        cal.put("yosys", t.yosys());
        cal.put("date", t.date());
        ArrayNode as = root.putArray("assumptions");
        assumptions().forEach(as::add);
        return root;
    }
}
