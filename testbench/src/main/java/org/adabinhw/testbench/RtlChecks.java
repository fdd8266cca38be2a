package org.adabinhw.testbench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;

/**
 * The static checks every generated design passes: Verilator lint with every warning enabled, an Icarus
 * compile, and a Yosys synthesis. Each empties the directory it is given, writes the design there (memory
 * images included, so that Yosys can read them) and runs there; a check fails on any diagnostic, not only
 * on errors.
 */
public final class RtlChecks {
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    private static final Pattern CELLS = Pattern.compile("Number of cells:\\s+(\\d+)");

    private RtlChecks() {
    }

    /**
     * {@code verilator --lint-only -Wall} over the design: must print nothing.
     *
     * @return the run
     * @throws ToolException with Verilator's messages otherwise
     */
    public static ToolRun verilatorLint(RtlDesign design, Path dir) {
        EdaTool.VERILATOR.require();
        prepare(design, dir);
        List<String> cmd = new ArrayList<>(List.of("verilator", "--lint-only", "-Wall", "--top-module", design.top()));
        cmd.addAll(design.sources());
        ToolRun r = ToolRun.run(cmd, dir, TIMEOUT, null).requireSuccess("verilator --lint-only -Wall of " + design.top());
        return requireSilent(r, "verilator --lint-only -Wall of " + design.top());
    }

    /**
     * {@code iverilog -g2012 -Wall} over the design: must compile and print nothing.
     *
     * @return the run
     * @throws ToolException with Icarus's messages otherwise
     */
    public static ToolRun iverilogCompile(RtlDesign design, Path dir) {
        EdaTool.IVERILOG.require();
        prepare(design, dir);
        List<String> cmd = new ArrayList<>(List.of("iverilog", "-g2012", "-Wall", "-o", "/dev/null", "-s", design.top()));
        cmd.addAll(design.sources());
        ToolRun r = ToolRun.run(cmd, dir, TIMEOUT, null).requireSuccess("iverilog -g2012 of " + design.top());
        return requireSilent(r, "iverilog -g2012 -Wall of " + design.top());
    }

    /**
     * Result of a Yosys synthesis.
     *
     * @param run   the Yosys run (its log is {@code yosys.log} in the directory)
     * @param cells the number of cells after generic synthesis
     */
    public record Synthesis(ToolRun run, int cells) {
    }

    /**
     * {@code yosys}: {@code read_verilog -defer -sv}, {@code synth -top}, {@code check -assert} (which fails
     * on undriven or multiply driven nets and combinational loops), {@code stat}.
     *
     * @return the run and the cell count
     * @throws ToolException with the log's tail otherwise
     */
    public static Synthesis yosysSynth(RtlDesign design, Path dir) {
        return yosys(design, dir, "synth -top " + design.top());
    }

    /**
     * Yosys's word-level synthesis of a whole accelerator: {@code synth} up to its fine stage (elaboration,
     * {@code proc}, flattening, optimisation, arithmetic extraction, memory inference with {@code memory -nomap}),
     * then {@code check -assert} and {@code stat}. Memories stay inferred RAM/ROM cells (an FPGA flow maps them to
     * block RAM) and arithmetic stays word-level cells: the gate-level mapping of dozens of wide multipliers takes
     * Yosys's generic flow tens of minutes, and every block is mapped to gates in its own IT already. With
     * {@code -nordff}: Yosys 0.23's merge of output registers into the read ports of these ROMs, followed by
     * {@code check}, reports the merged read data as undriven (the gate-level flow of each block is clean).
     *
     * @return the run and the cell count (word-level cells)
     */
    public static Synthesis yosysSynthCoarse(RtlDesign design, Path dir) {
        return yosys(design, dir, "synth -top " + design.top() + " -nordff -run begin:fine");
    }

    private static Synthesis yosys(RtlDesign design, Path dir, String synth) {
        EdaTool.YOSYS.require();
        prepare(design, dir);
        String script = "read_verilog -defer -sv " + String.join(" ", design.sources()) + "; " + synth + "; check -assert; stat";
        ToolRun r = ToolRun.run(List.of("yosys", "-q", "-l", "yosys.log", "-p", script), dir, TIMEOUT, null)
                .requireSuccess("yosys synthesis of " + design.top());
        String log;
        try {
            log = java.nio.file.Files.readString(dir.resolve("yosys.log"));
        } catch (java.io.IOException e) {
            throw new ToolException("cannot read " + dir.resolve("yosys.log"), e);
        }
        Optional<Integer> cells = Optional.empty();
        Matcher m = CELLS.matcher(log);
        while (m.find()) {
            cells = Optional.of(Integer.parseInt(m.group(1)));
        }
        return new Synthesis(r, cells.orElseThrow(() -> new ToolException("no cell count in " + dir.resolve("yosys.log"))));
    }

    /**
     * The three static checks every rendered design must pass, in order: Verilator lint with {@code -Wall},
     * an Icarus compile and Yosys synthesis, all in {@code dir}.
     *
     * @return the synthesis result
     */
    public static Synthesis all(RtlDesign design, Path dir) {
        verilatorLint(design, dir);
        iverilogCompile(design, dir);
        return yosysSynth(design, dir);
    }

    /** The checks own their directory: what an earlier run left there (logs) goes. */
    private static void prepare(RtlDesign design, Path dir) {
        GeneratedFiles.deleteRecursively(dir);
        design.writeTo(dir);
    }

    private static ToolRun requireSilent(ToolRun r, String what) {
        if (!r.output().isBlank()) {
            throw new ToolException(what + " is not clean:\n" + ToolRun.tail(r.output()));
        }
        return r;
    }
}
