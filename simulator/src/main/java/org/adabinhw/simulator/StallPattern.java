package org.adabinhw.simulator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Which cycles the testbench may offer a beat on each input and accepts one on each output: the same
 * pattern drives the Java model and the RTL harnesses, so their cycles can be compared beat for beat.
 * <p>
 * Column {@code j < inputs} allows input {@code j} to raise TVALID in a cycle (a beat already offered stays
 * offered until it transfers); column {@code inputs + k} is output {@code k}'s TREADY. Past the pattern's
 * length every column is 1 (no stalls). The file form, read by {@code $readmemb}, has one line per cycle,
 * column 0 first (the most significant bit), after {@code //} comment lines.
 */
public final class StallPattern {
    private final int inputs;
    private final int outputs;
    private final int length;
    private final BitSet stalled;

    private StallPattern(int inputs, int outputs, int length, BitSet stalled) {
        if (inputs < 0 || outputs < 0 || inputs + outputs < 1 || length < 1) {
            throw new IllegalArgumentException("a stall pattern needs at least one column and one cycle, got "
                    + inputs + " inputs, " + outputs + " outputs, " + length + " cycles");
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.length = length;
        this.stalled = stalled;
    }

    /** No stalls on any column (a one-cycle pattern of ones). */
    public static StallPattern none(int inputs, int outputs) {
        return new StallPattern(inputs, outputs, 1, new BitSet());
    }

    /**
     * A seeded random pattern: each input column is 0 with probability {@code inputStall}, each output
     * column with probability {@code outputStall}, independently per cycle.
     *
     * @param seed        the seed; equal arguments give equal patterns
     * @param inputs      input columns
     * @param outputs     output columns
     * @param inputStall  probability of a stall on an input, 0 ≤ p &lt; 1
     * @param outputStall probability of a stall on an output, 0 ≤ p &lt; 1
     * @param length      cycles covered, ≥ 1
     */
    public static StallPattern random(long seed, int inputs, int outputs, double inputStall, double outputStall, int length) {
        if (!(inputStall >= 0 && inputStall < 1 && outputStall >= 0 && outputStall < 1)) {
            throw new IllegalArgumentException("stall rates must be in [0, 1), got " + inputStall + " and " + outputStall);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int cols = inputs + outputs;
        BitSet s = new BitSet();
        for (int c = 0; c < length; c++) {
            for (int j = 0; j < cols; j++) {
                double p = j < inputs ? inputStall : outputStall;
                if (r.nextDouble() < p) {
                    s.set(c * cols + j);
                }
            }
        }
        return new StallPattern(inputs, outputs, length, s);
    }

    /**
     * Parses the file form.
     *
     * @throws IllegalArgumentException naming the line that is not {@code inputs + outputs} binary digits
     */
    public static StallPattern parse(String text, int inputs, int outputs) {
        int cols = inputs + outputs;
        BitSet s = new BitSet();
        int c = 0;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            if (line.length() != cols || !line.chars().allMatch(ch -> ch == '0' || ch == '1')) {
                throw new IllegalArgumentException("stall pattern line " + lineNo + " '" + line + "' is not " + cols
                        + " binary digits");
            }
            for (int j = 0; j < cols; j++) {
                if (line.charAt(j) == '0') {
                    s.set(c * cols + j);
                }
            }
            c++;
        }
        return new StallPattern(inputs, outputs, c, s);
    }

    /** The file form (see the class comment). */
    public String toText() {
        int cols = inputs + outputs;
        StringBuilder sb = new StringBuilder(length * (cols + 1) + 160);
        sb.append("// stall pattern: ").append(length).append(" cycles; columns: ").append(inputs)
                .append(" input valid-allowed, then ").append(outputs).append(" output ready\n");
        for (int c = 0; c < length; c++) {
            for (int j = 0; j < cols; j++) {
                sb.append(stalled.get(c * cols + j) ? '0' : '1');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Whether input {@code input} may raise TVALID in {@code cycle}. */
    public boolean validAllowed(int input, long cycle) {
        if (input < 0 || input >= inputs) {
            throw new IndexOutOfBoundsException("input " + input + " of " + inputs);
        }
        return !stalledAt(input, cycle);
    }

    /** Whether output {@code output} is ready in {@code cycle}. */
    public boolean ready(int output, long cycle) {
        if (output < 0 || output >= outputs) {
            throw new IndexOutOfBoundsException("output " + output + " of " + outputs);
        }
        return !stalledAt(inputs + output, cycle);
    }

    private boolean stalledAt(int column, long cycle) {
        return cycle >= 0 && cycle < length && stalled.get((int) cycle * (inputs + outputs) + column);
    }

    /** Input columns. */
    public int inputs() {
        return inputs;
    }

    /** Output columns. */
    public int outputs() {
        return outputs;
    }

    /** Cycles covered. */
    public int length() {
        return length;
    }

    /** The fraction of stalled cycles per column, for reports. */
    public List<Double> stallRates() {
        int cols = inputs + outputs;
        List<Double> rates = new ArrayList<>();
        for (int j = 0; j < cols; j++) {
            int n = 0;
            for (int c = 0; c < length; c++) {
                n += stalled.get(c * cols + j) ? 1 : 0;
            }
            rates.add((double) n / length);
        }
        return rates;
    }
}
