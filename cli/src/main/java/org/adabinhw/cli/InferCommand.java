package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantisationReport;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.golden.ir.Network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code infer}: logits of a batch of images in the float reference or the integer golden model. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Compute the logits of uint8 images with the float reference or the integer golden model.")
final class InferCommand implements Callable<Integer> {
    enum Engine { FLOAT, GOLDEN }

    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--input", required = true, paramLabel = "IMAGES.npy", description = "uint8 images (N, C, H, W).")
    Path input;

    @Option(names = "--engine", defaultValue = "golden", paramLabel = "float|golden",
            description = "float: the official float arithmetic; golden: the integer model the hardware implements (default).")
    String engine;

    @Option(names = "--out", required = true, paramLabel = "OUT.npy", description = "Logits (N, classes), float32.")
    Path out;

    @Option(names = "--raw", description = "With --engine golden: write the exact integer logits (int32, value · 2^-F with F = --frac-bits) the hardware emits.")
    boolean raw;

    @Option(names = "--json", description = "Also print the run's figures (accuracy, and with --report the engines' "
            + "agreement) as one JSON document on standard output (keys in the README, section \"Machine-readable output\").")
    boolean json;

    @Option(names = "--labels", paramLabel = "LABELS.npy",
            description = "Integer class labels (N) of the images: print the top-1 accuracy (default: <input minus _u8.npy>_labels.npy "
                    + "beside the input when it exists, as the example ships).")
    Path labels;

    @Option(names = "--report", description = "With --engine golden: also run the float reference and print what quantisation costs.")
    boolean report;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Engine e = switch (engine) {
            case "float" -> Engine.FLOAT;
            case "golden" -> Engine.GOLDEN;
            default -> throw new Main.UserException("--engine must be float or golden, got '" + engine + "'");
        };
        if (raw && e != Engine.GOLDEN) {
            throw new Main.UserException("--raw needs --engine golden (the float engine has no integer logits)");
        }
        if (report && e != Engine.GOLDEN) {
            throw new Main.UserException("--report needs --engine golden");
        }
        NetworkOptions.requireOutputFile(out, "--out");
        Network net = source.load();
        List<int[]> images = Images.read(input, net.input().shape());
        int classes = net.classes();
        int n = images.size();
        int[] truth = labels(n, classes);
        NdArray result;
        if (e == Engine.FLOAT) {
            FloatEngine fe = new FloatEngine(net);
            double[][] logits = Progress.map("infer (float engine)", images, fe::logits, new double[n][], err);
            result = new NdArray(new int[] {n, classes}, flatten(logits, classes), "float32");
        } else {
            IntegerNetwork inet = IntegerCompiler.compile(net, quant.config());
            IntegerEngine ie = new IntegerEngine(inet);
            int[][] logits = Progress.map("infer (golden engine)", images, ie::logits, new int[n][], err);
            double[] flat = new double[n * classes];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < classes; c++) {
                    flat[i * classes + c] = raw ? logits[i][c] : inet.toReal(logits[i][c]);
                }
            }
            result = new NdArray(new int[] {n, classes}, flat, raw ? "int32" : "float32");
            if (report) {
                quantisation = QuantisationReport.measure(net, inet, images);
                err.print(quantisation.format());
            }
        }
        if (truth != null) {
            int right = 0;
            for (int i = 0; i < n; i++) {
                if (argmax(result.data(), i, classes) == truth[i]) {
                    right++;
                }
            }
            err.printf(java.util.Locale.ROOT, "top-1 accuracy (%s engine): %d / %d = %.2f %% (labels %s)%n", engine, right, n,
                    100.0 * right / n, labelFile);
            correct = right;
            if (quantisation != null) {
                int[] c = quantisation.confusion(truth);
                err.printf("engines against the labels: both right %d, only float right %d, only golden right %d, both wrong %d%n",
                        c[0], c[1], c[2], c[3]);
                confusion = c;
            }
        }
        Npy.write(out, result);
        err.printf("wrote %s: %d images × %d %s logits (%s engine)%n", out, n, classes, result.dtype(), engine);
        if (json) {
            JsonDocument.print(spec.commandLine().getOut(), jsonDocument(net.name(), n, classes, result.dtype()));
        }
        return 0;
    }

    /** Images whose argmax equals their label, when there are labels. */
    private int correct = -1;
    /** With --report and labels: both right, only float right, only golden right, both wrong. */
    private int[] confusion;
    /** The --report measurement, when asked for. */
    private QuantisationReport quantisation;

    private com.fasterxml.jackson.databind.node.ObjectNode jsonDocument(String network, int n, int classes, String dtype) {
        var doc = JsonDocument.of("infer");
        doc.put("network", network);
        doc.put("engine", engine);
        doc.put("images", n);
        doc.put("classes", classes);
        doc.put("out", out.toString());
        doc.put("dtype", dtype);
        if (correct < 0) {
            doc.putNull("accuracy");
        } else {
            var acc = doc.putObject("accuracy");
            acc.put("labels", labelFile.toString());
            acc.put("correct", correct);
            acc.put("percent", 100.0 * correct / n);
        }
        if (quantisation == null) {
            doc.putNull("report");
        } else {
            var rep = doc.putObject("report");
            var layers = rep.putArray("layers");
            for (QuantisationReport.LayerBits l : quantisation.layers()) {
                var o = layers.addObject();
                o.put("layer", l.layer());
                o.put("bits", l.bits());
                o.put("differing", l.differing());
                o.put("agreement", l.agreement());
                o.put("float_zeros", l.floatZeros());
                if (Double.isNaN(l.seError())) {
                    o.putNull("se_error");
                } else {
                    o.put("se_error", l.seError());
                }
            }
            var sat = rep.putObject("saturation");
            quantisation.saturation().forEach((k, v) -> {
                var o = sat.putObject(k);
                o.put("saturated", v[0]);
                o.put("results", v[1]);
            });
            rep.put("argmax_agreement", quantisation.argmaxAgreement());
            rep.put("mean_abs_logit_error", quantisation.meanAbsLogitError());
            rep.put("max_abs_logit_error", quantisation.maxAbsLogitError());
            rep.put("logit_std", quantisation.logitStd());
            if (confusion == null) {
                rep.putNull("confusion");
            } else {
                var c = rep.putObject("confusion");
                c.put("both_right", confusion[0]);
                c.put("float_only", confusion[1]);
                c.put("golden_only", confusion[2]);
                c.put("both_wrong", confusion[3]);
            }
        }
        return doc;
    }

    private static int argmax(double[] flat, int row, int classes) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (flat[row * classes + c] > flat[row * classes + best]) {
                best = c;
            }
        }
        return best;
    }

    /** The labels of the images, or null: {@code --labels}, else {@code X_labels.npy} beside {@code X_u8.npy}. */
    private int[] labels(int n, int classes) throws java.io.IOException {
        labelFile = labels;
        if (labelFile == null) {
            String name = input.getFileName().toString();
            if (!name.endsWith("_u8.npy")) {
                return null;
            }
            Path sibling = input.resolveSibling(name.substring(0, name.length() - "_u8.npy".length()) + "_labels.npy");
            if (!java.nio.file.Files.isRegularFile(sibling)) {
                return null;
            }
            labelFile = sibling;
        }
        NetworkOptions.requireFile(labelFile);
        NdArray a = Npy.read(labelFile);
        if (a.shape().length != 1 || a.shape()[0] != n) {
            throw new Main.UserException(labelFile + ": labels have shape " + java.util.Arrays.toString(a.shape()) + "; the input has "
                    + n + " images, so (" + n + ")");
        }
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            double v = a.data()[i];
            if (v != Math.rint(v) || v < 0 || v >= classes) {
                throw new Main.UserException(labelFile + ": label " + i + " = " + v + " is not a class 0.." + (classes - 1));
            }
            t[i] = (int) v;
        }
        return t;
    }

    private Path labelFile;

    private static double[] flatten(double[][] rows, int classes) {
        double[] flat = new double[rows.length * classes];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * classes, classes);
        }
        return flat;
    }
}
