package org.adabinhw.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.simulator.AcceleratorBeats;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.FifoSizing;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.AcceleratorVerification;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code simulate}: the Java cycle-level simulator of a generated accelerator (or of a network's default plan). */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a network's accelerator in the Java cycle-level simulator, which models the generated RTL cycle for "
                + "cycle: per image the latency and the interval, per block the busy, stalled and starved cycles, the peak "
                + "occupancy of every FIFO, the beat log in the format of the Verilator run, a deadlock report if the design "
                + "stops; --size-fifos sizes the residual bypass FIFOs and writes the plan. Exits 0 when every beat equals "
                + "the golden model, 1 on a mismatch or deadlock.")
final class SimulateCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "A directory written by generate (its plan is built again). Without it, the network given by "
                    + "--checkpoint or --network (or the embedded example) with the plan of --folding.")
    Path dir;

    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--folding", paramLabel = "PLAN.json", description = "Without DIR: the plan (folding and FIFO depths), as for generate.")
    Path folding;

    @Option(names = "--top", paramLabel = "NAME", description = "Without DIR: the top module name, as for generate.")
    String top;

    @Mixin
    ImageOptions imageOptions = new ImageOptions();

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the stall pattern (default 1; the same pattern as verify's).")
    long seed;

    @Option(names = "--stall-rate", defaultValue = "0", paramLabel = "P",
            description = "Probability per cycle that the input withholds a beat and that the output withholds tready (default 0).")
    double stallRate;

    @Option(names = "--deadlock-cycles", paramLabel = "N",
            description = "Cycles without any beat moving after which the run stops as deadlocked (default: 2 x cycles per image + 10000).")
    Long deadlockCycles;

    @Option(names = "--log", paramLabel = "DIR",
            description = "Where the beat log goes (default: a new folder of this run in the system's temporary directory, named in the output).")
    Path log;

    @Option(names = "--size-fifos", paramLabel = "PLAN.json",
            description = "First size every residual bypass FIFO by simulation (the smallest depth that keeps the throughput of "
                    + "unbounded FIFOs), write the plan with those depths to PLAN.json (use it with generate --folding), then "
                    + "simulate with them.")
    Path sizeFifos;

    @Option(names = "--internal-stalls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With a stall rate above 0, also stall every stream between two blocks, with the seeded stall gates of "
                    + "verify's build (default: on; --no-internal-stalls stalls the ports only).")
    boolean internalStalls;

    @Option(names = "--json", description = "Print the result as one JSON document on standard output (keys in the README, "
            + "section \"Machine-readable output\"); the text goes to standard error.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = json ? err : spec.commandLine().getOut();
        ImageOptions.checkStallRate(stallRate);
        NetworkOptions.requireOutputFile(sizeFifos, "--size-fifos");
        if (deadlockCycles != null && deadlockCycles < 1) {
            throw new Main.UserException("--deadlock-cycles must be at least 1, got " + deadlockCycles);
        }
        Plans.Rebuilt plan;
        if (dir != null) {
            if (folding != null || top != null) {
                throw new Main.UserException("--folding and --top go with a network, not with DIR (its plan is in "
                        + Accelerator.DESCRIPTION + ")");
            }
            AcceleratorVerification.Generated g = Plans.load(dir);
            plan = Plans.rebuild(g, source);
            if (!plan.differing().isEmpty()) {
                err.printf("note: %d files of %s differ from what its plan generates (first: %s); the simulator models the plan%n",
                        plan.differing().size(), dir, plan.differing().get(0));
            }
        } else {
            plan = Plans.build(source, quant, folding, top);
        }
        Accelerator a = plan.accelerator();
        List<int[]> images = imageOptions.read(plan.network().input().shape());
        AcceleratorSimulator sim = new AcceleratorSimulator(a);
        if (sizeFifos != null) {
            sim = size(a, err, out);
        }
        if (internalStalls && stallRate > 0) {
            sim = sim.withGating(new AcceleratorSimulator.Gating(seed, VerificationBuild.rate(stallRate)));
            err.printf("simulate: stall gates on %d internal streams (%d of 256 cycles each), as verify's build has them%n",
                    VerificationBuild.gatedWires(a).size(), VerificationBuild.rate(stallRate));
        }
        IntegerEngine engine = new IntegerEngine(plan.network());
        int[][] logits = Progress.map("golden model (integer engine)", images, engine::logits, new int[images.size()][], err);
        List<BigInteger> pixels = AcceleratorBeats.pixelBeats(images, plan.network().input().shape().channels());
        StallPattern pattern = AcceleratorBeats.stalls(seed, stallRate, images.size(), a.cyclesPerImage(), sim.pixelsPerImage());
        err.printf(Locale.ROOT, "simulate: %s, %d blocks, %d images, stall rate %.2f on both sides, seed %d%n", a.top(),
                a.stages().size(), images.size(), stallRate, seed);
        long start = System.nanoTime();
        long[] lastReport = {start};
        AcceleratorSimulator.Options options = deadlockCycles == null ? AcceleratorSimulator.Options.DEFAULT
                : AcceleratorSimulator.Options.DEFAULT.withDeadlockCycles(deadlockCycles);
        AcceleratorSimulator.Result r = sim.run(pixels, images.size(), pattern, options, cycle -> {
            long now = System.nanoTime();
            if (now - lastReport[0] > 2_000_000_000L) {
                lastReport[0] = now;
                err.printf(Locale.ROOT, "simulate: cycle %,d (%.1f s)%n", cycle, (now - start) / 1e9);
                err.flush();
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        Path logDir = log;
        if (logDir == null) {
            // A folder of this run's own, named in the output: never a fixed path that runs share.
            logDir = Files.createTempDirectory("adabin-hw-simulate-" + a.top() + "-");
        } else {
            GeneratedFiles.deleteRecursively(logDir);
        }
        r.trace().write(logDir, Map.of(AcceleratorBeats.OUTPUT,
                Lanes.byteAligned(sim.logitWidth() + 1)));
        Files.writeString(logDir.resolve("stall.memb"), pattern.toText(), StandardCharsets.UTF_8);

        printTimes(r, a, out);
        out.printf(Locale.ROOT, "run length %d cycles (first pixel accepted to last logit accepted); %,d cycles simulated in "
                + "%.2f s (%,.0f cycles/s)%n", r.trace().length(), r.trace().cycles(), seconds, r.trace().cycles() / seconds);
        out.printf(Locale.ROOT, "%.1f of %d blocks evaluated per cycle on average (the others idle)%n",
                (double) r.evaluated() / Math.max(1, r.trace().cycles()), a.stages().size());
        printStages(r, out);
        printFifos(r, out);
        out.println("beat log: " + logDir + " (accepts_.log, beats_logits.log, summary.txt, stall.memb)");
        List<String> mismatches = List.of();
        if (r.deadlock() != null) {
            out.print(r.deadlock().report());
        } else {
            mismatches = compare(r, logits, sim.logitWidth(), sim.classes());
            if (mismatches.isEmpty()) {
                out.printf("PASS: all %d beats (%d images x %d classes) equal the golden model%n",
                        (long) images.size() * sim.classes(), images.size(), sim.classes());
            } else {
                mismatches.stream().limit(20).forEach(m -> out.println("MISMATCH " + m));
                out.println("FAIL: " + mismatches.size() + " mismatches");
            }
        }
        boolean passed = r.deadlock() == null && mismatches.isEmpty();
        if (json) {
            var doc = JsonDocument.of("simulate");
            doc.put("top", a.top());
            JsonDocument.run(doc, images.size(), sim.classes(), stallRate, seed, a.cyclesPerImage(), r.times().meanInterval(),
                    r.times().latency(), r.times().interval());
            doc.put("run_length", r.trace().length());
            doc.put("cycles_simulated", r.trace().cycles());
            doc.put("seconds", seconds);
            var blocks = doc.putArray("blocks");
            for (AcceleratorSimulator.StageStats st : r.stages()) {
                var b = blocks.addObject();
                b.put("instance", st.instance());
                b.put("layer", st.layer());
                b.put("kind", st.block());
                b.put("busy", st.busy());
                b.put("stalled", st.stalled());
                b.put("starved", st.starved());
            }
            var fifos = doc.putArray("fifos");
            for (AcceleratorSimulator.FifoStats f : r.fifos()) {
                var o = fifos.addObject();
                o.put("instance", f.instance());
                o.put("layer", f.layer());
                o.put("depth", f.depth());
                o.put("peak", f.peak());
            }
            doc.put("beat_log", logDir.toString());
            doc.put("deadlock", r.deadlock() == null ? null : r.deadlock().report());
            doc.put("passed", passed);
            doc.set("mismatches", JsonDocument.strings(mismatches));
            JsonDocument.print(spec.commandLine().getOut(), doc);
        }
        return passed ? 0 : 1;
    }

    private AcceleratorSimulator size(Accelerator a, PrintWriter err, PrintWriter out) throws IOException {
        err.printf("size-fifos: %d bypass FIFOs of %s; a binary search per FIFO over stall-free runs of %d images%n",
                AcceleratorSimulator.bypassLayers(a).size(), a.top(),
                FifoSizing.IMAGES);
        long start = System.nanoTime();
        FifoSizing.Result s = FifoSizing.size(a, m -> {
            err.println("size-fifos: " + m);
            err.flush();
        });
        out.printf("FIFO sizing (%d runs, %.1f s): interval %.1f cycles per image with unbounded FIFOs, %.1f with the sizes "
                        + "found; ideal %d%n", s.runs(), (System.nanoTime() - start) / 1e9, s.referenceInterval(), s.interval(),
                s.ideal());
        out.printf("%-28s %-16s %9s %14s %6s%n", "FIFO", "layer", "generated", "peak unbounded", "sized");
        for (FifoSizing.Entry e : s.entries()) {
            out.printf("%-28s %-16s %9d %14d %6d%n", e.instance(), e.layer(), e.generated(), e.peak(), e.depth());
        }
        String json = a.folding().withFifos(s.depths()).toJson();
        Path parent = sizeFifos.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempFile(parent, ".plan", ".json");
        Files.writeString(tmp, json, StandardCharsets.UTF_8);
        Files.move(tmp, sizeFifos, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        out.println("wrote the plan to " + sizeFifos + " (generate --folding " + sizeFifos + " uses these depths)");
        return new AcceleratorSimulator(a, s.depths());
    }

    /** Every output beat against the golden model's {@code {tlast, logit}}. */
    static List<String> compare(AcceleratorSimulator.Result r, int[][] logits, int logitWidth, int classes) {
        return AcceleratorBeats.compare(AcceleratorBeats.logitBeats(logits, logitWidth),
                r.trace().beats().get(AcceleratorBeats.OUTPUT), classes, logitWidth,
                r.trace().timedOut() ? "timed out after " + r.trace().cycles() + " cycles" : "the run ended");
    }

    static void printTimes(AcceleratorSimulator.Result r, Accelerator a, PrintWriter out) {
        out.println("image  latency  interval  (cycles)");
        long[] lat = r.times().latency();
        for (int i = 0; i < lat.length; i++) {
            out.printf("%5d  %7d  %8s%n", i, lat[i], i == 0 ? "-" : Long.toString(r.times().interval()[i - 1]));
        }
        out.printf(Locale.ROOT, "mean interval %.1f cycles per image; %d cycles per image expected without stalls%n",
                r.times().meanInterval(), a.cyclesPerImage());
    }

    static void printStages(AcceleratorSimulator.Result r, PrintWriter out) {
        out.printf("per block, over the %d cycles from the first pixel accepted to the last logit:%n", r.window());
        out.printf("%-28s %-16s %-15s %10s %10s %10s %6s%n", "block", "layer", "kind", "busy", "stalled", "starved", "busy%");
        for (AcceleratorSimulator.StageStats s : r.stages()) {
            out.printf(Locale.ROOT, "%-28s %-16s %-15s %10d %10d %10d %5.1f%%%n", s.instance(), s.layer(), s.block(), s.busy(),
                    s.stalled(), s.starved(), r.window() == 0 ? 0.0 : 100.0 * s.busy() / r.window());
        }
    }

    static void printFifos(AcceleratorSimulator.Result r, PrintWriter out) {
        if (r.fifos().isEmpty()) {
            out.println("no bypass FIFOs");
            return;
        }
        out.printf("%-28s %-16s %8s %8s%n", "FIFO", "layer", "depth", "peak");
        for (AcceleratorSimulator.FifoStats f : r.fifos()) {
            out.printf("%-28s %-16s %8d %8d%n", f.instance(), f.layer(), f.depth(), f.peak());
        }
    }
}
