package org.adabinhw.testbench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.simulator.RunTrace;
import org.adabinhw.simulator.SimulationRun;
import org.adabinhw.simulator.StallPattern;

/**
 * The co-simulation driver. For a {@link Scenario} it writes a run directory (the design, one
 * {@code stimulus_<input>.memh} and {@code expected_<output>.memh} per stream, {@code stall.memb}), runs the
 * Java cycle model under the stall pattern, runs the RTL in Verilator (a cached build, see
 * {@link VerilatorBuilder}) or Icarus under the same pattern, and compares:
 * <ol>
 * <li>the RTL's output beats with the golden model's, bit for bit;</li>
 * <li>the simulator's trace with the RTL's: the value and cycle of every output beat and the cycle of every
 *     accepted input beat.</li>
 * </ol>
 * When a run fails it is repeated with waveform tracing and the VCD is left in the run directory; with
 * {@code alwaysTrace} every run writes one.
 */
public final class CoSimulation {
    /** Cycles of reset before cycle 0. */
    public static final int RESET_CYCLES = 4;
    /** Cycles run after the last expected beat, to catch extra beats. */
    public static final int DRAIN_CYCLES = SimulationRun.DRAIN_CYCLES;
    /** The waveform's file name in a run directory. */
    public static final String VCD = "wave.vcd";

    /** The RTL simulators. */
    public enum Simulator {
        /** Verilator 5, the generated C++ harness. */
        VERILATOR,
        /** Icarus Verilog, the generated Verilog testbench. */
        ICARUS
    }

    private final Path workDir;
    private final VerilatorBuilder builder;
    private final VerilogRenderer renderer;
    private final boolean alwaysTrace;

    /**
     * A driver writing its runs under a work directory.
     *
     * @param workDir     receives one directory per scenario and simulator
     * @param builder     builds (and caches) Verilator models
     * @param renderer    renders the harnesses
     * @param alwaysTrace whether every run writes a VCD (slower; otherwise only failing runs)
     */
    public CoSimulation(Path workDir, VerilatorBuilder builder, VerilogRenderer renderer, boolean alwaysTrace) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.builder = builder;
        this.renderer = renderer;
        this.alwaysTrace = alwaysTrace;
    }

    /** The cycle limit of a scenario: generous for any stall rate below 1. */
    static long maxCycles(Scenario s) {
        return s.pattern().length() + 64L * s.totalBeats() + 1000;
    }

    /**
     * Runs a scenario on one RTL simulator and checks it.
     *
     * @return the report; {@link CoSimReport#assertPassed()} throws when a check failed
     * @throws ToolException when a tool is missing or fails to build or run the design
     */
    public CoSimReport run(Scenario s, Simulator simulator) {
        long start = System.nanoTime();
        RtlDesign design = s.design();
        Path runDir = workDir.resolve(s.name()).resolve(simulator.name().toLowerCase(Locale.ROOT));
        GeneratedFiles.deleteRecursively(runDir);
        writeRunFiles(s, runDir);
        long maxCycles = maxCycles(s);

        // The Java model runs beside the RTL (its own thread), not before it.
        java.util.concurrent.CompletableFuture<RunTrace> modelRun = null;
        if (s.model() != null) {
            // The model reads the pattern file the RTL harness reads, not the object that wrote it.
            StallPattern pattern;
            try {
                pattern = StallPattern.parse(Files.readString(runDir.resolve("stall.memb"), StandardCharsets.UTF_8),
                        s.pattern().inputs(), s.pattern().outputs());
            } catch (java.io.IOException e) {
                throw new ToolException("cannot read " + runDir.resolve("stall.memb"), e);
            }
            modelRun = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                SimulationRun run = new SimulationRun(pattern, DRAIN_CYCLES, maxCycles);
                s.model().bind(run);
                RunTrace m = run.run();
                checkNames(design, m);
                Map<String, Integer> widths = new LinkedHashMap<>();
                design.outputs().forEach(p -> widths.put(p.name(), p.tdataWidth()));
                m.write(runDir.resolve("simulator"), widths);
                return m;
            });
        }

        Map<String, Integer> expectedCounts = new LinkedHashMap<>();
        s.expected().forEach((k, v) -> expectedCounts.put(k, v.size()));
        Duration buildTime = Duration.ZERO;
        RunTrace rtl;
        VerilatorModel vm = null;
        if (simulator == Simulator.VERILATOR) {
            vm = builder.build(design, alwaysTrace);
            buildTime = vm.buildTime();
            rtl = vm.run(runDir, expectedCounts, DRAIN_CYCLES, maxCycles, RESET_CYCLES, s.seed(), alwaysTrace ? VCD : null);
        } else {
            rtl = runIcarus(s, runDir, maxCycles, alwaysTrace);
        }

        RunTrace model = null;
        if (modelRun != null) {
            try {
                model = modelRun.join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
        List<String> mismatches = new ArrayList<>(Scoreboard.golden(s.expected(), rtl, simulator.name().toLowerCase(Locale.ROOT)));
        if (model != null) {
            mismatches.addAll(Scoreboard.cycles(model, rtl));
        }
        Path vcd = alwaysTrace ? runDir.resolve(VCD) : null;
        if (!mismatches.isEmpty() && !alwaysTrace) {
            // Repeat the failing run with tracing: same inputs, same pattern, same seed, hence the same run.
            if (simulator == Simulator.VERILATOR) {
                VerilatorModel traced = builder.build(design, true);
                buildTime = buildTime.plus(traced.buildTime());
                traced.run(runDir, expectedCounts, DRAIN_CYCLES, maxCycles, RESET_CYCLES, s.seed(), VCD);
            } else {
                runIcarus(s, runDir, maxCycles, true);
            }
            vcd = runDir.resolve(VCD);
        }
        return new CoSimReport(s.name(), simulator, runDir, rtl, model, mismatches,
                vcd != null && Files.isRegularFile(vcd) ? vcd : null, buildTime, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void writeRunFiles(Scenario s, Path runDir) {
        GeneratedFiles files = new GeneratedFiles().addAll(s.design().files());
        for (StreamPort p : s.design().ports()) {
            if (p.input()) {
                files.add("stimulus_" + p.name() + ".memh", MemoryImage.hex("stimulus of " + p.name(), p.tdataWidth(),
                        s.stimulus().get(p.name()), List.of("stimulus of input " + p.name() + ", one beat per line")));
            } else {
                files.add("expected_" + p.name() + ".memh", MemoryImage.hex("expected beats of " + p.name(), p.tdataWidth(),
                        s.expected().get(p.name()), List.of("golden model: expected beats of output " + p.name())));
            }
        }
        files.add("stall.memb", s.pattern().toText());
        files.writeTo(runDir);
    }

    private RunTrace runIcarus(Scenario s, Path runDir, long maxCycles, boolean vcd) {
        EdaTool.IVERILOG.require();
        EdaTool.VVP.require();
        RtlDesign design = s.design();
        List<Integer> beats = new ArrayList<>();
        for (StreamPort p : design.ports()) {
            beats.add((p.input() ? s.stimulus() : s.expected()).get(p.name()).size());
        }
        IcarusBench bench = IcarusBench.of(design.top(), design.ports(), beats, RESET_CYCLES, DRAIN_CYCLES, maxCycles,
                s.pattern().length());
        try {
            Files.writeString(runDir.resolve("axis_tb.v"), Resources.read("harness/axis_tb.v"), StandardCharsets.UTF_8);
            Files.writeString(runDir.resolve("tb.v"), renderer.render(bench), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new ToolException("cannot write the Icarus testbench into " + runDir, e);
        }
        List<String> compile = new ArrayList<>(List.of("iverilog", "-g2012", "-o", "tb.vvp", "-s", bench.benchName()));
        compile.addAll(design.sources());
        compile.addAll(List.of("axis_tb.v", "tb.v"));
        ToolRun.run(compile, runDir, Duration.ofMinutes(5), runDir.resolve("iverilog.log"))
                .requireSuccess("iverilog of the testbench of " + design.top());
        List<String> sim = new ArrayList<>(List.of("vvp", "-n", "tb.vvp"));
        if (vcd) {
            sim.add("+vcd");
        }
        ToolRun.run(sim, runDir, Duration.ofMinutes(10), runDir.resolve("vvp.log"))
                .requireSuccess("vvp run of the testbench of " + design.top());
        return RunTrace.read(runDir, design.inputs().stream().map(StreamPort::name).toList(),
                design.outputs().stream().map(StreamPort::name).toList());
    }

    private static void checkNames(RtlDesign design, RunTrace model) {
        List<String> in = design.inputs().stream().map(StreamPort::name).toList();
        List<String> out = design.outputs().stream().map(StreamPort::name).toList();
        if (!List.copyOf(model.accepts().keySet()).equals(in) || !List.copyOf(model.beats().keySet()).equals(out)) {
            throw new IllegalStateException("the model declares streams " + model.accepts().keySet() + " -> "
                    + model.beats().keySet() + ", the design " + in + " -> " + out + " (same names, port order)");
        }
    }
}
