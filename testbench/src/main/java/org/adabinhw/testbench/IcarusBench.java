package org.adabinhw.testbench;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;

/**
 * The variables of {@code harness/icarus_tb.v.vm}: one run's testbench around a design.
 *
 * @param top           the design's top module
 * @param ports         the design's streams in port order
 * @param inputs        the input streams with their beat counts
 * @param outputs       the output streams with their expected beat counts
 * @param resetCycles   cycles of reset
 * @param drain         cycles run after the last expected beat
 * @param maxCycles     the cycle limit
 * @param patternLength cycles in {@code stall.memb}
 */
public record IcarusBench(String top, List<StreamPort> ports, List<Side> inputs, List<Side> outputs, int resetCycles,
                          int drain, long maxCycles, int patternLength) implements TemplateContext {
    /**
     * One stream of the bench.
     *
     * @param port  the stream
     * @param beats for an input the beats offered, for an output the beats expected
     * @param bit   the bit of {@code allow_next} that is this stream's pattern column
     */
    public record Side(StreamPort port, int beats, int bit) {
        /** Beats expected (outputs). */
        public int expected() {
            return beats;
        }
    }

    /**
     * The bench of one run.
     *
     * @param top           the design's top module
     * @param ports         its streams, inputs first
     * @param beats         per stream in port order, the beats offered (inputs) or expected (outputs)
     * @param resetCycles   cycles of reset
     * @param drain         cycles run after the last expected beat
     * @param maxCycles     the cycle limit
     * @param patternLength cycles in {@code stall.memb}
     * @return the bench
     */
    public static IcarusBench of(String top, List<StreamPort> ports, List<Integer> beats, int resetCycles, int drain,
                                 long maxCycles, int patternLength) {
        List<Side> in = new ArrayList<>();
        List<Side> out = new ArrayList<>();
        int columns = ports.size();
        for (int j = 0; j < columns; j++) {
            StreamPort p = ports.get(j);
            if (p.input() && beats.get(j) < 1) {
                throw new IllegalArgumentException("the Icarus bench needs at least one beat on input " + p.name());
            }
            // Column j is the j-th digit from the left of a pattern line: bit columns - 1 - j.
            (p.input() ? in : out).add(new Side(p, beats.get(j), columns - 1 - j));
        }
        return new IcarusBench(top, List.copyOf(ports), in, out, resetCycles, drain, maxCycles, patternLength);
    }

    @Override
    public String template() {
        return "harness/icarus_tb.v.vm";
    }

    /** The testbench module's name. */
    public String benchName() {
        return "tb_" + top;
    }

    /** Pattern columns. */
    public int columns() {
        return inputs.size() + outputs.size();
    }

    /** The most significant bit of {@code allow_next}. */
    public int columnsMsb() {
        return columns() - 1;
    }

    /** The design's stream connections, one per line, comma-separated: {@code .s_axis_x_tdata(s_axis_x_tdata),}. */
    public List<String> portConnections() {
        List<String> lines = new ArrayList<>();
        for (StreamPort p : ports) {
            for (String signal : List.of(p.tdata(), p.tvalid(), p.tready())) {
                lines.add("." + signal + "(" + signal + "),");
            }
        }
        int last = lines.size() - 1;
        lines.set(last, lines.get(last).substring(0, lines.get(last).length() - 1));
        return lines;
    }

    /** All outputs done. */
    public String doneExpression() {
        return outputs.isEmpty() ? "1'b1"
                : outputs.stream().map(s -> "done_" + s.port().name()).collect(Collectors.joining(" && "));
    }
}
