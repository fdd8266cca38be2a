package org.adabinhw.generator.estimate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cells of a Yosys {@code stat} report and the {@link Resources} they amount to on a family: the one
 * place that says how a synthesised netlist is counted (docs/architecture.md §"Estimates").
 * <ul>
 * <li>Xilinx: {@code lut} = LUT1…LUT6 (not INV, which Vivado folds into its neighbours); {@code ff} = FDRE,
 *     FDSE, FDCE, FDPE; {@code lutram} = the LUTs of distributed RAM (RAM32M, RAM64M, RAM128X1D: 4;
 *     RAM32X1D, RAM64X1D, RAM128X1S: 2; RAM32X1S, RAM64X1S, SRL16E, SRLC32E: 1; RAM256X1S: 4); {@code bram} =
 *     RAMB18 + 2 · RAMB36; {@code uram} = URAM288; {@code dsp} = DSP48E1/DSP48E2.</li>
 * <li>iCE40: {@code lut} = SB_LUT4; {@code ff} = every SB_DFF*; {@code bram} = SB_RAM40_4K; {@code uram} =
 *     SB_SPRAM256KA; {@code dsp} = SB_MAC16.</li>
 * </ul>
 *
 * @param cells the count of every cell type of the last {@code stat} report of the top
 * @param depth the longest topological path Yosys's {@code ltp -noff} reported (cells on it), or -1
 */
public record SynthesisCells(Map<String, Long> cells, int depth) {
    private static final Pattern STAT_HEADER = Pattern.compile("(?m)^\\s+Number of cells:\\s+\\d+\\s*$");
    private static final Pattern CELL = Pattern.compile("^\\s+([A-Za-z0-9_$]+)\\s+(\\d+)\\s*$");
    private static final Pattern LTP = Pattern.compile("Longest topological path in \\S+ \\(length=(\\d+)\\)");

    /** Copies the map. */
    public SynthesisCells {
        cells = Map.copyOf(cells);
    }

    /**
     * Reads the last {@code stat} report of a Yosys log (the cell list after "Number of cells") and the longest
     * path of {@code ltp}, if any.
     *
     * @throws IllegalArgumentException when the log has no {@code stat} report
     */
    public static SynthesisCells parse(String log) {
        Matcher h = STAT_HEADER.matcher(log);
        int start = -1;
        while (h.find()) {
            start = h.end();
        }
        if (start < 0) {
            throw new IllegalArgumentException("no 'Number of cells' in the Yosys log");
        }
        Map<String, Long> cells = new LinkedHashMap<>();
        for (String line : log.substring(start).split("\n", -1)) {
            if (line.isBlank()) {
                if (!cells.isEmpty()) {
                    break;
                }
                continue;
            }
            Matcher m = CELL.matcher(line);
            if (!m.matches()) {
                break;
            }
            cells.merge(m.group(1), Long.parseLong(m.group(2)), Long::sum);
        }
        int depth = -1;
        Matcher l = LTP.matcher(log);
        while (l.find()) {
            depth = Integer.parseInt(l.group(1));
        }
        return new SynthesisCells(cells, depth);
    }

    private long n(String cell) {
        return cells.getOrDefault(cell, 0L);
    }

    /** The resources on a family. */
    public Resources resources(Family f) {
        if (f == Family.ICE40) {
            long ff = cells.entrySet().stream().filter(e -> e.getKey().startsWith("SB_DFF")).mapToLong(Map.Entry::getValue).sum();
            return new Resources(n("SB_LUT4"), ff, 0, n("SB_RAM40_4K"), n("SB_SPRAM256KA"), n("SB_MAC16"));
        }
        long lut = n("LUT1") + n("LUT2") + n("LUT3") + n("LUT4") + n("LUT5") + n("LUT6");
        long ff = n("FDRE") + n("FDSE") + n("FDCE") + n("FDPE");
        long lutram = 4 * (n("RAM32M") + n("RAM64M") + n("RAM128X1D") + n("RAM256X1S") + n("RAM32M16") + n("RAM64M8"))
                + 2 * (n("RAM32X1D") + n("RAM64X1D") + n("RAM128X1S"))
                + n("RAM32X1S") + n("RAM64X1S") + n("SRL16E") + n("SRLC32E");
        long bram = n("RAMB18E1") + n("RAMB18E2") + 2 * (n("RAMB36E1") + n("RAMB36E2"));
        return new Resources(lut, ff, lutram, bram, n("URAM288"), n("DSP48E1") + n("DSP48E2"));
    }
}
