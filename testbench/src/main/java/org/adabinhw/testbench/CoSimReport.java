package org.adabinhw.testbench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.adabinhw.simulator.RunTrace;

/**
 * The outcome of one co-simulation: the RTL's trace, the simulator's, and every difference found.
 *
 * @param scenario   the scenario's name
 * @param simulator  the RTL simulator used
 * @param runDir     where the run's files are (stimulus, expected values, pattern, logs, VCD)
 * @param rtl        the RTL's trace
 * @param model      the simulator's trace, or null when the scenario has no model
 * @param mismatches every difference, empty when the run passed
 * @param vcd        the waveform left for inspection, or null
 * @param buildTime  time spent building the RTL model (zero when cached)
 * @param elapsed    total wall-clock time
 */
public record CoSimReport(String scenario, CoSimulation.Simulator simulator, Path runDir, RunTrace rtl, RunTrace model,
                          List<String> mismatches, Path vcd, Duration buildTime, Duration elapsed) {
    private static final int SHOWN = 20;

    /** Copies the list. */
    public CoSimReport {
        mismatches = List.copyOf(mismatches);
    }

    /** Whether every check passed. */
    public boolean passed() {
        return mismatches.isEmpty();
    }

    /** One line: scenario, simulator, beats, cycles, timing, verdict. */
    public String summary() {
        long beats = rtl.beats().values().stream().mapToLong(List::size).sum();
        return String.format("%s (%s): %d output beats, %d cycles, run length %d, build %.1f s, total %.2f s: %s",
                scenario, simulator.name().toLowerCase(java.util.Locale.ROOT), beats, rtl.cycles(), rtl.length(),
                buildTime.toMillis() / 1000.0, elapsed.toMillis() / 1000.0,
                passed() ? "ok" : mismatches.size() + " mismatches");
    }

    /** Throws an {@link AssertionError} listing the first mismatches, the run directory and the VCD. */
    public void assertPassed() {
        if (passed()) {
            return;
        }
        StringBuilder sb = new StringBuilder(summary()).append('\n');
        mismatches.stream().limit(SHOWN).forEach(m -> sb.append("  ").append(m).append('\n'));
        if (mismatches.size() > SHOWN) {
            sb.append("  ... and ").append(mismatches.size() - SHOWN).append(" more\n");
        }
        sb.append("  run directory: ").append(runDir).append('\n');
        sb.append("  waveform: ").append(vcd == null ? "none (could not be written)" : vcd.toString());
        throw new AssertionError(sb.toString());
    }
}
