package org.adabinhw.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.adabinhw.generator.blocks.BlockConfig;
import org.adabinhw.generator.estimate.CalibrationTable;
import org.adabinhw.generator.estimate.CostModel;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.generator.estimate.SynthesisCells;

/**
 * The estimate against Yosys over the check set of a calibration (configurations not in the fit set), and
 * over the fit set for comparison: per block type a table of every configuration with its relative errors.
 */
final class CalibrationReport {
    /** The acceptance bounds: LUT and FF 15 %, LUTRAM 20 %, BRAM and DSP exact. */
    static final double LUT_FF_BOUND = 0.15;
    static final double LUTRAM_BOUND = 0.20;

    /** One configuration: its source, its estimate and Yosys's count. */
    record Row(String block, String source, String config, Resources estimate, Resources measured, boolean fit) {
        double err(String r) {
            long m = measured.get(r);
            long e = estimate.get(r);
            if (m == 0) {
                return e == 0 ? 0 : 1;
            }
            return (double) (e - m) / m;
        }

        boolean within() {
            return Math.abs(err("lut")) <= LUT_FF_BOUND && Math.abs(err("ff")) <= LUT_FF_BOUND
                    && (Math.abs(err("lutram")) <= LUTRAM_BOUND || Math.abs(estimate.lutram() - measured.lutram()) <= 8)
                    && estimate.bram() == measured.bram() && estimate.dsp() == measured.dsp();
        }
    }

    private final CalibrationTable table;
    private final List<Row> rows;
    /** Per accelerator of the check set: the sum of its blocks' estimates and of their syntheses. */
    private final Map<String, Resources[]> wholes;

    private CalibrationReport(CalibrationTable table, List<Row> rows, Map<String, Resources[]> wholes) {
        this.table = table;
        this.rows = rows;
        this.wholes = wholes;
    }

    static CalibrationReport of(CalibrationTable t, List<CalibrateCommand.Sample> grid, Map<String, SynthesisCells> cache,
                                Set<String> fitConfigs) {
        List<Row> rows = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CalibrateCommand.Sample s : grid) {
            BlockConfig c = (BlockConfig) s.stage().config();
            String k = CalibrateCommand.configKey(c);
            if (!seen.add(k)) {
                continue;
            }
            boolean fit = fitConfigs.contains(k);
            Resources est = t.blocks().containsKey(c.block()) ? CostModel.cost(c, t.family(), t, CostModel.images(s.stage().design())).resources() : Resources.ZERO;
            rows.add(new Row(c.block(), s.source() + " " + s.stage().instance(), c.toJson().toString(), est,
                    cache.get(s.key()).resources(t.family()), fit));
        }
        Map<String, Resources[]> wholes = new LinkedHashMap<>();
        for (CalibrateCommand.Sample s : grid) {
            if (!s.set().equals("check")) {
                continue;
            }
            BlockConfig c = (BlockConfig) s.stage().config();
            Resources est = t.blocks().containsKey(c.block())
                    ? CostModel.cost(c, t.family(), t, CostModel.images(s.stage().design())).resources() : Resources.ZERO;
            Resources[] w = wholes.computeIfAbsent(s.source(), k -> new Resources[] {Resources.ZERO, Resources.ZERO});
            w[0] = w[0].plus(est);
            w[1] = w[1].plus(cache.get(s.key()).resources(t.family()));
        }
        return new CalibrationReport(t, rows, wholes);
    }

    private Map<String, List<Row>> byBlock(boolean fit) {
        Map<String, List<Row>> m = new TreeMap<>();
        for (Row r : rows) {
            if (r.fit() == fit) {
                m.computeIfAbsent(r.block(), k -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    private static double maxAbs(List<Row> rs, String r) {
        return rs.stream().mapToDouble(x -> Math.abs(x.err(r))).max().orElse(0);
    }

    /** Per block type of the check set: configurations, the largest errors, how many are within the bounds. */
    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-16s %6s %8s %8s %8s %8s %8s %8s%n", "block", "checks", "max LUT", "max FF",
                "max LRAM", "BRAM ok", "DSP ok", "within"));
        for (Map.Entry<String, List<Row>> e : byBlock(false).entrySet()) {
            List<Row> rs = e.getValue();
            b.append(String.format(Locale.ROOT, "%-16s %6d %7.1f%% %7.1f%% %7.1f%% %5d/%-2d %5d/%-2d %5d/%-2d%n", e.getKey(), rs.size(),
                    100 * maxAbs(rs, "lut"), 100 * maxAbs(rs, "ff"), 100 * maxAbs(rs, "lutram"),
                    rs.stream().filter(x -> x.estimate().bram() == x.measured().bram()).count(), rs.size(),
                    rs.stream().filter(x -> x.estimate().dsp() == x.measured().dsp()).count(), rs.size(),
                    rs.stream().filter(Row::within).count(), rs.size()));
        }
        return b.toString();
    }

    /** The report as Markdown. */
    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Cost model calibration: ").append(table.family().id()).append("\n\n");
        b.append("Generated by `").append(table.command()).append("` on ").append(table.date()).append(" with ")
                .append(table.yosys()).append(". Every block is synthesised on its own (`synth_xilinx -flatten -noiopad` or "
                        + "`synth_ice40 -dsp`); LUT and FF coefficients are fitted on the fit set (the example network at six "
                        + "foldings and three of them again with every convolution's output lanes equal to its PE, a small "
                        + "network with pooling, an unfolded batch norm and a shortcut at six foldings, three of them again "
                        + "with lanes = PE, two in narrow formats and two in a 20-bit stream; a second small network with the same blocks at 24 and "
                        + "48 channels at four foldings, one with lanes = PE), and the estimate is checked here against "
                        + "configurations that are **not** in the fit set (the example's, both small networks' and ResNet-20's "
                        + "default foldings, two more foldings of the example, six more of the first small network and five "
                        + "more of the second (four of them and the default again in a 20-bit stream), seven of these also or only with lanes = PE; a configuration that also occurs in "
                        + "the fit set is not counted). Bounds: LUT and FF within "
                        + "15 %, LUTRAM within 20 % "
                        + "(or 8 LUTs), BRAM and DSP exact. Errors are (estimate − Yosys) / Yosys.\n\n");
        b.append("## Summary of the check set\n\n```\n").append(summary()).append("```\n\n");
        b.append("## Whole accelerators of the check set, as the sum of their blocks synthesised one by one\n\n");
        b.append("Every block instance counted (the same configuration in several layers as often as it occurs), the top's "
                + "`axis_tlast` included; LUT counts logic and memory LUTs.\n\n");
        b.append("| accelerator | LUT est / Yosys | FF est / Yosys | LUTRAM est / Yosys | BRAM est / Yosys | DSP est / Yosys |\n");
        b.append("|---|---|---|---|---|---|\n");
        wholes.forEach((name, w) -> {
            Resources e = w[0];
            Resources m = w[1];
            Row r = new Row("", name, "", new Resources(e.lut() + e.lutram(), e.ff(), e.lutram(), e.bram(), e.uram(), e.dsp()),
                    new Resources(m.lut() + m.lutram(), m.ff(), m.lutram(), m.bram(), m.uram(), m.dsp()), false);
            b.append("| ").append(name).append(" | ");
            for (String res : new String[] {"lut", "ff", "lutram", "bram", "dsp"}) {
                b.append(String.format(Locale.ROOT, "%,d / %,d (%+.1f %%) | ", r.estimate().get(res), r.measured().get(res),
                        100 * r.err(res)));
            }
            b.append("\n");
        });
        b.append("\n");
        for (boolean fit : new boolean[] {false, true}) {
            b.append(fit ? "## Fit set (in-sample)\n\n" : "## Check set\n\n");
            for (Map.Entry<String, List<Row>> e : byBlock(fit).entrySet()) {
                b.append("### ").append(e.getKey()).append("\n\n");
                b.append("| configuration | LUT est / Yosys | FF est / Yosys | LUTRAM est / Yosys | BRAM est / Yosys | DSP est / Yosys | within |\n");
                b.append("|---|---|---|---|---|---|---|\n");
                for (Row r : e.getValue()) {
                    b.append("| ").append(r.source()).append(" `").append(r.config().replace("|", "\\|")).append("` | ");
                    for (String res : new String[] {"lut", "ff", "lutram", "bram", "dsp"}) {
                        b.append(String.format(Locale.ROOT, "%d / %d (%+.1f %%) | ", r.estimate().get(res), r.measured().get(res),
                                100 * r.err(res)));
                    }
                    b.append(r.within() ? "yes" : "**no**").append(" |\n");
                }
                b.append("\n");
            }
        }
        return b.toString();
    }

    /** The coefficients, for the docs. */
    Map<String, Map<String, Map<String, Double>>> coefficients() {
        return new LinkedHashMap<>(table.blocks());
    }
}
