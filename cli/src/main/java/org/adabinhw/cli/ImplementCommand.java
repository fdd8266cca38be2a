package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.testbench.AcceleratorVerification;
import org.adabinhw.testbench.EdaTool;
import org.adabinhw.testbench.Ice40Implementation;
import org.adabinhw.testbench.Ice40Implementation.DoesNotFit;
import org.adabinhw.testbench.Ice40Implementation.Implemented;
import org.adabinhw.testbench.Ice40Implementation.Part;
import org.adabinhw.testbench.Ice40Implementation.Utilisation;
import org.adabinhw.testbench.ToolException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code implement}: the iCE40 implementation of a generated accelerator, with Yosys, nextpnr and icepack. */
@Command(name = "implement", mixinStandardHelpOptions = true,
        description = "Implement a generated accelerator on an iCE40: Yosys synth_ice40 -dsp (multipliers in SB_MAC16, as the "
                + "estimate counts them), nextpnr-ice40 (pins unconstrained) and icepack. DIR must be generated for the iCE40 "
                + "family (generate --part ice40up5k or ice40hx8k). Prints the utilisation and the fmax of ap_clk that nextpnr "
                + "reports and writes them to OUTDIR/implement.json. Exits 0 when the design fits and meets --freq, 1 when it "
                + "does not fit (no bitstream) or misses timing.")
final class ImplementCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A directory written by generate --part ice40up5k or ice40hx8k.")
    Path dir;

    @Option(names = "--part", required = true, paramLabel = "ice40up5k|ice40hx8k",
            description = "The part: ice40up5k (package sg48: 5280 LCs, 30 EBR, 4 SPRAM, 8 DSP, 39 I/O) or ice40hx8k "
                    + "(package ct256: 7680 LCs, 32 EBR, 206 I/O).")
    String part;

    @Option(names = "--freq", defaultValue = "12", paramLabel = "MHZ", description = "Target frequency of ap_clk in MHz (default 12).")
    double freq;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "nextpnr's placement seed (default 1).")
    int seed;

    @Option(names = "--out", paramLabel = "OUTDIR", description = "Output directory (default DIR/impl-PART).")
    Path out;

    @Option(names = "--wrap", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Implement the accelerator inside a wrapper that puts its AXI-Stream buses on "
                    + Ice40Implementation.WRAPPER_PINS + " pins: a shift register loads s_axis_tdata one bit per cycle, an XOR "
                    + "tree reduces m_axis_tdata to one pin; its cells are included in the figures and also reported alone "
                    + "(default: on; with --no-wrap a design with more port bits than the package has pins does not fit).")
    boolean wrap;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Part p;
        try {
            p = Part.of(part);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        }
        Ice40Implementation.Options options = new Ice40Implementation.Options(p, freq, seed, wrap);
        AcceleratorVerification.Generated g = Plans.load(dir);
        try {
            Ice40Implementation.requireIce40(g, p);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        }
        for (EdaTool t : List.of(EdaTool.YOSYS, EdaTool.NEXTPNR_ICE40, EdaTool.ICEPACK)) {
            if (!t.available()) {
                throw new Main.UserException(t.missingMessage());
            }
        }
        Path outDir = out != null ? out : dir.resolve("impl-" + p.id());
        err.printf(Locale.ROOT, "implement: %s on the %s at %s MHz, seed %d, %s; output in %s (each step can take minutes)%n",
                g.design().top(), p, number(freq), seed, wrap ? "inside the wrapper " + Ice40Implementation.WRAPPER_FILE
                        : "without a wrapper", outDir);
        err.flush();
        Ice40Implementation.Result r;
        try {
            java.util.function.Consumer<String> lines = Progress.lines(err);
            r = new Ice40Implementation(new VerilogRenderer(), line -> lines.accept("implement: " + line), Progress.interactive())
                    .run(g, outDir, options);
        } catch (ToolException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        return switch (r) {
            case Implemented i -> printImplemented(i, stdout);
            case DoesNotFit d -> printDoesNotFit(d, stdout);
        };
    }

    private static int printImplemented(Implemented r, PrintWriter out) {
        out.printf("%s on the %s, placed and routed by nextpnr-ice40:%n", r.top(), r.part());
        printTable(r.placed(), out);
        out.println("(SB_IO against the package's pins; no pin constraints: nextpnr chose the pins)");
        var s = r.synthesis();
        out.printf("synthesis (Yosys): %d SB_LUT4, %d flip-flops (SB_DFF*), %d SB_CARRY, %d SB_RAM40_4K, %d SB_SPRAM256KA, "
                + "%d SB_MAC16, %d port bits%n", s.luts(), s.ff(), s.carries(), s.ebr(), s.spram(), s.dsp(), s.portBits());
        if (r.wrapper() != null) {
            out.printf("wrapper %s, included in the figures above: %d SB_LUT4 (XOR tree), %d flip-flops (shift register), "
                    + "%d pins%n", Ice40Implementation.WRAPPER_FILE, r.wrapper().luts(), r.wrapper().ff(), r.wrapper().pins());
        }
        out.printf(Locale.ROOT, "fmax %s: %.2f MHz achieved, %.2f MHz constraint: timing %s%n", Ice40Implementation.CLOCK,
                r.fmaxMhz(), r.targetMhz(), r.timingMet() ? "met" : "NOT met");
        out.printf("bitstream: %s (%d bytes)%n", r.bitstream(), r.bitstreamBytes());
        out.printf("figures: %s%n", r.figures());
        return r.timingMet() ? 0 : 1;
    }

    private static int printDoesNotFit(DoesNotFit r, PrintWriter out) {
        out.printf("%s against the %s, by Yosys's synthesis:%n", r.top(), r.part());
        printTable(r.synthesis().against(r.part()), out);
        if (!r.placed().isEmpty()) {
            out.println("by nextpnr's packing:");
            printTable(r.placed(), out);
        }
        out.println(r.reason() + "; no bitstream written");
        return 1;
    }

    private static void printTable(List<Utilisation> rows, PrintWriter out) {
        out.printf("  %-16s %8s %10s %8s%n", "resource", "used", "available", "%");
        for (Utilisation u : rows) {
            out.printf(Locale.ROOT, "  %-16s %8d %10d %8s%n", u.resource(), u.used(), u.available(),
                    u.available() == 0 ? (u.used() == 0 ? "-" : "none") : String.format(Locale.ROOT, "%.1f", u.percent()));
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
