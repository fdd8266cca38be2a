package org.adabinhw.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.estimate.Family;

/**
 * The worst register-to-register path of a netlist synthesised by Yosys ({@code synth_xilinx} or {@code synth_ice40}),
 * found by a longest-path search over its cells, and a delay estimated for it from per-element figures.
 *
 * <p>Yosys's own {@code ltp} does not stop at the vendor flip-flops (FDRE, SB_DFF…: black-box cells, not {@code $ff}),
 * so this reads the netlist ({@code write_json}) instead. Path start points: the outputs of flip-flops, block RAM, DSP
 * slices with an output register, LUTRAM and SRL (clock-to-out), and the block's input ports, taken as driven by a
 * register in the neighbouring block. End points: the data, enable and reset inputs of the same cells (setup), and the
 * output ports, taken as registered in the neighbour. In between: LUTs, carry elements, wide-function muxes, the read
 * address of LUTRAM and SRL, and a DSP slice without registers. Every connection that is not a dedicated one (carry
 * chain, LUT to carry or to MUXF7, MUXF7 to MUXF8) costs a net delay that grows with the net's fan-out.
 *
 * <p>An estimate before placement: the figures are in {@link Delays}, and Vivado's or nextpnr's timing after
 * place-and-route differs, mostly in the nets. See docs/clock-estimate.md.
 */
public final class LogicDepth {
    private static final Duration TIMEOUT = Duration.ofHours(1);
    /** The per-element delays of every family, by name. */
    private static final String DELAYS = "/logic-depth/delays.json";

    private LogicDepth() {
    }

    /**
     * Per-element delays of a family, in ns, read by name from {@code logic-depth/delays.json} (the figures and their
     * sources are in docs/clock-estimate.md).
     *
     * @param name            the family and speed grade they hold for, e.g. {@code xilinx-7 -1}
     * @param clockToOut      flip-flop clock to Q
     * @param setup           flip-flop setup (D, CE, SR)
     * @param lut             a LUT, any input to its output
     * @param lutFastInput    a LUT's fastest input (iCE40 I3) to its output; equal to {@code lut} where all are alike
     * @param netBase         a net of fan-out 1
     * @param netPerDoubling  added to a net's delay each time its fan-out doubles
     * @param carryInToOut    a carry element from a fabric input (S, DI; iCE40 I0, I1) to its carry out
     * @param carryInToSum    a carry element from a fabric input to its sum output (Xilinx O; iCE40 has none)
     * @param carryChain      a carry element from its carry in to its carry out (CI to CO)
     * @param carryChainToSum a carry element from its carry in to its sum output (Xilinx CI to O)
     * @param carryToLut      the dedicated connection from a carry out to a LUT input (iCE40 CO to I3); 0 where none
     * @param muxF7           MUXF7 (Xilinx) input to output
     * @param muxF8           MUXF8 and MUXF9 input to output
     * @param lutramRead      LUTRAM or SRL read address to data out
     * @param lutramClockToOut LUTRAM or SRL write clock to data out
     * @param lutramSetup     LUTRAM or SRL write data, enable and address setup
     * @param bramClockToOut  block RAM clock to data out without its output register
     * @param bramClockToOutReg block RAM clock to data out from its output register
     * @param bramSetup       block RAM address, data and enable setup
     * @param dspClockToOutP  DSP clock to P from the P register
     * @param dspClockToOutM  DSP clock to P from the multiplier register (no P register)
     * @param dspClockToOutAb DSP clock to P from the input registers (no M, no P register)
     * @param dspSetupAb      DSP setup into the input registers
     * @param dspSetupM       DSP setup into the multiplier register (no input registers)
     * @param dspSetupP       DSP setup into the P register through the multiplier (no A, B, M registers)
     * @param dspThrough      DSP inputs to P without any register
     * @param dspCascade      DSP cascade input (PCIN) to P through the post-adder alone, without a P register
     * @param source          where the figures come from
     */
    public record Delays(String name, double clockToOut, double setup, double lut, double lutFastInput, double netBase,
                         double netPerDoubling, double carryInToOut, double carryInToSum, double carryChain,
                         double carryChainToSum, double carryToLut, double muxF7, double muxF8, double lutramRead,
                         double lutramClockToOut, double lutramSetup, double bramClockToOut, double bramClockToOutReg,
                         double bramSetup, double dspClockToOutP, double dspClockToOutM, double dspClockToOutAb,
                         double dspSetupAb, double dspSetupM, double dspSetupP, double dspThrough, double dspCascade,
                         String source) {
        /** Xilinx 7-series, speed grade -1 (the xc7z020 of a PYNQ board). */
        public static final Delays XILINX_7 = load(Family.XILINX_7);

        /** Xilinx UltraScale+, speed grade -1: the 7-series figures scaled by 0.6, a rough stand-in for DS925. */
        public static final Delays XILINX_USP = load(Family.XILINX_USP);

        /** Lattice iCE40 UltraPlus (UP5K): the delays of nextpnr-ice40's timing database. */
        public static final Delays ICE40_UP5K = load(Family.ICE40);

        /** The delays of a family. */
        public static Delays of(Family f) {
            return switch (f) {
                case XILINX_7 -> XILINX_7;
                case XILINX_USP -> XILINX_USP;
                case ICE40 -> ICE40_UP5K;
            };
        }

        /**
         * Reads a family's figures, by name, from {@code logic-depth/delays.json}: every component given, or
         * {@code scaleOf} another family and a {@code factor}.
         */
        private static Delays load(Family f) {
            try (InputStream in = LogicDepth.class.getResourceAsStream(DELAYS)) {
                if (in == null) {
                    throw new IllegalStateException(DELAYS + " is missing from the class path");
                }
                ObjectMapper m = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
                JsonNode families = m.readTree(in).path("families");
                JsonNode n = families.path(f.id());
                if (n.has("scaleOf")) {
                    Delays base = m.treeToValue(families.path(n.path("scaleOf").asText()), Delays.class);
                    return base.scaled(n.path("name").asText(), n.path("factor").asDouble(), n.path("source").asText());
                }
                return m.treeToValue(n, Delays.class);
            } catch (IOException e) {
                throw new IllegalStateException(DELAYS + ", family " + f.id() + ": " + e.getMessage(), e);
            }
        }

        /** Every delay multiplied by a factor. */
        Delays scaled(String newName, double k, String newSource) {
            return new Delays(newName, clockToOut * k, setup * k, lut * k, lutFastInput * k, netBase * k, netPerDoubling * k,
                    carryInToOut * k, carryInToSum * k, carryChain * k, carryChainToSum * k, carryToLut * k, muxF7 * k,
                    muxF8 * k, lutramRead * k, lutramClockToOut * k, lutramSetup * k, bramClockToOut * k,
                    bramClockToOutReg * k, bramSetup * k, dspClockToOutP * k, dspClockToOutM * k, dspClockToOutAb * k,
                    dspSetupAb * k, dspSetupM * k, dspSetupP * k, dspThrough * k, dspCascade * k, newSource);
        }

        /** A net's delay at a fan-out. */
        double net(int fanout) {
            return netBase + netPerDoubling * (Math.log(Math.max(1, fanout)) / Math.log(2));
        }
    }

    /**
     * The worst path of a netlist.
     *
     * @param lutLevels     LUTs on the path (LUTRAM and SRL read through their address count as one)
     * @param carryElements carry elements on it (CARRY4, CARRY8, SB_CARRY)
     * @param muxLevels     wide-function muxes on it (MUXF7, MUXF8, MUXF9)
     * @param otherLevels   other combinational cells on it (a DSP slice without registers, an unknown primitive)
     * @param start         the cell (or input port) it starts at, with its type
     * @param end           the cell (or output port) it ends at, with its type and pin
     * @param delayNs       the estimated delay: clock to out, elements, nets and setup
     * @param cells         the cell types along it, start to end
     * @param delays        the figures used
     */
    public record Worst(int lutLevels, int carryElements, int muxLevels, int otherLevels, String start, String end,
                        double delayNs, List<String> cells, Delays delays) {
        public Worst {
            cells = List.copyOf(cells);
        }

        /** The clock the path allows, in MHz. */
        public double fmaxMhz() {
            return 1000 / delayNs;
        }

        /** The cell types along the path, runs of one type shortened: {@code FDRE > LUT2 > CARRY4 x8 > FDRE}. */
        public String route() {
            StringBuilder b = new StringBuilder();
            int i = 0;
            while (i < cells.size()) {
                int j = i;
                while (j < cells.size() && cells.get(j).equals(cells.get(i))) {
                    j++;
                }
                b.append(b.isEmpty() ? "" : " > ").append(cells.get(i)).append(j - i > 1 ? " x" + (j - i) : "");
                i = j;
            }
            return b.toString();
        }

        /** One line: levels, delay and clock. */
        public String summary() {
            return String.format(Locale.ROOT, "%d LUT, %d carry, %d mux levels; %.2f ns, %.0f MHz", lutLevels, carryElements,
                    muxLevels, delayNs, fmaxMhz());
        }
    }

    /**
     * Synthesises one module of a generated directory and returns its worst path.
     *
     * @param dir     the directory the sources and memory images are relative to
     * @param sources the Verilog sources, relative to {@code dir}
     * @param top     the module
     * @param f       the family: {@code synth_xilinx} or {@code synth_ice40} as {@link Synthesis#synthCommand}
     * @throws ToolException when Yosys is missing or fails (the message's first line says why, the log's tail follows),
     *                       or its netlist cannot be read
     */
    public static Worst synthesise(Path dir, List<String> sources, String top, Family f) {
        EdaTool.YOSYS.require();
        Path tmp;
        try {
            tmp = Files.createTempDirectory("adabin-depth");
        } catch (IOException e) {
            throw new ToolException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            Path json = tmp.resolve(top + ".json");
            String script = "read_verilog -defer -sv " + String.join(" ", sources) + "; " + Synthesis.synthCommand(f, top)
                    + "; write_json " + json;
            ToolRun r = ToolRun.run(List.of(EdaTool.YOSYS.command(), "-q", "-p", script), dir, TIMEOUT, null);
            if (r.exitCode() != 0) {
                String error = r.output().lines().filter(l -> l.startsWith("ERROR")).findFirst()
                        .orElse("no ERROR line; the output's tail follows");
                throw new ToolException("yosys " + f.yosysSynth() + " of " + top + " in " + dir + " failed (exit code "
                        + r.exitCode() + "): " + error + "\n" + ToolRun.tail(r.output()));
            }
            return of(json, top, Delays.of(f));
        } finally {
            GeneratedFiles.deleteRecursively(tmp);
        }
    }

    /**
     * The worst path of a module in a Yosys JSON netlist.
     *
     * @throws ToolException when the file cannot be read or lacks the module
     */
    public static Worst of(Path netlist, String top, Delays d) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(netlist.toFile());
        } catch (IOException e) {
            throw new ToolException("cannot read the netlist " + netlist + ": " + e.getMessage(), e);
        }
        JsonNode module = root.path("modules").path(top);
        if (module.isMissingNode()) {
            throw new ToolException(netlist + " has no module " + top);
        }
        return new Search(module, d).worst();
    }

    /** What a cell is to the search. */
    private enum Kind { LUT, CARRY, MUX, LUTRAM, SRL, FF, BRAM, DSP, IGNORED, OTHER }

    private static Kind kind(String type) {
        if (type.matches("LUT[1-6](_2)?") || type.equals("INV") || type.equals("SB_LUT4")) {
            return Kind.LUT;
        }
        if (type.equals("CARRY4") || type.equals("CARRY8") || type.equals("SB_CARRY")) {
            return Kind.CARRY;
        }
        if (type.matches("MUXF[789]")) {
            return Kind.MUX;
        }
        if (type.matches("FD[A-Z]*(_1)?") || type.startsWith("SB_DFF")) {
            return Kind.FF;
        }
        if (type.matches("RAM(32M|64M|32M16|64M8|\\d+X\\d+[SD](_1)?)")) {
            return Kind.LUTRAM;
        }
        if (type.startsWith("SRL")) {
            return Kind.SRL;
        }
        if (type.startsWith("RAMB") || type.startsWith("FIFO") || type.startsWith("URAM") || type.startsWith("SB_RAM")
                || type.startsWith("SB_SPRAM")) {
            return Kind.BRAM;
        }
        if (type.startsWith("DSP48") || type.equals("SB_MAC16")) {
            return Kind.DSP;
        }
        if (type.startsWith("BUF") || type.equals("GND") || type.equals("VCC") || type.startsWith("IBUF") || type.startsWith("OBUF")
                || type.equals("SB_GB") || type.startsWith("SB_IO")) {
            return Kind.IGNORED;
        }
        return Kind.OTHER;
    }

    /**
     * A clock input, where no data path ends: C of a flip-flop; CLK, WCLK, RDCLK, CLKARDCLK… of Xilinx memories and DSPs;
     * RCLK, WCLK, RCLKN, CLOCK of iCE40 memories (not their clock enables RCLKE, WCLKE, which are data).
     */
    private static boolean clockPin(String port) {
        return port.equals("C") || port.endsWith("CLK") || port.endsWith("CLKN") || port.equals("CLOCK");
    }

    /** One cell of the netlist. */
    private record Cell(String name, String type, Kind kind, JsonNode params, Map<String, String> dirs,
                        Map<String, int[]> pins) {
        boolean param(String p) {
            JsonNode v = params.path(p);
            if (v.isMissingNode()) {
                return false;
            }
            String s = v.asText();
            return s.chars().anyMatch(c -> c == '1') || (v.isInt() && v.asInt() != 0);
        }
    }

    /** The longest-path search over one module. */
    private static final class Search {
        private final Delays d;
        private final List<Cell> cells = new ArrayList<>();
        /** Per net bit: the driving cell (index), or -1 for a port or constant. */
        private int[] driverCell;
        private String[] driverPin;
        private int[] fanout;
        private double[] arrival;
        private int[] fromBit;
        private int[] viaCell;
        private final Map<Integer, String> inputPortBits = new HashMap<>();
        /** A readable name per net bit: the shortest public name of a net that holds it, with the bit's index. */
        private final Map<Integer, String> bitNames = new HashMap<>();
        private final List<String> outputPorts = new ArrayList<>();
        private final List<int[]> outputPortBits = new ArrayList<>();

        Search(JsonNode module, Delays d) {
            this.d = d;
            int max = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = module.path("cells").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode c = e.getValue();
                Map<String, String> dirs = new HashMap<>();
                c.path("port_directions").fields().forEachRemaining(p -> dirs.put(p.getKey(), p.getValue().asText()));
                Map<String, int[]> pins = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> ps = c.path("connections").fields(); ps.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = ps.next();
                    int[] bits = bits(p.getValue());
                    pins.put(p.getKey(), bits);
                    max = Math.max(max, Arrays.stream(bits).max().orElse(0));
                }
                String type = c.path("type").asText();
                cells.add(new Cell(e.getKey(), type, kind(type), c.path("parameters"), dirs, pins));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = module.path("ports").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                int[] bits = bits(p.getValue().path("bits"));
                max = Math.max(max, Arrays.stream(bits).max().orElse(0));
                if (p.getValue().path("direction").asText().equals("input")) {
                    for (int b : bits) {
                        if (b >= 0) {
                            inputPortBits.put(b, p.getKey());
                        }
                    }
                } else {
                    outputPorts.add(p.getKey());
                    outputPortBits.add(bits);
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = module.path("netnames").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().path("hide_name").asInt(0) != 0) {
                    continue;
                }
                int[] bits = bits(e.getValue().path("bits"));
                for (int i = 0; i < bits.length; i++) {
                    String name = bits.length > 1 ? e.getKey() + "[" + i + "]" : e.getKey();
                    String had = bitNames.get(bits[i]);
                    if (bits[i] >= 0 && (had == null || name.length() < had.length())) {
                        bitNames.put(bits[i], name);
                    }
                }
            }
            int n = max + 1;
            driverCell = new int[n];
            driverPin = new String[n];
            fanout = new int[n];
            arrival = new double[n];
            fromBit = new int[n];
            viaCell = new int[n];
            Arrays.fill(driverCell, -1);
            Arrays.fill(arrival, Double.NaN);
            Arrays.fill(fromBit, -1);
            Arrays.fill(viaCell, -1);
            for (int i = 0; i < cells.size(); i++) {
                Cell c = cells.get(i);
                for (Map.Entry<String, int[]> p : c.pins().entrySet()) {
                    boolean out = "output".equals(c.dirs().get(p.getKey()));
                    for (int b : p.getValue()) {
                        if (b < 0) {
                            continue;
                        }
                        if (out) {
                            driverCell[b] = i;
                            driverPin[b] = p.getKey();
                        } else if (!clockPin(p.getKey()) && c.kind() != Kind.IGNORED) {
                            fanout[b]++;
                        }
                    }
                }
            }
            for (int[] bits : outputPortBits) {
                for (int b : bits) {
                    if (b >= 0) {
                        fanout[b]++;
                    }
                }
            }
        }

        /** Net bits of a connection; constants ("0", "1", "x", "z") as -1. */
        private static int[] bits(JsonNode array) {
            int[] r = new int[array.size()];
            for (int i = 0; i < r.length; i++) {
                JsonNode b = array.get(i);
                r[i] = b.isInt() ? b.asInt() : -1;
            }
            return r;
        }

        /** Whether an output pin of a cell starts paths, and its clock-to-out; NaN when it does not. */
        private double clockToOut(Cell c, String pin) {
            return switch (c.kind()) {
                case FF -> d.clockToOut();
                case BRAM -> c.param("DOA_REG") || c.param("DOB_REG") || c.param("DO_REG") ? d.bramClockToOutReg()
                        : d.bramClockToOut();
                case LUTRAM, SRL -> d.lutramClockToOut();
                case DSP -> c.type().equals("SB_MAC16") || c.param("PREG") ? d.dspClockToOutP()
                        : c.param("MREG") ? d.dspClockToOutM()
                        : c.param("AREG") || c.param("BREG") || c.param("DREG") || c.param("CREG") ? d.dspClockToOutAb()
                        : Double.NaN;
                default -> Double.NaN;
            };
        }

        /** The setup of an input pin that ends paths; NaN when it does not. */
        private double setup(Cell c, String pin) {
            if (clockPin(pin)) {
                return Double.NaN;
            }
            return switch (c.kind()) {
                case FF -> d.setup();
                case BRAM -> d.bramSetup();
                case LUTRAM, SRL -> readAddress(c, pin) && !writeAddress(c, pin) ? Double.NaN : d.lutramSetup();
                case DSP -> dspSetup(c, pin);
                default -> Double.NaN;
            };
        }

        /**
         * A DSP48 data input (A, B, C, D and their cascades) and the register it goes into first ({@code AREG}…), or
         * null for a control input (CE, RST, OPMODE…).
         */
        private static String dspRegister(String pin) {
            return switch (pin) {
                case "A", "ACIN" -> "AREG";
                case "B", "BCIN" -> "BREG";
                case "C" -> "CREG";
                case "D" -> "DREG";
                case "PCIN", "CARRYIN", "CARRYCASCIN", "MULTSIGNIN" -> "";
                default -> null;
            };
        }

        /** The setup of a DSP input: into its own register, the M register or the P register; NaN when it passes through. */
        private double dspSetup(Cell c, String pin) {
            if (c.type().equals("SB_MAC16")) {
                return d.dspSetupAb();
            }
            String reg = dspRegister(pin);
            if (reg == null) {
                return d.dspSetupAb();
            }
            if (!reg.isEmpty() && c.param(reg)) {
                return d.dspSetupAb();
            }
            boolean multiplied = !reg.isEmpty() && !reg.equals("CREG");
            if (multiplied && c.param("MREG")) {
                return d.dspSetupM();
            }
            return c.param("PREG") ? d.dspSetupP() : Double.NaN;
        }

        /** A LUTRAM's read address (RAM32M: ADDRA to ADDRD; RAM64X1D: DPRA and A) or an SRL's tap address. */
        private static boolean readAddress(Cell c, String pin) {
            return c.kind() == Kind.SRL ? pin.matches("A[0-9]?") : pin.startsWith("ADDR") || pin.startsWith("DPRA")
                    || pin.matches("A[0-9]?") || pin.startsWith("RADR");
        }

        /** A LUTRAM's write address, also its read address on the write port (RAM32M ADDRD, RAM64X1D A). */
        private static boolean writeAddress(Cell c, String pin) {
            return c.kind() == Kind.LUTRAM && (pin.startsWith("ADDRD") || pin.startsWith("ADDRH") || pin.matches("A[0-9]?")
                    || pin.startsWith("WADR"));
        }

        /**
         * The delay from an input bit of a combinational arc to an output bit, NaN when there is no arc.
         *
         * @param in    the input pin, {@code inIdx} its bit
         * @param out   the output pin, {@code outIdx} its bit
         */
        private double arc(Cell c, String in, int inIdx, String out, int outIdx) {
            if (clockPin(in)) {
                return Double.NaN;
            }
            return switch (c.kind()) {
                case LUT -> c.type().equals("SB_LUT4") && in.equals("I3") ? d.lutFastInput() : d.lut();
                case MUX -> c.type().equals("MUXF7") ? d.muxF7() : d.muxF8();
                case CARRY -> carry(c, in, inIdx, out, outIdx);
                case LUTRAM, SRL -> readAddress(c, in) ? d.lutramRead() : Double.NaN;
                case DSP -> !c.type().equals("SB_MAC16") && dspRegister(in) != null && Double.isNaN(dspSetup(c, in))
                        && out.startsWith("P") ? (in.equals("PCIN") ? d.dspCascade() : d.dspThrough()) : Double.NaN;
                case OTHER -> d.lut();
                default -> Double.NaN;
            };
        }

        /** CARRY4, CARRY8, SB_CARRY: bit i of S or DI reaches bits j ≥ i of CO and O; CI reaches all. */
        private double carry(Cell c, String in, int inIdx, String out, int outIdx) {
            boolean chainIn = in.equals("CI") || in.equals("CI_TOP") || in.equals("CYINIT");
            boolean sum = out.equals("O");
            if (!chainIn && !c.type().equals("SB_CARRY") && outIdx < inIdx) {
                return Double.NaN;
            }
            if (chainIn) {
                return sum ? d.carryChainToSum() : d.carryChain();
            }
            return sum ? d.carryInToSum() : d.carryInToOut();
        }

        /** The net delay from a driver pin to a sink pin: 0 on dedicated connections. */
        private double net(int bit, Cell sink, String sinkPin) {
            int dc = driverCell[bit];
            if (dc >= 0) {
                Cell driver = cells.get(dc);
                String dp = driverPin[bit];
                if (driver.kind() == Kind.CARRY && dp.equals("CO") && sink.kind() == Kind.CARRY && sinkPin.equals("CI")) {
                    return 0;
                }
                if (driver.kind() == Kind.CARRY && dp.equals("CO") && sink.type().equals("SB_LUT4")) {
                    return d.carryToLut();
                }
                if (driver.kind() == Kind.LUT && sink.kind() == Kind.CARRY && !driver.type().equals("SB_LUT4")
                        && (sinkPin.equals("S") || sinkPin.equals("DI"))) {
                    return 0;
                }
                if (driver.kind() == Kind.DSP && sink.kind() == Kind.DSP && dp.endsWith("COUT") && sinkPin.endsWith("CIN")) {
                    return 0;
                }
                if ((driver.kind() == Kind.LUT || driver.kind() == Kind.MUX) && sink.kind() == Kind.MUX) {
                    return 0;
                }
                if (driver.type().equals("SB_LUT4") && sink.kind() == Kind.FF && sinkPin.equals("D")) {
                    return 0;
                }
            }
            return d.net(fanout[bit]);
        }

        /** The arrival time at an input bit, or NaN when no path reaches it. */
        private double arrivalAt(int bit) {
            return bit < 0 ? Double.NaN : arrival[bit];
        }

        Worst worst() {
            // Start points: input ports (a register in the neighbour) and sequential outputs.
            for (int b : inputPortBits.keySet()) {
                if (driverCell[b] < 0) {
                    arrival[b] = d.clockToOut();
                }
            }
            for (Cell c : cells) {
                for (Map.Entry<String, int[]> p : c.pins().entrySet()) {
                    if ("output".equals(c.dirs().get(p.getKey()))) {
                        double t = clockToOut(c, p.getKey());
                        if (!Double.isNaN(t)) {
                            for (int b : p.getValue()) {
                                if (b >= 0) {
                                    arrival[b] = Math.max(Double.isNaN(arrival[b]) ? 0 : arrival[b], t);
                                }
                            }
                        }
                    }
                }
            }
            propagate();
            return ends();
        }

        /** Arrival times through the combinational arcs, cells in topological order (Kahn). */
        private void propagate() {
            int n = cells.size();
            int[] pending = new int[n];
            List<List<Integer>> users = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                users.add(new ArrayList<>());
            }
            boolean[] comb = new boolean[n];
            for (int i = 0; i < n; i++) {
                Cell c = cells.get(i);
                for (Map.Entry<String, int[]> p : c.pins().entrySet()) {
                    if ("output".equals(c.dirs().get(p.getKey())) || !hasArc(c, p.getKey())) {
                        continue;
                    }
                    comb[i] = true;
                    for (int b : p.getValue()) {
                        if (b >= 0 && driverCell[b] >= 0 && drivesThroughArc(driverCell[b], driverPin[b])) {
                            pending[i]++;
                            users.get(driverCell[b]).add(i);
                        }
                    }
                }
            }
            ArrayDeque<Integer> ready = new ArrayDeque<>();
            for (int i = 0; i < n; i++) {
                if (pending[i] == 0) {
                    ready.add(i);
                }
            }
            int done = 0;
            while (!ready.isEmpty()) {
                int i = ready.poll();
                done++;
                if (comb[i]) {
                    evaluate(i);
                }
                for (int u : users.get(i)) {
                    if (--pending[u] == 0) {
                        ready.add(u);
                    }
                }
            }
            if (done < n) {
                String loop = "?";
                for (int i = 0; i < n; i++) {
                    if (pending[i] > 0) {
                        loop = cells.get(i).name() + " (" + cells.get(i).type() + ")";
                        break;
                    }
                }
                throw new ToolException("a combinational loop in the netlist, through " + loop);
            }
        }

        /** Whether any output of a cell can depend combinationally on an input pin. */
        private boolean hasArc(Cell c, String in) {
            for (String out : c.pins().keySet()) {
                if ("output".equals(c.dirs().get(out)) && !Double.isNaN(arc(c, in, 0, out, Integer.MAX_VALUE))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether an output pin of a cell is the end of a combinational arc (and so has to wait for its inputs). */
        private boolean drivesThroughArc(int cell, String pin) {
            Cell c = cells.get(cell);
            for (String in : c.pins().keySet()) {
                if (!"output".equals(c.dirs().get(in)) && !Double.isNaN(arc(c, in, 0, pin, Integer.MAX_VALUE))) {
                    return true;
                }
            }
            return false;
        }

        private void evaluate(int i) {
            Cell c = cells.get(i);
            for (Map.Entry<String, int[]> o : c.pins().entrySet()) {
                if (!"output".equals(c.dirs().get(o.getKey()))) {
                    continue;
                }
                int[] outs = o.getValue();
                for (int oi = 0; oi < outs.length; oi++) {
                    int ob = outs[oi];
                    if (ob < 0) {
                        continue;
                    }
                    for (Map.Entry<String, int[]> in : c.pins().entrySet()) {
                        if ("output".equals(c.dirs().get(in.getKey()))) {
                            continue;
                        }
                        int[] ins = in.getValue();
                        for (int ii = 0; ii < ins.length; ii++) {
                            double t = arrivalAt(ins[ii]);
                            if (Double.isNaN(t)) {
                                continue;
                            }
                            double a = arc(c, in.getKey(), ii, o.getKey(), oi);
                            if (Double.isNaN(a)) {
                                continue;
                            }
                            double at = t + net(ins[ii], c, in.getKey()) + a;
                            if (Double.isNaN(arrival[ob]) || at > arrival[ob]) {
                                arrival[ob] = at;
                                fromBit[ob] = ins[ii];
                                viaCell[ob] = i;
                            }
                        }
                    }
                }
            }
        }

        /** The worst end point: a sequential input or an output port. */
        private Worst ends() {
            double worst = Double.NaN;
            int worstBit = -1;
            String end = null;
            for (Cell c : cells) {
                for (Map.Entry<String, int[]> p : c.pins().entrySet()) {
                    if ("output".equals(c.dirs().get(p.getKey()))) {
                        continue;
                    }
                    double su = setup(c, p.getKey());
                    if (Double.isNaN(su)) {
                        continue;
                    }
                    for (int b : p.getValue()) {
                        double t = arrivalAt(b);
                        if (!Double.isNaN(t)) {
                            double total = t + net(b, c, p.getKey()) + su;
                            if (Double.isNaN(worst) || total > worst) {
                                worst = total;
                                worstBit = b;
                                int[] q = c.pins().get("Q");
                                end = c.type() + " " + p.getKey() + " of " + c.name()
                                        + net(c.kind() == Kind.FF && q != null && q.length == 1 ? q[0] : b);
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < outputPortBits.size(); k++) {
                for (int b : outputPortBits.get(k)) {
                    double t = arrivalAt(b);
                    if (!Double.isNaN(t)) {
                        double total = t + d.net(fanout[b]) + d.setup();
                        if (Double.isNaN(worst) || total > worst) {
                            worst = total;
                            worstBit = b;
                            end = "output port " + outputPorts.get(k);
                        }
                    }
                }
            }
            if (worstBit < 0) {
                throw new ToolException("the netlist has no timing path (no register and no port reaches another)");
            }
            return walkBack(worstBit, worst, end);
        }

        /** The name of a net bit, as {@code " (net NAME)"}, or empty when it has none. */
        private String net(int bit) {
            String n = bitNames.get(bit);
            return n == null ? "" : " (net " + n + ")";
        }

        private Worst walkBack(int endBit, double delay, String end) {
            int luts = 0;
            int carries = 0;
            int muxes = 0;
            int others = 0;
            List<String> types = new ArrayList<>();
            int b = endBit;
            while (viaCell[b] >= 0) {
                Cell c = cells.get(viaCell[b]);
                types.add(c.type());
                switch (c.kind()) {
                    case LUT, LUTRAM, SRL -> luts++;
                    case CARRY -> carries++;
                    case MUX -> muxes++;
                    default -> others++;
                }
                b = fromBit[b];
            }
            String start;
            if (driverCell[b] >= 0) {
                Cell c = cells.get(driverCell[b]);
                start = c.type() + " " + driverPin[b] + " of " + c.name() + net(b);
                types.add(c.type());
            } else {
                start = "input port " + inputPortBits.getOrDefault(b, "?");
                types.add("in");
            }
            Collections.reverse(types);
            types.add(end.startsWith("output port") ? "out" : end.substring(0, end.indexOf(' ')));
            return new Worst(luts, carries, muxes, others, start, end, delay, types, d);
        }
    }
}
