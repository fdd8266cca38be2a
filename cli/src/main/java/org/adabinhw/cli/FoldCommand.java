package org.adabinhw.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.FifoSizing;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fold}: the plan of a network for a part and a frame rate. Every interval a folding can have
 * ({@link AcceleratorBuilder#intervals}) gives one plan, the least parallelism per layer that keeps within it; the
 * estimate costs it on the part. {@code --target-fps} takes the longest interval that reaches the frame rate (the
 * cheapest plan), {@code --max-fps} the shortest whose plan fits the budget (a binary search: a longer interval never
 * costs more). The bypass FIFOs are then sized by simulation, which also gives the interval the plan really has.
 */
@Command(name = "fold", mixinStandardHelpOptions = true,
        description = "Choose every layer's folding and every bypass FIFO's depth for a part: the cheapest plan that reaches "
                + "--target-fps, or the fastest that fits --budget of every resource (--max-fps). Prints the plan per layer, the "
                + "bottleneck and the frontier explored; writes the plan for generate --folding.")
final class FoldCommand implements Callable<Integer> {
    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--part", required = true, paramLabel = "PART", description = "The FPGA part (see estimate).")
    String part;

    /** The goal: a frame rate, or the fastest that fits. */
    static final class Goal {
        @Option(names = "--target-fps", paramLabel = "N", description = "The frame rate to reach, frames per second.")
        Double targetFps;

        @Option(names = "--max-fps", description = "The highest frame rate whose plan fits the budget.")
        boolean maxFps;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Goal goal;

    @Option(names = "--clock", paramLabel = "MHZ", description = "The clock (default: the part's typical clock).")
    Double clock;

    @Option(names = "--budget", defaultValue = "0.8", paramLabel = "F",
            description = "With --max-fps: the share of every resource of the part the plan may use (default: ${DEFAULT-VALUE}).")
    double budget;

    @Option(names = "--out", required = true, paramLabel = "PLAN.json", description = "The plan, for generate --folding.")
    Path out;

    @Option(names = "--no-size-fifos", description = "Keep the default bypass FIFO depths (no simulation).")
    boolean noSizeFifos;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One plan of the frontier: its interval and what it costs. */
    record Point(long interval, Accelerator accelerator, Estimate estimate) {
        double scarcest() {
            return estimate.utilisation(scarcestName());
        }

        String scarcestName() {
            String best = "lut";
            for (String r : Resources.NAMES) {
                if (estimate.utilisation(r) > estimate.utilisation(best)) {
                    best = r;
                }
            }
            return best;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Part p = EstimateCommand.part(part);
        if (clock != null && !(clock > 0 && clock < 2000)) {
            throw new Main.UserException("--clock must be a frequency in MHz between 0 and 2000, got " + clock);
        }
        if (goal.targetFps != null && !(goal.targetFps > 0)) {
            throw new Main.UserException("--target-fps must be positive, got " + goal.targetFps);
        }
        if (!(budget > 0 && budget <= 1)) {
            throw new Main.UserException("--budget must lie in (0, 1], got " + budget);
        }
        NetworkOptions.requireOutputFile(out, "--out");
        double mhz = clock != null ? clock : p.typicalClockMhz();
        Network net = source.load();
        IntegerNetwork inet = IntegerCompiler.compile(net, quant.config());
        String top = AcceleratorBuilder.topName(net.name());
        List<Long> intervals = AcceleratorBuilder.intervals(inet);
        VerilogRenderer renderer = new VerilogRenderer(p.family());
        Map<String, String> described = source.describe();
        java.util.function.LongFunction<Point> plan = t -> {
            Accelerator a = AcceleratorBuilder.build(renderer, inet, Folding.DEFAULT, top, described, t);
            return new Point(t, a, Estimate.of(a, p, mhz, null, List.of()));
        };
        err.printf("fold: %s on %s at %.1f MHz: %d candidate intervals, %,d to %,d cycles per image%n", net.name(), p.name(), mhz,
                intervals.size(), intervals.get(0), intervals.get(intervals.size() - 1));
        Point chosen;
        if (goal.targetFps != null) {
            long limit = (long) Math.floor(mhz * 1e6 / goal.targetFps);
            long t = -1;
            for (long c : intervals) {
                if (c <= limit) {
                    t = c;
                }
            }
            if (t < 0) {
                throw new Main.UserException(String.format(Locale.ROOT, "%.1f frames/s at %.1f MHz needs at most %,d cycles per image; "
                        + "the fastest folding of %s takes %,d (%.1f frames/s)", goal.targetFps, mhz, limit, net.name(),
                        intervals.get(0), mhz * 1e6 / intervals.get(0)));
            }
            chosen = plan.apply(t);
            if (!chosen.estimate().fits() && sizes(chosen)) {
                // The default bypass FIFOs are deep; sized by simulation they may be what makes the plan fit.
                chosen = sized(chosen, renderer, inet, top, described, p, mhz, err);
            }
            if (!chosen.estimate().fits()) {
                // Say what can be had on this part: the fastest plan that fits it whole.
                Point best = fastestWithin(intervals, plan, 1.0);
                String reachable = best == null ? "no folding of it fits " + p.name()
                        : String.format(Locale.ROOT, "the fastest plan that fits reaches %.1f frames/s (%,d cycles per image, %s at %.0f %%)",
                                mhz * 1e6 / best.accelerator().cyclesPerImage(), best.accelerator().cyclesPerImage(),
                                best.scarcestName(), 100 * best.scarcest());
                throw new Main.UserException(String.format(Locale.ROOT, "the cheapest plan of %s that reaches %.1f frames/s (%,d cycles "
                        + "per image) %s; %s", net.name(), goal.targetFps, chosen.interval(), chosen.estimate().verdict(), reachable));
            }
        } else {
            chosen = fastestWithin(intervals, plan, budget);
            if (chosen == null) {
                Point last = plan.apply(intervals.get(intervals.size() - 1));
                throw new Main.UserException(String.format(Locale.ROOT, "%s does not fit %.0f %% of %s even at its slowest folding "
                        + "(%,d cycles per image): %s", net.name(), 100 * budget, p.name(), last.interval(), last.estimate().verdict()));
            }
        }
        if (sizes(chosen) && chosen.estimate().timing() == null) {
            chosen = sized(chosen, renderer, inet, top, described, p, mhz, err);
        }
        Folding folding = chosen.accelerator().folding();
        double simulated = chosen.estimate().timing() == null ? chosen.accelerator().cyclesPerImage()
                : chosen.estimate().timing().intervalCycles();
        printPlan(o, chosen, simulated);
        printFrontier(o, intervals, plan, chosen);
        write(folding);
        o.printf("wrote %s: use it with generate --folding %s --part %s%n", out, out, p.name());
        return 0;
    }

    /** Whether the plan's bypass FIFOs are to be sized by simulation. */
    private boolean sizes(Point x) {
        return !noSizeFifos && !AcceleratorSimulator.bypassLayers(x.accelerator()).isEmpty();
    }

    /** The plan with its bypass FIFOs sized by simulation, and the simulated interval in its estimate's timing. */
    private static Point sized(Point x, VerilogRenderer renderer, IntegerNetwork inet, String top, Map<String, String> described,
                               Part p, double mhz, PrintWriter err) {
        Accelerator a = x.accelerator();
        err.printf("fold: sizing %d bypass FIFOs by simulation%n", AcceleratorSimulator.bypassLayers(a).size());
        err.flush();
        FifoSizing.Result s = FifoSizing.size(a, m -> {
            err.println("fold: " + m);
            err.flush();
        });
        Accelerator b = AcceleratorBuilder.build(renderer, inet, a.folding().withFifos(s.depths()), top, described);
        return new Point(x.interval(), b, Estimate.of(b, p, mhz, new Estimate.Timing(0, s.interval()), List.of()));
    }

    /**
     * The plan of the shortest interval whose every resource stays within {@code budget} of the part (a binary search: a
     * longer interval never needs more of anything), or null when even the slowest does not.
     */
    static Point fastestWithin(List<Long> intervals, java.util.function.LongFunction<Point> plan, double budget) {
        int lo = 0;
        int hi = intervals.size() - 1;
        Point chosen = plan.apply(intervals.get(hi));
        if (chosen.scarcest() > budget) {
            return null;
        }
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            Point m = plan.apply(intervals.get(mid));
            if (m.scarcest() <= budget) {
                hi = mid;
                chosen = m;
            } else {
                lo = mid + 1;
            }
        }
        return chosen;
    }

    private void printPlan(PrintWriter o, Point x, double simulated) {
        Estimate e = x.estimate();
        o.printf("plan: %,d cycles per image (interval %,d allowed), %.1f frames/s at %.1f MHz; simulated interval %.1f cycles%n",
                x.accelerator().cyclesPerImage(), x.interval(), e.clockMhz() * 1e6 / simulated, e.clockMhz(), simulated);
        o.println("layer                    folding                      cycles/img      LUT       FF   BRAM    DSP");
        Map<String, Resources> layers = e.layers();
        Map<String, Long> cycles = e.layerCycles();
        Folding f = x.accelerator().folding();
        String bottleneck = e.bottleneck().layer();
        for (Map.Entry<String, Resources> l : layers.entrySet()) {
            Folding.Layer fl = f.of(l.getKey());
            String fold = fl == null ? "" : fl.describe();
            Resources r = l.getValue();
            o.printf(Locale.ROOT, "%-24s %-28s %10s %8d %8d %6d %6d%s%n", l.getKey(), fold,
                    cycles.containsKey(l.getKey()) ? String.format("%,d", cycles.get(l.getKey())) : "", r.lut() + r.lutram(), r.ff(),
                    r.bram(), r.dsp(), l.getKey().equals(bottleneck) ? "  (bottleneck)" : "");
        }
        o.printf(Locale.ROOT, "on %s: LUT %.0f %%, FF %.0f %%, BRAM %.0f %%, DSP %.0f %%; %s%n", e.part().name(),
                100 * e.utilisation("lut"), 100 * e.utilisation("ff"), 100 * e.utilisation("bram"), 100 * e.utilisation("dsp"),
                e.verdict());
    }

    /** About a dozen points of the frontier, spread over the intervals, with the chosen one. */
    private static void printFrontier(PrintWriter o, List<Long> intervals, java.util.function.LongFunction<Point> plan, Point chosen) {
        List<Long> picks = new ArrayList<>();
        int n = intervals.size();
        int step = Math.max(1, n / 12);
        for (int i = 0; i < n; i += step) {
            picks.add(intervals.get(i));
        }
        if (!picks.contains(intervals.get(n - 1))) {
            picks.add(intervals.get(n - 1));
        }
        if (!picks.contains(chosen.interval())) {
            picks.add(chosen.interval());
            picks.sort(null);
        }
        o.println("frontier (interval, frames/s, the scarcest resource's share of the part):");
        for (long t : picks) {
            Point x = t == chosen.interval() ? chosen : plan.apply(t);
            o.printf(Locale.ROOT, "  %10s cycles  %12.1f frames/s  %-6s %6.1f %%%s%n", String.format("%,d", t),
                    x.estimate().clockMhz() * 1e6 / x.accelerator().cyclesPerImage(), x.scarcestName(), 100 * x.scarcest(),
                    t == chosen.interval() ? "  <- chosen" : "");
        }
    }

    private void write(Folding folding) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, folding.toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
