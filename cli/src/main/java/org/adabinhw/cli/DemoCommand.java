package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.QuantisationReport;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code demo}: the main job on the embedded MNIST example. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the embedded MNIST AdaBin example on its 2,000 held-out digits in both engines and report accuracy.")
final class DemoCommand implements Callable<Integer> {
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
        double[][] fl = Progress.map("float reference", images, fe::logits, new double[images.size()][], err);
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        IntegerEngine ie = new IntegerEngine(inet);
        int[][] il = Progress.map("integer golden model", images, ie::logits, new int[images.size()][], err);
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
        return 0;
    }
}
