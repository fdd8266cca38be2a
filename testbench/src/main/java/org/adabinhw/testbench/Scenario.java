package org.adabinhw.testbench;

import java.math.BigInteger;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.simulator.SimulationRun;
import org.adabinhw.simulator.StallPattern;

/**
 * One co-simulation of a design: what goes in, what the golden model says must come out, the stall
 * pattern, and how to build the design's cycle model.
 *
 * @param name     names the run directory: letters, digits, {@code _ . -}
 * @param design   the RTL under test
 * @param stimulus per input stream (by name), the TDATA of every beat
 * @param expected per output stream (by name), the golden model's TDATA of every beat
 * @param pattern  the stall pattern; its columns are the design's inputs, then its outputs, in port order
 * @param seed     seeds the RTL's random initial register values
 * @param model    declares the cycle model's streams on a {@link SimulationRun} in port order and adds its
 *                 blocks; null to skip the simulator check
 */
public record Scenario(String name, RtlDesign design, Map<String, List<BigInteger>> stimulus,
                       Map<String, List<BigInteger>> expected, StallPattern pattern, long seed, ModelBinding model) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    /** How a test builds the cycle model of its design. */
    @FunctionalInterface
    public interface ModelBinding {
        /**
         * Declares the inputs and outputs on the run (in the design's port order, with the same names) and adds
         * the model's blocks.
         */
        void bind(SimulationRun run);
    }

    /** Checks the components against the design and copies the maps. */
    public Scenario {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("scenario name '" + name + "' must be letters, digits, '_', '.', '-'");
        }
        stimulus = copy(stimulus);
        expected = copy(expected);
        for (StreamPort p : design.ports()) {
            Map<String, List<BigInteger>> m = p.input() ? stimulus : expected;
            List<BigInteger> beats = m.get(p.name());
            if (beats == null) {
                throw new IllegalArgumentException("scenario " + name + ": no " + (p.input() ? "stimulus" : "expected beats")
                        + " for stream " + p.name());
            }
            for (int i = 0; i < beats.size(); i++) {
                if (beats.get(i).signum() < 0 || beats.get(i).bitLength() > p.tdataWidth()) {
                    throw new IllegalArgumentException("scenario " + name + ", stream " + p.name() + " beat " + i + ": "
                            + beats.get(i) + " does not fit TDATA of " + p.tdataWidth() + " bits");
                }
            }
        }
        if (stimulus.size() != design.inputs().size() || expected.size() != design.outputs().size()) {
            throw new IllegalArgumentException("scenario " + name + ": streams " + stimulus.keySet() + " -> " + expected.keySet()
                    + " do not match the design's ports " + design.ports().stream().map(StreamPort::name).toList());
        }
        if (pattern.inputs() != design.inputs().size() || pattern.outputs() != design.outputs().size()) {
            throw new IllegalArgumentException("scenario " + name + ": the stall pattern has " + pattern.inputs() + "+"
                    + pattern.outputs() + " columns for " + design.inputs().size() + " inputs and "
                    + design.outputs().size() + " outputs");
        }
    }

    private static Map<String, List<BigInteger>> copy(Map<String, List<BigInteger>> m) {
        Map<String, List<BigInteger>> c = new LinkedHashMap<>();
        m.forEach((k, v) -> c.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(c);
    }

    /** The number of beats in and out, for reports and limits. */
    public int totalBeats() {
        return stimulus.values().stream().mapToInt(List::size).sum() + expected.values().stream().mapToInt(List::size).sum();
    }
}
