package org.adabinhw.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.estimate.CostModel;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.HtmlReport;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.AcceleratorVerification;
import org.adabinhw.testbench.ClockEstimate;
import org.adabinhw.testbench.EdaTool;
import org.adabinhw.testbench.LogicDepth;
import org.adabinhw.testbench.ToolException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code estimate}: what an accelerator costs on an FPGA part, and whether it fits. */
@Command(name = "estimate", mixinStandardHelpOptions = true,
        description = "Estimate the resources (LUT, FF, LUTRAM, block RAM, DSP) of an accelerator on an FPGA part, per layer and "
                + "per block, its memories and where they map, frames per second and latency at a clock, and whether it fits. "
                + "The cost model is calibrated against Yosys (docs/calibration-<family>.md).")
final class EstimateCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "DIR", description = "A directory written by generate (or give a network).")
    Path dir;

    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--folding", paramLabel = "PLAN.json", description = "The plan, as for generate (with a network only).")
    Path folding;

    @Option(names = "--part", required = true, paramLabel = "PART",
            description = "The FPGA part: xc7z020, xczu3eg, xczu7ev, xcu250, ice40up5k, ice40hx8k.")
    String part;

    @Option(names = "--clock", paramLabel = "MHZ", description = "The clock in MHz (default: the part's typical clock).")
    Double clock;

    @Option(names = "--json", paramLabel = "OUT.json", arity = "0..1", fallbackValue = "-",
            description = "Also write the estimate as a JSON document to OUT.json; without a file (or with -), print it on standard "
                    + "output and the text on standard error (keys in the README, section \"Machine-readable output\").")
    Path json;

    @Option(names = "--html", paramLabel = "OUT.html", description = "Also write a self-contained HTML report.")
    Path html;

    @Option(names = "--no-simulate", description = "Skip the stall-free simulation of 2 blank images that gives latency and FIFO occupancy.")
    boolean noSimulate;

    @Option(names = "--logic-depth", description = "Xilinx parts: synthesise every block module with Yosys synth_xilinx, one "
            + "at a time (seconds to a minute each), print each block's worst register-to-register path (LUT, carry and "
            + "mux levels) and its delay estimate, and a clock estimate, the slowest block's; frames/s use it unless --clock "
            + "is given. An estimate from logic depth, not place-and-route (docs/clock-estimate.md). For iCE40 parts, "
            + "implement gives nextpnr's fmax.")
    boolean logicDepth;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** The part of a name, or a user error listing the known ones. */
    static Part part(String name) {
        try {
            return Parts.of(name);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean jsonToStdout = json != null && json.toString().equals("-");
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = jsonToStdout ? err : spec.commandLine().getOut();
        Part p = part(part);
        if (clock != null && !(clock > 0 && clock < 2000)) {
            throw new Main.UserException("--clock must be a frequency in MHz between 0 and 2000, got " + clock);
        }
        for (Path o : new Path[] {jsonToStdout ? null : json, html}) {
            if (o != null) {
                Path parent = o.toAbsolutePath().getParent();
                if (parent != null && !Files.isDirectory(parent)) {
                    throw new Main.UserException(o + ": the folder " + parent + " does not exist");
                }
            }
        }
        if (logicDepth && p.family() == Family.ICE40) {
            throw new Main.UserException("--logic-depth is for Xilinx parts; for " + p.name() + " use ./adabin-hw implement DIR "
                    + "--part " + p.name() + ", which places and routes with nextpnr and reports its fmax");
        }
        if (logicDepth && !EdaTool.YOSYS.available()) {
            throw new Main.UserException("--logic-depth: " + EdaTool.YOSYS.missingMessage());
        }
        Plans.Rebuilt plan;
        AcceleratorVerification.Generated generated = null;
        if (dir != null) {
            if (source.given() || folding != null) {
                throw new Main.UserException("give DIR or a network (--checkpoint, --network, --folding), not both");
            }
            AcceleratorVerification.Generated g = Plans.load(dir);
            Family generatedFor = Family.of(g.description().path("family").asText(Family.XILINX_7.id()));
            if (generatedFor != p.family()) {
                err.printf("note: %s was generated for %s; this estimates the same plan generated for %s (generate --part %s)%n",
                        dir, generatedFor.id(), p.family().id(), p.name());
            }
            plan = Plans.rebuild(g, new NetworkOptions(), p.family());
            generated = generatedFor == p.family() ? g : null;
        } else {
            plan = Plans.build(source, quant, folding, null, p.family());
        }
        Accelerator a = plan.accelerator();
        Estimate.Timing timing = null;
        List<Estimate.Fifo> fifos = new ArrayList<>();
        if (!noSimulate) {
            AcceleratorSimulator sim = new AcceleratorSimulator(a);
            int images = 2;
            List<BigInteger> blank = Collections.nCopies(images * sim.pixelsPerImage(), BigInteger.ZERO);
            AcceleratorSimulator.Result r = sim.run(blank, images, StallPattern.none(1, 1),
                    AcceleratorSimulator.Options.DEFAULT.withDiagnose(false), null);
            if (r.completed()) {
                timing = new Estimate.Timing(r.times().latency()[0], r.times().meanInterval());
                for (AcceleratorSimulator.FifoStats f : r.fifos()) {
                    fifos.add(new Estimate.Fifo(f.layer(), f.instance(), f.depth(), f.peak()));
                }
            } else {
                err.println("note: the stall-free simulation of 2 blank images did not complete (a FIFO too small? see simulate); "
                        + "frames per second from the cycles per image");
            }
        }
        Estimate e;
        try {
            e = Estimate.of(a, p, clock == null ? 0 : clock, timing, fifos);
        } catch (IllegalStateException x) {
            throw new Main.UserException(x.getMessage());
        }
        ClockEstimate depth = null;
        if (logicDepth) {
            try {
                depth = clockEstimate(generated, a, p.family(), err);
            } catch (ToolException x) {
                err.println("error: --logic-depth: " + x.getMessage().lines().findFirst().orElse(""));
                return Main.USER_ERROR;
            }
            if (clock == null) {
                e = e.withClock(depth.clockMhz(), "the " + ClockEstimate.LABEL);
            }
        }
        print(e, out);
        if (depth != null) {
            print(depth, clock != null, out);
        }
        ObjectNode doc = e.toJson();
        if (depth != null) {
            doc.set("logic_depth", depth.toJson());
        }
        if (jsonToStdout) {
            JsonDocument.print(spec.commandLine().getOut(), doc);
        } else if (json != null) {
            write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n");
            err.println("wrote " + json);
        }
        if (html != null) {
            write(html, HtmlReport.render(doc));
            err.println("wrote " + html);
        }
        return 0;
    }

    /**
     * Synthesises every block module: of the generated directory when it was generated for the part's family, else of
     * the plan written for it to a temporary directory (deleted afterwards).
     */
    private static ClockEstimate clockEstimate(AcceleratorVerification.Generated g, Accelerator a, Family f, PrintWriter err)
            throws IOException {
        Path tmp = null;
        try {
            if (g == null) {
                tmp = Files.createTempDirectory("adabin-estimate");
                a.writeTo(tmp);
                g = AcceleratorVerification.load(tmp);
                err.println("logic depth: the RTL of the plan for " + f.id() + " written to " + tmp + " (deleted afterwards)");
            }
            long modules = java.util.stream.StreamSupport.stream(g.description().path("blocks").spliterator(), false)
                    .map(b -> b.path("module").asText()).distinct().count();
            err.printf("logic depth: %d block modules, each synthesised alone by Yosys %s, one at a time%n", modules, f.yosysSynth());
            err.flush();
            return ClockEstimate.of(g, f, line -> {
                err.println("logic depth: " + line);
                err.flush();
            });
        } finally {
            if (tmp != null) {
                GeneratedFiles.deleteRecursively(tmp);
            }
        }
    }

    static void print(ClockEstimate c, boolean clockGiven, PrintWriter out) {
        LogicDepth.Delays d = LogicDepth.Delays.of(c.family());
        out.println();
        out.printf(Locale.ROOT, "logic depth of each block's worst path (%s; %s delays):%n", ClockEstimate.LABEL, d.name());
        out.printf(Locale.ROOT, "  %-10s %-18s %-36s %4s %6s %4s %8s %8s  %s%n", "layer", "instance", "module", "LUT", "carry",
                "mux", "ns", "MHz", "path");
        for (ClockEstimate.Block b : c.blocks()) {
            LogicDepth.Worst w = b.worst();
            out.printf(Locale.ROOT, "  %-10s %-18s %-36s %4d %6d %4d %8.2f %8.1f  %s%n", b.layer(), b.instance(), b.module(),
                    w.lutLevels(), w.carryElements(), w.muxLevels(), w.delayNs(), w.fmaxMhz(), w.route());
        }
        ClockEstimate.Block s = c.slowest();
        out.printf(Locale.ROOT, "clock estimate: %.1f MHz (%s), set by %s %s: %s, from %s to %s%s%n", c.clockMhz(),
                ClockEstimate.LABEL, s.layer(), s.instance(), s.worst().summary(), s.worst().start(), s.worst().end(),
                clockGiven ? "; frames/s above use --clock" : "; frames/s above use it");
        out.println("assumptions of the clock estimate:");
        for (String a : c.assumptions()) {
            out.println("  - " + a);
        }
    }

    /** Writes a file whole or not at all: a temporary file beside it, then a move. */
    private static void write(Path target, String content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(parent, ".estimate", ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String row(String name, String instance, long cycles, Resources r) {
        return String.format(Locale.ROOT, "%-28s %-24s %10s %8d %8d %7d %5d %5d%n", name, instance,
                cycles > 0 ? String.format(Locale.ROOT, "%,d", cycles) : "", r.lut(), r.ff(), r.lutram(), r.bram(), r.dsp());
    }

    static void print(Estimate e, PrintWriter out) {
        Part p = e.part();
        out.printf(Locale.ROOT, "estimate of %s (%s) on %s (%s), %s%n", e.accelerator().top(), e.accelerator().network().name(),
                p.name(), p.description(), p.family().id());
        out.printf(Locale.ROOT, "%-28s %-24s %10s %8s %8s %7s %5s %5s%n", "layer / block", "instance", "cycles/img", "LUT", "FF",
                "LUTRAM", "BRAM", "DSP");
        Map<String, Resources> layers = e.layers();
        Map<String, Long> cycles = e.layerCycles();
        String bottleneck = e.bottleneck().layer();
        for (Map.Entry<String, Resources> l : layers.entrySet()) {
            out.print(row(l.getKey() + (l.getKey().equals(bottleneck) ? " (bottleneck)" : ""), "", cycles.get(l.getKey()), l.getValue()));
            for (Estimate.Block b : e.blocks()) {
                if (b.layer().equals(l.getKey())) {
                    out.print(row("  " + b.block(), b.instance(), b.cyclesPerImage(), b.cost().resources()));
                }
            }
        }
        out.println();
        out.println("memories in block RAM or LUTRAM (the others are logic):");
        out.printf(Locale.ROOT, "  %-18s %-22s %-16s %-24s %14s %-11s %-18s %6s%n", "layer", "instance", "memory", "purpose",
                "width x depth", "style", "primitive", "fill");
        for (Estimate.Block b : e.blocks()) {
            for (CostModel.MemoryUse u : b.cost().memories()) {
                if (u.bram() == 0 && u.lutram() == 0) {
                    continue;
                }
                out.printf(Locale.ROOT, "  %-18s %-22s %-16s %-24s %14s %-11s %-18s %5.0f%%%n", b.layer(), b.instance(),
                        u.memory().name(), u.memory().purpose(),
                        (u.memory().copies() > 1 ? u.memory().copies() + "x " : "") + u.memory().width() + " x " + u.memory().depth(),
                        u.style().attribute(), u.style() == org.adabinhw.generator.blocks.MemoryStyle.BLOCK ? u.primitive()
                                : u.lutram() + " LUTs", 100 * u.fill());
            }
        }
        out.println();
        Resources t = e.totals();
        out.printf(Locale.ROOT, "total on %s:%n", p.name());
        for (String r : Resources.NAMES) {
            long cap = p.capacity().get(r);
            if (cap == 0 && e.used(r) == 0) {
                continue;
            }
            String detail = r.equals("lut") && t.lutram() > 0
                    ? String.format(Locale.ROOT, " (%,d logic + %,d memory)", t.lut(), t.lutram()) : "";
            out.printf(Locale.ROOT, "  %-7s %,10d of %,10d  %6s  %s%s%n", r, e.used(r), cap,
                    cap == 0 ? "n/a" : String.format(Locale.ROOT, "%5.1f%%", 100 * e.utilisation(r)), Estimate.unit(p.family(), r), detail);
        }
        out.println("verdict: " + e.verdict());
        double simulated = e.timing() == null ? 0 : e.timing().intervalCycles();
        String interval = simulated > 1.01 * e.cyclesPerImage()
                ? String.format(Locale.ROOT, "; %,.0f simulated, %.0f %% more: the blocks do not keep the slowest one's pace",
                        simulated, 100 * (simulated / e.cyclesPerImage() - 1))
                : "";
        out.printf(Locale.ROOT, "throughput: %,d cycles per image (bottleneck %s, %s)%s; %,.1f frames/s at %.1f MHz (%s)%n",
                e.cyclesPerImage(), e.bottleneck().layer(), e.bottleneck().instance(), interval, e.fps(), e.clockMhz(),
                e.clockSource());
        if (e.timing() != null) {
            out.printf(Locale.ROOT, "latency: %,d cycles = %.1f us at %.1f MHz (simulated, first image)%n", e.timing().latencyCycles(),
                    e.timing().latencyCycles() / e.clockMhz(), e.clockMhz());
        }
        out.printf(Locale.ROOT, "calibration: %s%n", e.assumptions().get(0));
    }
}
