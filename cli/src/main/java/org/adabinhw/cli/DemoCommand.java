package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.QuantisationReport;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;

import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.testbench.AcceleratorVerification;
import org.adabinhw.testbench.CoSimulation;
import org.adabinhw.testbench.EdaTool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: the main job on the embedded MNIST example. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the embedded MNIST AdaBin example on its 2,000 held-out digits in both engines and report accuracy, "
                + "then generate its accelerator's Verilog and run it in Verilator on the first digits under random back-pressure.")
final class DemoCommand implements Callable<Integer> {
    /** Digits the demo runs through the RTL. */
    static final int RTL_IMAGES = 8;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the accelerator goes (default: adabin-hw-demo in the system's temporary directory).")
    Path outDir;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = NetworkOptions.Example.dir();
        Network net = NetworkOptions.Example.network();
        List<int[]> images = Images.read(dir.resolve("heldout_u8.npy"), net.input().shape());
        NdArray labels = Npy.read(dir.resolve("heldout_labels.npy"));
        out.printf(Locale.ROOT, "example network %s: %d layers, %d binary convolutions; %d held-out digits%n",
                net.name(), net.nodes().size(), net.binaryConvs().size(), images.size());
        FloatEngine fe = new FloatEngine(net);
        double[][] fl = Progress.map("float reference (float engine)", images, fe::logits, new double[images.size()][], err);
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        IntegerEngine ie = new IntegerEngine(inet);
        int[][] il = Progress.map("integer golden model (golden engine)", images, ie::logits, new int[images.size()][], err);
        int fOk = 0;
        int iOk = 0;
        int same = 0;
        for (int i = 0; i < images.size(); i++) {
            int label = (int) labels.data()[i];
            int fa = QuantisationReport.argmax(fl[i]);
            double[] ir = java.util.Arrays.stream(il[i]).asDoubleStream().toArray();
            int ia = QuantisationReport.argmax(ir);
            fOk += fa == label ? 1 : 0;
            iOk += ia == label ? 1 : 0;
            same += fa == ia ? 1 : 0;
        }
        int n = images.size();
        out.printf(Locale.ROOT, "accuracy: float reference %.2f%% (%d/%d), integer golden model %.2f%% (%d/%d); "
                + "same prediction on %d/%d%n", 100.0 * fOk / n, fOk, n, 100.0 * iOk / n, iOk, n, same, n);
        out.print(QuantisationReport.measure(net, inet, images).format());
        return accelerator(inet, images.subList(0, RTL_IMAGES), java.util.Arrays.copyOf(il, RTL_IMAGES), out, err);
    }

    /** Generates the example's accelerator and verifies it in Verilator on a few digits. */
    private int accelerator(IntegerNetwork inet, List<int[]> images, int[][] golden, PrintWriter out, PrintWriter err) {
        Path base = outDir != null ? outDir : Path.of(System.getProperty("java.io.tmpdir"), "adabin-hw-demo");
        Path dir = base.resolve("accelerator");
        VerilogRenderer renderer = new VerilogRenderer();
        Accelerator a = AcceleratorBuilder.build(renderer, inet, Folding.DEFAULT, AcceleratorBuilder.topName(inet.name()),
                Map.of("kind", "example"));
        a.writeTo(dir);
        out.printf(Locale.ROOT, "accelerator: top %s, %d blocks, %d cycles per image at the default folding; Verilog in %s%n",
                a.top(), a.stages().size(), a.cyclesPerImage(), dir);
        if (!EdaTool.VERILATOR.available()) {
            out.println("RTL check skipped: " + EdaTool.VERILATOR.missingMessage());
            return 0;
        }
        AcceleratorVerification.Generated g = AcceleratorVerification.load(dir);
        err.printf("running the RTL in Verilator on %d digits, 30%% stalls on both sides and on every internal stream...%n",
                images.size());
        AcceleratorVerification.Gated build = g.gated(a, new AcceleratorSimulator(a), renderer, 1, VerificationBuild.rate(0.3));
        AcceleratorVerification.Result r = AcceleratorVerification.run(build, images, golden, 1, 0.3,
                CoSimulation.Simulator.VERILATOR, VerifyCommand.cosimulation(base.resolve("verify"), renderer, Progress.lines(err)), renderer);
        VerifyCommand.printTimes(r, g, out);
        if (!r.mismatches().isEmpty() || !r.report().passed() && r.crossCheck().isEmpty()) {
            r.mismatches().stream().limit(10).forEach(m -> out.println("MISMATCH " + m));
            out.println("FAIL: the RTL differs from the golden model");
            return 1;
        }
        out.printf(Locale.ROOT, "RTL = golden model: all %d logits of %d digits bit-exact in Verilator (30%% stalls on both sides)%n",
                images.size() * g.classes(), images.size());
        if (!r.crossCheck().isEmpty()) {
            r.crossCheck().stream().limit(10).forEach(m -> out.println("CYCLE " + m));
            out.println("FAIL: the Java cycle simulator differs from the RTL");
            return 1;
        }
        out.printf(Locale.ROOT, "Java simulator = RTL: the value and the cycle of all %d output beats agree%n",
                images.size() * g.classes());
        return 0;
    }
}
