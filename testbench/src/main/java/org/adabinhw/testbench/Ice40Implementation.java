package org.adabinhw.testbench;

// This class's nested record Synthesis hides the class of that name: its synthesis command by a static import.
import static org.adabinhw.testbench.Synthesis.synthCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.Parts;

/**
 * The iCE40 implementation of a generated accelerator directory (the output of {@code generate --part} an iCE40
 * part, whose {@code accelerator.json} says {@code "family": "ice40"}), with the open
 * tools: Yosys {@code synth_ice40}, nextpnr-ice40 (placement, routing and static timing at a target frequency) and
 * icepack (the bitstream). Returns what nextpnr reports: the utilisation of the part and the fmax of {@code ap_clk}.
 * <ul>
 * <li>Yosys runs in the generated directory, so that the memory images resolve, on the files of
 *     {@code filelist.f}; its {@code stat} gives the cells ({@code SB_LUT4}, {@code SB_DFF*}, {@code SB_MAC16}, …)
 *     and its JSON netlist the top's port bits. The command is
 *     {@link org.adabinhw.testbench.Synthesis#synthCommand} of {@link Family#ICE40} ({@code synth_ice40 -dsp}), the
 *     one the estimate's cost model is calibrated against: multipliers go to {@code SB_MAC16}, one for each signed
 *     product of up to 17 × 17 bits, so a design with more multipliers than the part has DSPs (the HX8K has none)
 *     does not fit.</li>
 * <li>The RTL depends on the family it was generated for (its memories' {@code ram_style}): a directory generated
 *     for another family is rejected before anything runs ({@link #requireIce40}).</li>
 * <li>No pin constraints: nextpnr runs with {@code --pcf-allow-unconstrained} and places the ports where it
 *     likes, so the figures are the design's, not a board's.</li>
 * <li>The accelerator's AXI-Stream buses have more bits than a UP5K package has pins. With {@link Options#wrap}
 *     the flow synthesises a small wrapper instead ({@value #WRAPPER_FILE}, rendered from
 *     {@code impl/impl_top.v.vm}): a shift register loads {@code s_axis_tdata} one bit per cycle from a pin, an
 *     XOR tree reduces {@code m_axis_tdata} to one pin, and the handshakes go to pins as they are; nothing of the
 *     accelerator can be optimised away and {@value #WRAPPER_PINS} pins remain. Its cells are in every figure;
 *     a second, small Yosys run synthesises the wrapper alone (the accelerator as a black box) to count them.
 *     Without it, a design with more port bits than the package has pins is reported as not fitting before
 *     nextpnr runs.</li>
 * <li>A design whose cells exceed the part is a {@link DoesNotFit} and gets no bitstream: by Yosys's count
 *     (nextpnr does not run), or by nextpnr's packing (over 100 % of a resource, or "Unable to place").</li>
 * <li>Timing is allowed to fail ({@code --timing-allow-fail}): the result says whether the fmax reaches the target,
 *     and the bitstream is written either way.</li>
 * </ul>
 * Every file the flow writes goes to the output directory; each run first deletes what an earlier one wrote there.
 */
public final class Ice40Implementation {
    /** The figures, for comparison with an estimate: {@value}. */
    public static final String FIGURES = "implement.json";
    /** The wrapper's module. */
    public static final String WRAPPER_MODULE = "impl_top";
    /** The wrapper's file in the output directory. */
    public static final String WRAPPER_FILE = WRAPPER_MODULE + ".v";
    /** The wrapper's ports: clock, reset, serial data and shift, and the two streams' tvalid, tready, tlast and XOR. */
    public static final int WRAPPER_PINS = 10;
    /** The clock whose fmax is reported. */
    public static final String CLOCK = "ap_clk";
    /** The default target frequency in MHz: the 12 MHz oscillator of the common iCE40 boards. */
    public static final double DEFAULT_FREQ_MHZ = 12;
    /** Time limit of one tool run: Yosys takes tens of minutes over a large accelerator. */
    private static final Duration TIMEOUT = Duration.ofHours(3);

    private static final String YOSYS_LOG = "yosys.log";
    private static final String WRAPPER_LOG = "wrapper.log";
    private static final String NEXTPNR_LOG = "nextpnr.log";
    private static final String ICEPACK_LOG = "icepack.log";
    private static final String REPORT = "report.json";

    /**
     * The parts the flow implements, each in the package of its entry in the part database ({@link Parts}), which
     * gives its name and its logic cells, block RAMs, SPRAMs and DSPs; here only what nextpnr needs besides.
     */
    public enum Part {
        /** Lattice iCE40UP5K in the 48-pin QFN (SG48): 39 I/O. */
        ICE40UP5K("ice40up5k", "iCE40UP5K", "--up5k", 39),
        /** Lattice iCE40HX8K in the 256-ball BGA (CT256): 206 I/O. */
        ICE40HX8K("ice40hx8k", "iCE40HX8K", "--hx8k", 206);

        private final String id;
        private final String displayName;
        private final String nextpnrFlag;
        private final int ios;

        Part(String id, String displayName, String nextpnrFlag, int ios) {
            this.id = id;
            this.displayName = displayName;
            this.nextpnrFlag = nextpnrFlag;
            this.ios = ios;
        }

        /** The part's name on the command line, in {@value #FIGURES} and in the part database, e.g. {@code ice40up5k}. */
        public String id() {
            return id;
        }

        /** The part's entry in the part database. */
        public org.adabinhw.generator.estimate.Part data() {
            return Parts.of(id);
        }

        /** The package, as nextpnr names it. */
        public String pkg() {
            return data().packageName();
        }

        /** Logic cells (a LUT4, a flip-flop and a carry each). */
        public int lcs() {
            return (int) data().capacity().lut();
        }

        /** 4-kbit block RAMs. */
        public int ebr() {
            return (int) data().capacity().bram();
        }

        /** 256-kbit single-port RAMs. */
        public int spram() {
            return (int) data().capacity().uram();
        }

        /** 16×16 multiply-accumulate blocks. */
        public int dsp() {
            return (int) data().capacity().dsp();
        }

        /** User I/O pins of the package (nextpnr's SB_IO count is the die's, which has more). */
        public int ios() {
            return ios;
        }

        /**
         * The part of a name, case-insensitive.
         *
         * @throws IllegalArgumentException when the part database has no such part, when the part is not an iCE40, or
         *                                  when the flow lacks its package data; the message names the parts it knows
         */
        public static Part of(String name) {
            org.adabinhw.generator.estimate.Part p;
            try {
                p = Parts.of(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown part '" + name + "'; implement knows the iCE40 parts " + names());
            }
            if (p.family() != Family.ICE40) {
                throw new IllegalArgumentException("part " + p.name() + " is a " + p.family().id() + " part; implement runs the "
                        + "iCE40 flow, on the parts " + names());
            }
            return Arrays.stream(values()).filter(v -> v.id.equals(p.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("part " + p.name() + ": implement has no nextpnr package "
                            + "data for it; it implements " + names()));
        }

        /** The names of the parts {@link #of} accepts, for messages: {@code "ice40up5k, ice40hx8k"}. */
        public static String names() {
            List<String> known = Arrays.stream(values()).map(Part::id).toList();
            return Parts.all().stream().filter(p -> p.family() == Family.ICE40 && known.contains(p.name()))
                    .map(org.adabinhw.generator.estimate.Part::name).collect(Collectors.joining(", "));
        }

        @Override
        public String toString() {
            return displayName + " (" + pkg() + ")";
        }
    }

    /**
     * How to implement.
     *
     * @param part    the part and package
     * @param freqMhz the target frequency of {@code ap_clk} in MHz, positive; default {@value #DEFAULT_FREQ_MHZ}
     * @param seed    nextpnr's placement seed
     * @param wrap    whether to implement the accelerator inside the pin-saving wrapper (see the class comment)
     */
    public record Options(Part part, double freqMhz, int seed, boolean wrap) {
        public Options {
            if (part == null) {
                throw new IllegalArgumentException("part must be one of " + Part.names());
            }
            if (!(freqMhz > 0 && freqMhz <= 1000)) {
                throw new IllegalArgumentException("the target frequency (--freq) must be in (0, 1000] MHz, got " + freqMhz);
            }
        }
    }

    /**
     * A resource's use against what the part has.
     *
     * @param resource  the name, as the tool reports it ({@code ICESTORM_LC}, {@code SB_LUT4}, …)
     * @param used      how many the design uses
     * @param available how many the part (or package) has
     */
    public record Utilisation(String resource, long used, long available) {
        /** Percent used; infinite when the part has none and the design needs some. */
        public double percent() {
            if (available == 0) {
                return used == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return 100.0 * used / available;
        }

        /** Whether the part has enough. */
        public boolean fits() {
            return used <= available;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %d/%d (%s)", resource, used, available,
                    available == 0 ? (used == 0 ? "0 %" : "the part has none") : String.format(Locale.ROOT, "%.0f %%", percent()));
        }
    }

    /**
     * What {@code synth_ice40} made of the design.
     *
     * @param cells    cell counts by type, from the final {@code stat}
     * @param portBits bits of the synthesised top's ports, from the JSON netlist
     */
    public record Synthesis(Map<String, Long> cells, long portBits) {
        public Synthesis {
            cells = Map.copyOf(cells);
        }

        /** {@code SB_LUT4} cells: the LCs used as logic. */
        public long luts() {
            return count("SB_LUT4");
        }

        /** Flip-flops: every {@code SB_DFF*} cell. */
        public long ff() {
            return count("SB_DFF");
        }

        /** {@code SB_CARRY} cells: they share an LC with a LUT. */
        public long carries() {
            return count("SB_CARRY");
        }

        /** Block RAMs: {@code SB_RAM40_4K*}. */
        public long ebr() {
            return count("SB_RAM40_4K");
        }

        /** {@code SB_SPRAM256KA}. */
        public long spram() {
            return count("SB_SPRAM256KA");
        }

        /** {@code SB_MAC16}. */
        public long dsp() {
            return count("SB_MAC16");
        }

        /** The cells of the types that start with {@code prefix}. */
        private long count(String prefix) {
            return cells.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(Map.Entry::getValue).sum();
        }

        /** These cells against a part: LUTs and flip-flops each against its LCs, the RAMs, DSPs and port bits. */
        public List<Utilisation> against(Part p) {
            return List.of(new Utilisation("SB_LUT4", luts(), p.lcs()), new Utilisation("SB_DFF*", ff(), p.lcs()),
                    new Utilisation("SB_RAM40_4K", ebr(), p.ebr()), new Utilisation("SB_SPRAM256KA", spram(), p.spram()),
                    new Utilisation("SB_MAC16", dsp(), p.dsp()), new Utilisation("I/O bits", portBits, p.ios()));
        }
    }

    /**
     * The wrapper's own cells, from its synthesis with the accelerator as a black box; they are included in the
     * whole design's figures.
     *
     * @param luts {@code SB_LUT4} cells (the XOR tree)
     * @param ff   flip-flops (the shift register)
     * @param pins its ports
     */
    public record WrapperCells(long luts, long ff, int pins) {
    }

    /**
     * One finished step of the flow.
     *
     * @param name    what ran
     * @param elapsed wall-clock time
     * @param log     its log file
     */
    public record Step(String name, Duration elapsed, Path log) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %.1f s, log %s", name, elapsed.toMillis() / 1000.0, log);
        }
    }

    /** The outcome: implemented, or too large for the part. */
    public sealed interface Result permits Implemented, DoesNotFit {
        /** The part. */
        Part part();

        /** The accelerator's top module. */
        String top();

        /** What Yosys made of the design (the wrapper included when there is one). */
        Synthesis synthesis();

        /** The steps that ran, in order. */
        List<Step> steps();
    }

    /**
     * A placed and routed design with its bitstream.
     *
     * @param part           the part
     * @param top            the accelerator's top module
     * @param synthesis      Yosys's cells
     * @param wrapper        the wrapper's own cells, or null without a wrapper
     * @param placed         nextpnr's utilisation: ICESTORM_LC, ICESTORM_RAM, ICESTORM_SPRAM, ICESTORM_DSP, SB_IO
     *                       (against the package's pins)
     * @param fmaxMhz        the fmax nextpnr achieved for {@code ap_clk}, MHz
     * @param targetMhz      the constraint, MHz
     * @param bitstream      the {@code .bin} file
     * @param bitstreamBytes its size
     * @param figures        {@value #FIGURES}
     * @param steps          the steps
     */
    public record Implemented(Part part, String top, Synthesis synthesis, WrapperCells wrapper, List<Utilisation> placed,
                              double fmaxMhz, double targetMhz, Path bitstream, long bitstreamBytes, Path figures,
                              List<Step> steps) implements Result {
        public Implemented {
            placed = List.copyOf(placed);
            steps = List.copyOf(steps);
        }

        /** Whether the achieved fmax reaches the target. */
        public boolean timingMet() {
            return fmaxMhz >= targetMhz;
        }

        /** The used count of one of {@link #placed()}'s resources. */
        public long used(String resource) {
            return placed.stream().filter(u -> u.resource().equals(resource)).mapToLong(Utilisation::used).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no utilisation of " + resource + " in " + placed));
        }
    }

    /**
     * A design too large for the part: no bitstream.
     *
     * @param part      the part
     * @param top       the accelerator's top module
     * @param synthesis Yosys's cells
     * @param placed    nextpnr's utilisation when nextpnr ran and printed it, else empty
     * @param scarcest  the resource furthest over the part's
     * @param steps     the steps
     */
    public record DoesNotFit(Part part, String top, Synthesis synthesis, List<Utilisation> placed, Utilisation scarcest,
                             List<Step> steps) implements Result {
        public DoesNotFit {
            placed = List.copyOf(placed);
            steps = List.copyOf(steps);
        }

        /** One line that names the scarcest resource. */
        public String reason() {
            if (scarcest.resource().equals("I/O bits")) {
                return "does not fit: " + scarcest.used() + " I/O bits, the package has " + scarcest.available()
                        + " (the wrapper, on by default, needs " + WRAPPER_PINS + ")";
            }
            return "does not fit the " + part + ": " + scarcest + " is the scarcest resource";
        }
    }

    /**
     * The variables of {@code impl/impl_top.v.vm}.
     *
     * @param moduleName the wrapper's module
     * @param top        the accelerator's top module
     * @param inWidth    bits of its {@code s_axis_tdata}, at least 2
     * @param outWidth   bits of its {@code m_axis_tdata}, at least 1
     */
    public record WrapperTop(String moduleName, String top, int inWidth, int outWidth) implements TemplateContext {
        public WrapperTop {
            if (inWidth < 2 || outWidth < 1) {
                throw new IllegalArgumentException("the wrapper of " + top + " needs an input of at least 2 bits and an output "
                        + "of at least 1, got " + inWidth + " and " + outWidth);
            }
        }

        @Override
        public String template() {
            return "impl/impl_top.v.vm";
        }
    }

    private final VerilogRenderer renderer;
    private final Consumer<String> progress;
    private final boolean repeat;

    /**
     * @param renderer renders the wrapper
     * @param progress receives one line per finished step (its time and log)
     */
    public Ice40Implementation(VerilogRenderer renderer, Consumer<String> progress) {
        this(renderer, progress, false);
    }

    /**
     * @param repeat also a line when each step starts (its log) and every few seconds while it runs ({@link Ticker}):
     *               for a terminal
     */
    public Ice40Implementation(VerilogRenderer renderer, Consumer<String> progress, boolean repeat) {
        this.renderer = renderer;
        this.progress = progress;
        this.repeat = repeat;
    }

    /** Runs one tool of a step, with a start line (and repeated lines on a terminal) when asked for. */
    private ToolRun tool(String name, List<String> cmd, Path dir, Path log, Path runLog) {
        try (Ticker t = repeat ? Ticker.startWithoutEnd(progress, name + " running", log, true) : null) {
            return ToolRun.run(cmd, dir, TIMEOUT, runLog);
        }
    }

    /**
     * Implements a generated accelerator.
     *
     * @param g   the generated directory, read back
     * @param out the output directory (created; the flow's files from an earlier run are deleted first)
     * @param o   the part, frequency, seed and wrapper
     * @return the figures, or why the design does not fit
     * @throws IllegalArgumentException when the directory was not generated for the iCE40 family ({@link #requireIce40})
     * @throws ToolException when a tool is missing or fails for another reason than the design's size
     */
    public Result run(AcceleratorVerification.Generated g, Path out, Options o) {
        requireIce40(g, o.part());
        for (EdaTool t : List.of(EdaTool.YOSYS, EdaTool.NEXTPNR_ICE40, EdaTool.ICEPACK)) {
            t.require();
        }
        if (o.wrap() && g.design().top().equals(WRAPPER_MODULE)) {
            throw new ToolException("the accelerator's top is named " + WRAPPER_MODULE + ", as the wrapper is: generate it with "
                    + "another --top, or implement it without the wrapper");
        }
        Run run = new Run(g, out.toAbsolutePath().normalize(), o);
        prepare(run.dir, run.top);
        Synthesis synthesis = synthesise(run);
        WrapperCells wrapper = o.wrap() ? synthesiseWrapper(run) : null;
        List<Utilisation> bySynthesis = synthesis.against(o.part());
        if (bySynthesis.stream().anyMatch(u -> !u.fits())) {
            return new DoesNotFit(o.part(), run.top, synthesis, List.of(), scarcest(bySynthesis), run.steps);
        }
        Optional<List<Utilisation>> placed = placeAndRoute(run);
        if (placed.isEmpty() || placed.get().stream().anyMatch(u -> !u.fits())) {
            List<Utilisation> used = placed.orElseGet(() -> Ice40Reports.logUtilisation(Ice40Reports.read(run.file(NEXTPNR_LOG)),
                    o.part()));
            List<Utilisation> all = new ArrayList<>(bySynthesis);
            all.addAll(used);
            return new DoesNotFit(o.part(), run.top, synthesis, used, scarcest(all), run.steps);
        }
        JsonNode fmax = Ice40Reports.clockFmax(Ice40Reports.readJson(run.file(REPORT)), CLOCK, run.file(REPORT));
        Path bin = pack(run);
        Implemented result = new Implemented(o.part(), run.top, synthesis, wrapper, placed.get(),
                fmax.path("achieved").asDouble(), fmax.path("constraint").asDouble(o.freqMhz()), bin, size(bin),
                run.file(FIGURES), run.steps);
        writeFigures(result, o);
        return result;
    }

    /**
     * Checks that a directory was generated for the iCE40 family ({@code "family": "ice40"} in its
     * {@code accelerator.json}): the memories of RTL generated for another family carry attributes that
     * {@code synth_ice40} cannot map.
     *
     * @param g    the generated directory
     * @param part the part it is to be implemented on, for the message
     * @throws IllegalArgumentException otherwise, with one line that says how to generate it for the part
     */
    public static void requireIce40(AcceleratorVerification.Generated g, Part part) {
        JsonNode family = g.description().path("family");
        if (!family.asText().equals(Family.ICE40.id())) {
            String was = !family.isMissingNode() && !family.isNull() ? "for " + family.asText()
                    : "without a \"family\" in its accelerator.json (by an older generate)";
            throw new IllegalArgumentException(g.dir() + " was generated " + was + "; generate it for the part with: "
                    + "./adabin-hw generate ... --part " + part.id());
        }
    }

    /** One run's inputs, output directory and the steps done so far. */
    private static final class Run {
        final AcceleratorVerification.Generated g;
        final Path dir;
        final Options o;
        final String top;
        /** The module Yosys synthesises: the wrapper, or the accelerator's top. */
        final String synthTop;
        final Path netlist;
        final List<Step> steps = new ArrayList<>();

        Run(AcceleratorVerification.Generated g, Path dir, Options o) {
            this.g = g;
            this.dir = dir;
            this.o = o;
            this.top = g.design().top();
            this.synthTop = o.wrap() ? WRAPPER_MODULE : top;
            this.netlist = dir.resolve(top + ".json");
        }

        Path file(String name) {
            return dir.resolve(name);
        }
    }

    /** Yosys {@code synth_ice40} of the design (in the wrapper if any) in the generated directory. */
    private Synthesis synthesise(Run run) {
        List<String> sources = new ArrayList<>(run.g.design().sources().stream().map(Ice40Implementation::quote).toList());
        if (run.o.wrap()) {
            write(run.file(WRAPPER_FILE), renderer.render(new WrapperTop(run.synthTop, run.top, run.g.channels() * 8,
                    run.g.logitWidth())));
            sources.add(quote(run.file(WRAPPER_FILE).toString()));
        }
        String script = "read_verilog -defer -sv " + String.join(" ", sources) + "; " + synthCommand(Family.ICE40, run.synthTop)
                + " -json " + quote(run.netlist.toString()) + "; stat";
        yosys(run, "yosys synth_ice40", script, YOSYS_LOG);
        return new Synthesis(Ice40Reports.statCells(run.file(YOSYS_LOG), run.synthTop),
                Ice40Reports.portBits(run.netlist, run.synthTop));
    }

    /** The wrapper alone, the accelerator's top read as a black box ({@code read_verilog -lib}): its own cells. */
    private WrapperCells synthesiseWrapper(Run run) {
        String script = "read_verilog -sv -lib " + quote(topFile(run.g)) + "; read_verilog -sv "
                + quote(run.file(WRAPPER_FILE).toString()) + "; " + synthCommand(Family.ICE40, run.synthTop) + "; stat";
        yosys(run, "yosys synth_ice40 of the wrapper alone", script, WRAPPER_LOG);
        Synthesis w = new Synthesis(Ice40Reports.statCells(run.file(WRAPPER_LOG), run.synthTop), WRAPPER_PINS);
        return new WrapperCells(w.luts(), w.ff(), WRAPPER_PINS);
    }

    /**
     * nextpnr-ice40 without pin constraints, allowed to miss timing (the flow reports it).
     *
     * @return nextpnr's utilisation, or empty when it could not place the design for want of room
     */
    private Optional<List<Utilisation>> placeAndRoute(Run run) {
        Path log = run.file(NEXTPNR_LOG);
        List<String> cmd = List.of(EdaTool.NEXTPNR_ICE40.command(), "-q", run.o.part().nextpnrFlag, "--package",
                run.o.part().pkg(), "--json", run.netlist.toString(), "--asc", run.file(run.top + ".asc").toString(),
                "--freq", number(run.o.freqMhz()), "--seed", Integer.toString(run.o.seed()), "--report",
                run.file(REPORT).toString(), "--log", log.toString(), "--pcf-allow-unconstrained", "--timing-allow-fail");
        ToolRun r = tool("nextpnr-ice40", cmd, run.dir, log, null);
        run.steps.add(step("nextpnr-ice40 (pins unconstrained)", r, log));
        if (r.exitCode() != 0) {
            String text = Ice40Reports.read(log);
            if (text.contains("Unable to place")
                    || Ice40Reports.logUtilisation(text, run.o.part()).stream().anyMatch(u -> !u.fits())) {
                return Optional.empty();
            }
            r.requireSuccess("nextpnr-ice40 of " + run.top + " (log " + log + ")");
        }
        return Optional.of(Ice40Reports.reportUtilisation(Ice40Reports.readJson(run.file(REPORT)), run.o.part()));
    }

    /** icepack: the bitstream. */
    private Path pack(Run run) {
        Path asc = run.file(run.top + ".asc");
        Path bin = run.file(run.top + ".bin");
        Path log = run.file(ICEPACK_LOG);
        ToolRun r = tool("icepack", List.of(EdaTool.ICEPACK.command(), asc.toString(), bin.toString()), run.dir, log, log)
                .requireSuccess("icepack of " + asc);
        run.steps.add(step("icepack", r, log));
        return bin;
    }

    /** Runs Yosys in the generated directory with its log written as it goes ({@code -l}), only warnings and errors on its output. */
    private void yosys(Run run, String name, String script, String logName) {
        Path log = run.file(logName);
        ToolRun r = tool(name, List.of(EdaTool.YOSYS.command(), "-q", "-l", log.toString(), "-p", script), run.g.dir(), log,
                null).requireSuccess(name + " of " + run.top + " (log " + log + ")");
        run.steps.add(step(name, r, log));
    }

    private Step step(String name, ToolRun r, Path log) {
        Step s = new Step(name, r.elapsed(), log);
        progress.accept(s.toString());
        return s;
    }

    /** Deletes what an earlier run wrote to the output directory; the directory itself may hold other files. */
    private static void prepare(Path dir, String top) {
        try {
            Files.createDirectories(dir);
            for (String f : List.of(YOSYS_LOG, WRAPPER_LOG, NEXTPNR_LOG, ICEPACK_LOG, REPORT, WRAPPER_FILE, FIGURES,
                    top + ".json", top + ".asc", top + ".bin")) {
                Files.deleteIfExists(dir.resolve(f));
            }
        } catch (IOException e) {
            throw new ToolException("cannot prepare the output directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The file of {@code filelist.f} that declares the top module, for the wrapper's black box. */
    private static String topFile(AcceleratorVerification.Generated g) {
        Pattern declaration = Pattern.compile("(?m)^\\s*module\\s+" + Pattern.quote(g.design().top()) + "\\b");
        return g.design().sources().stream()
                .filter(s -> declaration.matcher(g.design().files().content(s)).find())
                .findFirst()
                .orElseThrow(() -> new ToolException("no file of " + g.dir().resolve("filelist.f") + " declares module "
                        + g.design().top()));
    }

    private static Utilisation scarcest(List<Utilisation> all) {
        return all.stream().max(Comparator.comparingDouble(Utilisation::percent)).orElseThrow();
    }

    private static void writeFigures(Implemented r, Options o) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("part", r.part().id());
        f.put("package", r.part().pkg());
        f.put("top", r.top());
        f.put("luts", r.synthesis().luts());
        f.put("lc", r.used("ICESTORM_LC"));
        f.put("ff", r.synthesis().ff());
        f.put("ebr", r.used("ICESTORM_RAM"));
        f.put("spram", r.used("ICESTORM_SPRAM"));
        f.put("dsp", r.used("ICESTORM_DSP"));
        f.put("io", r.used("SB_IO"));
        f.put("fmax_mhz", r.fmaxMhz());
        f.put("target_mhz", r.targetMhz());
        f.put("timing_met", r.timingMet());
        f.put("bitstream", r.bitstream().getFileName().toString());
        f.put("bitstream_bytes", r.bitstreamBytes());
        f.put("carries", r.synthesis().carries());
        f.put("seed", o.seed());
        Map<String, Object> available = new LinkedHashMap<>();
        available.put("lc", r.part().lcs());
        available.put("ebr", r.part().ebr());
        available.put("spram", r.part().spram());
        available.put("dsp", r.part().dsp());
        available.put("io", r.part().ios());
        f.put("available", available);
        if (r.wrapper() == null) {
            f.put("wrapper", null);
        } else {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("file", WRAPPER_FILE);
            w.put("luts", r.wrapper().luts());
            w.put("ff", r.wrapper().ff());
            w.put("pins", r.wrapper().pins());
            f.put("wrapper", w);
        }
        try {
            write(r.figures(), new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(f) + "\n");
        } catch (IOException e) {
            throw new ToolException("cannot write " + r.figures() + ": " + e.getMessage(), e);
        }
    }

    /** A path in a Yosys script, double-quoted so that spaces survive. */
    private static String quote(String s) {
        if (s.contains("\"")) {
            throw new ToolException("a path with a double quote cannot go into a Yosys script: " + s);
        }
        return "\"" + s + "\"";
    }

    /** A frequency as nextpnr reads it: {@code 12}, {@code 12.5}. */
    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ToolException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
