package org.adabinhw.cli;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.simulator.AcceleratorBeats;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.StallPattern;
import org.adabinhw.testbench.AcceleratorVerification;
import org.adabinhw.testbench.CoSimReport;
import org.adabinhw.testbench.CoSimulation;
import org.adabinhw.testbench.Scenario;
import org.adabinhw.testbench.VerilatorBuilder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench-simulator}: cycles per second of the Java simulator against Verilator on the same design and run. */
@Command(name = "bench-simulator", mixinStandardHelpOptions = true,
        description = "Benchmark the Java cycle simulator against Verilator (-O2) on the same accelerator, images and stall "
                + "pattern, runs interleaved side by side: Verilator's build time, each engine's simulated cycles per second "
                + "(wall clock of the whole run, process start and log files included for Verilator, the per-block statistics "
                + "included for the simulator), and their ratio. Both runs are checked to give the same beats.")
final class BenchSimulatorCommand implements Callable<Integer> {
    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--folding", paramLabel = "PLAN.json", description = "The plan, as for generate.")
    Path folding;

    @Mixin
    ImageOptions imageOptions = new ImageOptions();

    @Option(names = "--stall-rate", defaultValue = "0", paramLabel = "P", description = "Stall rate on both sides (default 0).")
    double stallRate;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "N", description = "Timed runs of each engine (default 3).")
    int repeats;

    @Option(names = "--work", paramLabel = "DIR", description = "Work directory (default: a new folder of this run in the system's temporary directory).")
    Path work;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (repeats < 1) {
            throw new Main.UserException("--repeats must be at least 1, got " + repeats);
        }
        ImageOptions.checkStallRate(stallRate);
        Plans.Rebuilt plan = Plans.build(source, quant, folding, null);
        Accelerator a = plan.accelerator();
        List<int[]> images = imageOptions.read(plan.network().input().shape());
        Path dir = (work != null ? work : java.nio.file.Files.createTempDirectory("adabin-hw-bench-")).toAbsolutePath();
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir.resolve("rtl"));
        AcceleratorVerification.Generated g = AcceleratorVerification.load(dir.resolve("rtl"));
        VerilogRenderer renderer = new VerilogRenderer();
        VerilatorBuilder builder = new VerilatorBuilder(dir.resolve("verilator-cache"), renderer,
                Runtime.getRuntime().availableProcessors(), VerilatorBuilder.Optimisation.RUN_FAST);
        CoSimulation cosim = new CoSimulation(dir.resolve("runs"), builder, renderer, false);

        IntegerEngine engine = new IntegerEngine(plan.network());
        int[][] logits = images.stream().map(engine::logits).toArray(int[][]::new);
        List<BigInteger> pixels = AcceleratorBeats.pixelBeats(images, g.channels());
        List<BigInteger> expected = AcceleratorBeats.logitBeats(logits, g.logitWidth());
        StallPattern pattern = AcceleratorBeats.stalls(7, stallRate, images.size(), a.cyclesPerImage(), g.pixels());
        Scenario scenario = new Scenario(a.top() + "_bench", AcceleratorVerification.shim(renderer, g),
                Map.of(AcceleratorBeats.INPUT, pixels), Map.of(AcceleratorVerification.LOGITS, expected), pattern, 7, null);
        AcceleratorSimulator sim = new AcceleratorSimulator(a);

        err.printf(Locale.ROOT, "bench-simulator: %s, %d blocks, %d images, stall rate %.2f; building the Verilator model (-O2)...%n",
                a.top(), a.stages().size(), images.size(), stallRate);
        err.flush();
        CoSimReport first = cosim.run(scenario, CoSimulation.Simulator.VERILATOR);
        first.assertPassed();
        double build = first.buildTime().toMillis() / 1000.0;
        AcceleratorSimulator.Result warm = sim.run(pixels, images.size(), pattern, AcceleratorSimulator.Options.DEFAULT, null);
        if (!warm.trace().beats().equals(first.rtl().beats()) || !warm.trace().accepts().equals(first.rtl().accepts())) {
            throw new IllegalStateException("the simulator and Verilator disagree on this run; run verify for the differences");
        }
        long cycles = first.rtl().cycles();
        out.printf(Locale.ROOT, "%s: %d blocks, %d images, %,d cycles per run, stall rate %.2f%n", a.top(), a.stages().size(),
                images.size(), cycles, stallRate);
        out.printf(Locale.ROOT, "Verilator build (-O2, %d jobs, fresh cache): %.1f s%n", Runtime.getRuntime().availableProcessors(),
                build);
        out.println("run  verilator cycles/s  simulator cycles/s  ratio");
        double[] ratios = new double[repeats];
        double[] vs = new double[repeats];
        double[] js = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            CoSimReport r = cosim.run(scenario, CoSimulation.Simulator.VERILATOR);
            double tv = (System.nanoTime() - t0) / 1e9;
            r.assertPassed();
            t0 = System.nanoTime();
            AcceleratorSimulator.Result j = sim.run(pixels, images.size(), pattern, AcceleratorSimulator.Options.DEFAULT, null);
            double tj = (System.nanoTime() - t0) / 1e9;
            vs[i] = r.rtl().cycles() / tv;
            js[i] = j.trace().cycles() / tj;
            ratios[i] = js[i] / vs[i];
            out.printf(Locale.ROOT, "%3d  %18.0f  %18.0f  %5.2f%n", i + 1, vs[i], js[i], ratios[i]);
            out.flush();
        }
        out.printf(Locale.ROOT, "median: Verilator %.0f cycles/s, simulator %.0f cycles/s, ratio %.2f (simulator / Verilator)%n",
                median(vs), median(js), median(ratios));
        return 0;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
