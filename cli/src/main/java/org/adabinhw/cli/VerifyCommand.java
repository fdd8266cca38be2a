package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;



import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.VerificationBuild;


import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;


import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.testbench.AcceleratorVerification;
import org.adabinhw.testbench.CoSimulation;
import org.adabinhw.testbench.VerilatorBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code verify}: runs a generated accelerator in an RTL simulator and checks every output beat against the golden model. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Run a generated accelerator in Verilator or Icarus on images, under random back-pressure, and check "
                + "every output beat (logit and tlast) against the integer golden model. Exits 0 only when every beat matches.")
final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "A directory written by generate.")
    Path dir;

    @Mixin
    ImageOptions imageOptions = new ImageOptions();

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the stall pattern and of the registers' random initial values (default 1).")
    long seed;

    @Option(names = "--stall-rate", defaultValue = "0.3", paramLabel = "P",
            description = "Probability per cycle that the input withholds a beat and that the output withholds tready (default 0.3).")
    double stallRate;

    @Option(names = "--simulator", defaultValue = "verilator", paramLabel = "verilator|icarus", description = "RTL simulator (default verilator).")
    String simulator;


    @Option(names = "--work", paramLabel = "DIR", description = "Where the run directory goes (default: a new folder of this run in the system's temporary directory, named in the output).")
    Path work;

    @Option(names = "--cross-check", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run the Java cycle simulator under the same stall pattern and require it to agree with the RTL on "
                    + "the value and the cycle of every beat (default: on; --no-cross-check skips it).")
    boolean crossCheck;

    @Option(names = "--internal-stalls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "With a stall rate above 0, also stall every stream between two blocks: a verification build with a "
                    + "seeded stall gate on each (rtl/axis_stall_gate.v, not in the generated RTL), mirrored in the Java "
                    + "simulator (default: on; --no-internal-stalls stalls the ports only).")
    boolean internalStalls;

    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Option(names = "--json", description = "Print the result as one JSON document on standard output (keys in the README, "
            + "section \"Machine-readable output\"); the text goes to standard error.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = json ? err : spec.commandLine().getOut();
        CoSimulation.Simulator sim = switch (simulator.toLowerCase(Locale.ROOT)) {
            case "verilator" -> CoSimulation.Simulator.VERILATOR;
            case "icarus" -> CoSimulation.Simulator.ICARUS;
            default -> throw new Main.UserException("--simulator must be verilator or icarus, got '" + simulator + "'");
        };
        ImageOptions.checkStallRate(stallRate);
        if (!Files.isDirectory(dir)) {
            throw new Main.UserException(dir + ": no such directory (the output of generate)");
        }
        AcceleratorVerification.Generated g;
        try {
            g = AcceleratorVerification.load(dir);
        } catch (GeneratorException e) {
            throw new Main.UserException(e.getMessage());
        }
        Plans.Rebuilt plan = Plans.rebuild(g, source);
        Plans.checkAgainstPlan(dir, plan, source.given());
        IntegerNetwork inet = plan.network();
        if (crossCheck && !plan.differing().isEmpty()) {
            err.printf("note: %d files of %s differ from what its plan generates (first: %s); the simulator models the plan%n",
                    plan.differing().size(), dir, plan.differing().get(0));
        }
        List<int[]> images = imageOptions.read(inet.input().shape());
        IntegerEngine engine = new IntegerEngine(inet);
        int[][] logits = Progress.map("golden model (integer engine)", images, engine::logits, new int[images.size()][], err);
        VerilogRenderer renderer = new VerilogRenderer();
        // A folder of this run (named in the output) unless --work says where: never one shared by runs.
        CoSimulation cosim = cosimulation(work != null ? work : Files.createTempDirectory("adabin-hw-verify-" + g.design().top() + "-"),
                renderer, Progress.lines(err));
        err.printf("verify: %s, %d images, %s, stall rate %.2f on both sides, seed %d%n", g.design().top(), images.size(),
                sim.name().toLowerCase(Locale.ROOT), stallRate, seed);
        AcceleratorSimulator model = crossCheck ? new AcceleratorSimulator(plan.accelerator()) : null;
        int gateRate = internalStalls ? VerificationBuild.rate(stallRate) : 0;
        AcceleratorVerification.Gated build = g.gated(plan.accelerator(), model, renderer, seed, gateRate);
        if (build.instrumented()) {
            err.printf("verify: taps on the %d streams that carry a layer's output%s%n", VerificationBuild.taps(plan.accelerator()).size(),
                    gateRate == 0 ? "" : String.format(Locale.ROOT, "; stall gates on %d internal streams (%d of 256 cycles each)",
                            VerificationBuild.gatedWires(plan.accelerator()).size(), gateRate));
        } else {
            err.printf("note: %s's top module differs from what its plan generates: it runs as it is, without the internal stall "
                    + "gates and the per-layer taps%n", dir);
        }
        AcceleratorVerification.Result r = AcceleratorVerification.run(build, images, logits, seed, stallRate, sim, cosim, renderer);
        printTimes(r, g, out);
        String rtlName = sim.name().toLowerCase(Locale.ROOT);
        long beats = (long) images.size() * g.classes();
        List<String> golden = new java.util.ArrayList<>(r.mismatches());
        if (golden.isEmpty() && !r.report().passed() && (r.crossCheck() == null || r.crossCheck().isEmpty())) {
            golden.addAll(r.report().mismatches());
        }
        boolean ok = true;
        if (golden.isEmpty()) {
            out.printf("PASS: all %d beats (%d images x %d classes) equal the golden model%n", beats, images.size(), g.classes());
        } else {
            ok = false;
            golden.stream().limit(20).forEach(m -> out.println("MISMATCH " + m));
            if (golden.size() > 20) {
                out.println("... and " + (golden.size() - 20) + " more");
            }
            out.println("FAIL: " + golden.size() + " mismatches against the golden model");
        }
        int taps = build.instrumented() ? VerificationBuild.taps(plan.accelerator()).size() : 0;
        if (!build.instrumented()) {
            out.println("no per-layer check: the top module was edited");
        } else if (r.layerMismatches().isEmpty()) {
            out.printf("PASS: every beat of the %d streams that carry a layer's output equals the golden model's tensor%n", taps);
        } else {
            ok = false;
            r.layerMismatches().forEach(m -> out.println("LAYER " + m));
            out.println("FAIL: " + r.layerMismatches().size() + " of " + taps + " layer outputs differ from the golden model "
                    + "(the first difference of each; the first in data-flow order is where the fault is)");
        }
        if (r.crossCheck() != null) {
            if (r.crossCheck().isEmpty()) {
                out.printf("PASS: the Java simulator agrees with %s on the value and the cycle of all %d output beats and "
                        + "the cycle of all %d accepted pixels%n", rtlName, beats, (long) images.size() * g.pixels());
            } else {
                ok = false;
                r.crossCheck().stream().limit(20).forEach(m -> out.println("CYCLE " + m));
                if (r.crossCheck().size() > 20) {
                    out.println("... and " + (r.crossCheck().size() - 20) + " more");
                }
                out.println("FAIL: " + r.crossCheck().size() + " differences between the Java simulator and " + rtlName);
            }
        }
        if (!ok) {
            out.println("waveform: " + (r.report().vcd() == null ? "none" : r.report().vcd()));
        }
        if (json) {
            var doc = JsonDocument.of("verify");
            doc.put("top", g.design().top());
            doc.put("simulator", rtlName);
            JsonDocument.run(doc, images.size(), g.classes(), stallRate, seed, g.cyclesPerImage(), r.meanInterval(), r.latency(),
                    r.interval());
            doc.put("beats", beats);
            doc.put("passed", ok);
            doc.set("mismatches", JsonDocument.strings(golden));
            doc.put("layer_streams", taps);
            doc.set("layer_mismatches", JsonDocument.strings(r.layerMismatches()));
            if (r.crossCheck() == null) {
                doc.putNull("cross_check");
            } else {
                var cc = doc.putObject("cross_check");
                cc.put("passed", r.crossCheck().isEmpty());
                cc.set("differences", JsonDocument.strings(r.crossCheck()));
            }
            doc.put("run_dir", String.valueOf(r.report().runDir()));
            doc.put("waveform", r.report().vcd() == null ? null : r.report().vcd().toString());
            JsonDocument.print(spec.commandLine().getOut(), doc);
        }
        return ok ? 0 : 1;
    }

    /** The co-simulation driver of the command line: Verilator builds cached under {@code ~/.cache/adabin-hw}. */
    static CoSimulation cosimulation(Path workDir, VerilogRenderer renderer, java.util.function.Consumer<String> progress) {
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "adabin-hw", "verilator");
        VerilatorBuilder builder = new VerilatorBuilder(cache, renderer, Runtime.getRuntime().availableProcessors(),
                VerilatorBuilder.Optimisation.BUILD_FAST).withProgress(progress, Progress.interactive());
        return new CoSimulation(workDir, builder, renderer, false);
    }

    /** Per image the latency and the interval, then the mean and the run's summary. */
    static void printTimes(AcceleratorVerification.Result r, AcceleratorVerification.Generated g, PrintWriter out) {
        out.println("image  latency  interval  (cycles)");
        for (int i = 0; i < r.latency().length; i++) {
            out.printf("%5d  %7d  %8s%n", i, r.latency()[i], i == 0 ? "-" : Long.toString(r.interval()[i - 1]));
        }
        out.printf(Locale.ROOT, "mean interval %.1f cycles per image; %d cycles per image expected without stalls%n",
                r.meanInterval(), g.cyclesPerImage());
        out.printf(Locale.ROOT, "%s; run directory %s%n", r.report().summary(), r.report().runDir());
    }
}
