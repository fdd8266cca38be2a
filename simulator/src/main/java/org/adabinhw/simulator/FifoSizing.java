package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.blocks.AxisFifoConfig;

/**
 * Sizes the bypass FIFO of every residual add by simulation: the smallest depth of each that keeps the
 * throughput of the same accelerator with every bypass FIFO unbounded.
 * <ol>
 * <li>One stall-free run of {@value #IMAGES} images with every bypass FIFO unbounded gives the reference interval
 * and each FIFO's peak occupancy; at peak + 1 beats a FIFO never fills, so that run is exactly the unbounded
 * one.</li>
 * <li>Then, FIFO by FIFO in data-flow order, a binary search for the smallest depth whose run (with the depths
 * found so far) completes, without deadlock, at the reference interval. A smaller FIFO never speeds a run up,
 * so the search is sound.</li>
 * </ol>
 * The blocks' timing does not depend on the values they carry, so the runs use blank images.
 */
public final class FifoSizing {
    /** Images of every sizing run: the first fills the pipeline, the intervals of the others are compared. */
    public static final int IMAGES = 4;

    private FifoSizing() {
    }

    /**
     * One bypass FIFO.
     *
     * @param layer     its add layer (the key in the plan's {@code "fifos"})
     * @param instance  its instance name
     * @param generated its depth in the accelerator as generated
     * @param peak      its peak occupancy with the depth unbounded
     * @param depth     the smallest depth that keeps the reference interval
     */
    public record Entry(String layer, String instance, int generated, int peak, int depth) {
    }

    /**
     * The sizes found.
     *
     * @param entries           every bypass FIFO, in data-flow order
     * @param referenceInterval the mean interval with every FIFO unbounded
     * @param interval          the mean interval with the depths found (equal to the reference)
     * @param ideal             the cycles per image of the slowest block
     * @param runs              simulation runs made
     */
    public record Result(List<Entry> entries, double referenceInterval, double interval, long ideal, int runs) {
        /** Copies the list. */
        public Result {
            entries = List.copyOf(entries);
        }

        /** Add layer → the depth found, for the plan. */
        public Map<String, Integer> depths() {
            Map<String, Integer> m = new LinkedHashMap<>();
            entries.forEach(e -> m.put(e.layer(), e.depth()));
            return Collections.unmodifiableMap(m);
        }
    }

    /**
     * Sizes the bypass FIFOs of an accelerator.
     *
     * @param a        the accelerator
     * @param progress told of each step (may be null)
     */
    public static Result size(Accelerator a, Consumer<String> progress) {
        Consumer<String> say = progress == null ? s -> { } : progress;
        List<String> layers = AcceleratorSimulator.bypassLayers(a);
        AcceleratorSimulator probe = new AcceleratorSimulator(a);
        List<BigInteger> blank = Collections.nCopies(IMAGES * probe.pixelsPerImage(), BigInteger.ZERO);
        StallPattern none = StallPattern.none(1, 1);
        int[] runs = {0};
        AcceleratorSimulator.Result ref = unbounded(a, blank, none, runs);
        double reference = ref.times().meanInterval();
        say.accept(String.format(java.util.Locale.ROOT, "unbounded FIFOs: interval %.1f cycles per image", reference));
        Map<String, Integer> generated = new LinkedHashMap<>();
        for (Accelerator.Stage s : a.stages()) {
            if (s.config() instanceof AxisFifoConfig c) {
                generated.put(s.layer(), c.depth());
            }
        }
        Map<String, Integer> depths = new LinkedHashMap<>();
        Map<String, Integer> peaks = new LinkedHashMap<>();
        Map<String, String> instances = new LinkedHashMap<>();
        for (AcceleratorSimulator.FifoStats f : ref.fifos()) {
            depths.put(f.layer(), f.peak() + 1);
            peaks.put(f.layer(), f.peak());
            instances.put(f.layer(), f.instance());
        }
        for (String l : layers) {
            int lo = 1;
            int hi = depths.get(l);
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Map<String, Integer> trial = new LinkedHashMap<>(depths);
                trial.put(l, mid);
                AcceleratorSimulator.Result r = run(a, trial, blank, none, runs);
                if (r.completed() && r.times().meanInterval() <= reference) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            depths.put(l, hi);
            say.accept("FIFO of " + l + ": peak " + peaks.get(l) + " beats unbounded, depth " + hi + " keeps the interval");
        }
        AcceleratorSimulator.Result fin = run(a, depths, blank, none, runs);
        if (!fin.completed() || fin.times().meanInterval() > reference) {
            throw new IllegalStateException(a.top() + ": the FIFO depths found, " + depths + ", give interval "
                    + fin.times().meanInterval() + " instead of " + reference);
        }
        List<Entry> entries = new ArrayList<>();
        for (String l : layers) {
            entries.add(new Entry(l, instances.get(l), generated.get(l), peaks.get(l), depths.get(l)));
        }
        return new Result(entries, reference, fin.times().meanInterval(), a.cyclesPerImage(), runs[0]);
    }

    /**
     * A bypass FIFO whose planned depth deadlocks the accelerator or costs it throughput.
     *
     * @param layer    its add layer
     * @param planned  the depth the plan gives
     * @param needed   the smallest depth that keeps the interval of unbounded FIFOs (the other FIFOs as planned or
     *                 generated)
     * @param deadlock whether the accelerator as planned stops for good (else it only runs slower)
     */
    public record Problem(String layer, int planned, int needed, boolean deadlock) {
    }

    /**
     * Checks the bypass FIFO depths a plan fixes: a stall-free run of {@value #IMAGES} images with the depths as
     * generated against one with every FIFO unbounded. When the first deadlocks or runs slower, each planned FIFO in
     * data-flow order gets the smallest depth that restores the interval, and those that needed more are returned.
     *
     * @param a       the accelerator as generated
     * @param planned the add layers whose depth the plan gives
     * @return the planned FIFOs that are too shallow, empty when the plan is fine
     */
    public static List<Problem> checkPlanned(Accelerator a, java.util.Set<String> planned) {
        List<String> layers = AcceleratorSimulator.bypassLayers(a).stream().filter(planned::contains).toList();
        if (layers.isEmpty()) {
            return List.of();
        }
        AcceleratorSimulator probe = new AcceleratorSimulator(a);
        List<BigInteger> blank = Collections.nCopies(IMAGES * probe.pixelsPerImage(), BigInteger.ZERO);
        StallPattern none = StallPattern.none(1, 1);
        int[] runs = {0};
        AcceleratorSimulator.Result ref = unbounded(a, blank, none, runs);
        double reference = ref.times().meanInterval();
        Map<String, Integer> peaks = new LinkedHashMap<>();
        for (AcceleratorSimulator.FifoStats f : ref.fifos()) {
            peaks.put(f.layer(), f.peak());
        }
        Map<String, Integer> depths = new LinkedHashMap<>();
        for (Accelerator.Stage st : a.stages()) {
            if (st.config() instanceof AxisFifoConfig c && AcceleratorSimulator.bypassLayers(a).contains(st.layer())) {
                depths.put(st.layer(), c.depth());
            }
        }
        AcceleratorSimulator.Result asPlanned = run(a, depths, blank, none, runs);
        if (asPlanned.completed() && asPlanned.times().meanInterval() <= reference) {
            return List.of();
        }
        boolean deadlock = !asPlanned.completed();
        List<Problem> problems = new ArrayList<>();
        for (String l : layers) {
            int lo = depths.get(l);
            int hi = Math.max(lo, peaks.get(l) + 1);
            Map<String, Integer> top = new LinkedHashMap<>(depths);
            top.put(l, hi);
            AcceleratorSimulator.Result r = run(a, top, blank, none, runs);
            if (!r.completed() || r.times().meanInterval() > reference) {
                continue;   // another FIFO holds it back too; it is searched in its turn
            }
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                Map<String, Integer> trial = new LinkedHashMap<>(depths);
                trial.put(l, mid);
                AcceleratorSimulator.Result t = run(a, trial, blank, none, runs);
                if (t.completed() && t.times().meanInterval() <= reference) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            if (hi > depths.get(l)) {
                problems.add(new Problem(l, depths.get(l), hi, deadlock));
                depths.put(l, hi);
            }
        }
        if (problems.isEmpty()) {
            // No single FIFO restores the interval: report every planned one at its unbounded peak.
            for (String l : layers) {
                if (depths.get(l) <= peaks.get(l)) {
                    problems.add(new Problem(l, depths.get(l), peaks.get(l) + 1, deadlock));
                }
            }
        }
        return problems;
    }

    /** The run with every bypass FIFO unbounded, the reference of both the sizing and the check. */
    private static AcceleratorSimulator.Result unbounded(Accelerator a, List<BigInteger> blank, StallPattern none, int[] runs) {
        Map<String, Integer> depths = new LinkedHashMap<>();
        AcceleratorSimulator.bypassLayers(a).forEach(l -> depths.put(l, AxisFifoConfig.MAX_DEPTH));
        AcceleratorSimulator.Result ref = run(a, depths, blank, none, runs);
        if (!ref.completed()) {
            throw new IllegalStateException(a.top() + ": the run with every bypass FIFO unbounded does not complete"
                    + (ref.deadlock() == null ? "" : ":\n" + ref.deadlock().report()));
        }
        return ref;
    }

    private static AcceleratorSimulator.Result run(Accelerator a, Map<String, Integer> depths, List<BigInteger> blank,
                                                   StallPattern none, int[] runs) {
        runs[0]++;
        return new AcceleratorSimulator(a, depths).run(blank, IMAGES, none, AcceleratorSimulator.Options.DEFAULT.withDiagnose(false),
                null);
    }
}
