package org.adabinhw.testbench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.simulator.RunTrace;

/**
 * A built Verilator model of a design with its harness, ready to run any number of times.
 *
 * @param design    the design it was built from (its Verilog; memory images are read at run time)
 * @param binary    the executable
 * @param trace     whether it was built with {@code --trace} (can write a VCD)
 * @param cached    whether the build came from the cache
 * @param buildTime the build's wall-clock time (zero when cached)
 */
public record VerilatorModel(RtlDesign design, Path binary, boolean trace, boolean cached, Duration buildTime) {
    /**
     * Runs the model in a run directory that holds the design's memory images, the stimulus files and
     * {@code stall.memb}; it leaves the trace files there.
     *
     * @param runDir      the working directory
     * @param expected    per output stream, the beats to wait for
     * @param drain       cycles to run after the last expected beat
     * @param maxCycles   the cycle limit
     * @param resetCycles cycles of reset before cycle 0
     * @param seed        seeds the random initial register values
     * @param vcd         a VCD file name to write (needs {@link #trace}), or null
     * @return the run's trace
     */
    public RunTrace run(Path runDir, Map<String, Integer> expected, int drain, long maxCycles, int resetCycles, long seed,
                        String vcd) {
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        for (StreamPort p : design.outputs()) {
            Integer n = expected.get(p.name());
            if (n == null) {
                throw new IllegalArgumentException("no expected beat count for output " + p.name());
            }
            cmd.add("expect_" + p.name() + "=" + n);
        }
        cmd.add("drain=" + drain);
        cmd.add("max_cycles=" + maxCycles);
        cmd.add("reset_cycles=" + resetCycles);
        cmd.add("seed=" + Math.floorMod(seed, 1_000_000_007L));
        if (vcd != null) {
            if (!trace) {
                throw new IllegalStateException("a VCD needs a model built with trace");
            }
            cmd.add("vcd=" + vcd);
        }
        ToolRun r = ToolRun.run(cmd, runDir, Duration.ofMinutes(5), runDir.resolve("verilator_run.log"));
        r.requireSuccess("Verilator model of " + design.top() + " in " + runDir);
        return RunTrace.read(runDir, design.inputs().stream().map(StreamPort::name).toList(),
                design.outputs().stream().map(StreamPort::name).toList());
    }
}
