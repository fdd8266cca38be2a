package org.adabinhw.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.adabinhw.golden.ir.ActivationBinarizer;
import org.adabinhw.golden.ir.BinaryWeights;
import org.adabinhw.golden.ir.Costs;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code inspect}: the layer table of a network. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print the layer table: shapes, binarizer parameters, BOPs, FLOPs and weight memory per layer.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    NetworkOptions source = new NetworkOptions();

    @picocli.CommandLine.Option(names = "--export", paramLabel = "NET.json",
            description = "Also write the network in the generic format: NET.json and NET.safetensors beside it (e.g. an official "
                    + "checkpoint, to edit it or to give it to --network).")
    java.nio.file.Path export;

    @picocli.CommandLine.Option(names = "--json",
            description = "Print the table as one JSON document instead (keys in the README, section \"Running a network\").")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        NetworkOptions.requireOutputFile(export, "--export");
        if (export != null && !export.getFileName().toString().endsWith(".json")) {
            throw new Main.UserException("--export " + export + ": the network file must end in .json");
        }
        Network net = source.load();
        if (json) {
            out.println(jsonDocument(net).toPrettyString());
            exportIfAsked(net, null);
            return 0;
        }
        out.printf(Locale.ROOT, "network %s: input %s, %d classes%n", net.name(), net.input().shape(), net.classes());
        out.printf(Locale.ROOT, "%-26s %-14s %-12s %14s %14s %12s  %s%n", "layer", "type", "output", "BOPs", "FLOPs",
                "weight bits", "parameters");
        for (Node n : net.nodes()) {
            Costs c = Costs.of(net, n);
            out.printf(Locale.ROOT, "%-26s %-14s %-12s %14d %14d %12d  %s%n", n.name(), n.op().type(),
                    net.shape(n.name()), c.bops(), c.flops(), c.weightBits(), describe(n));
        }
        Costs t = Costs.total(net);
        out.printf(Locale.ROOT, "total: %.4g BOPs, %.4g FLOPs, %.4g OPs (BOPs/64 + FLOPs), weight memory %.1f KiB%n",
                (double) t.bops(), (double) t.flops(), t.ops(), t.weightBits() / 8192.0);
        exportIfAsked(net, out);
        return 0;
    }

    /** With --export, writes the network in the generic format; says so on {@code out} (on standard error with --json). */
    private void exportIfAsked(Network net, PrintWriter out) throws java.io.IOException {
        if (export != null) {
            String base = export.getFileName().toString().replaceFirst("\\.json$", "");
            java.nio.file.Path weights = export.resolveSibling(base + ".safetensors");
            org.adabinhw.golden.format.NetworkFormat.write(net, export, weights);
            (out != null ? out : spec.commandLine().getErr()).printf("wrote %s and %s%n", export, weights);
        }
    }

    /** The figures of the table as one JSON document ({@code "format": "adabin-hw-inspect"}). */
    static com.fasterxml.jackson.databind.node.ObjectNode jsonDocument(Network net) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var doc = mapper.createObjectNode();
        doc.put("format", "adabin-hw-inspect");
        doc.put("version", 1);
        doc.put("network", net.name());
        doc.set("input", shape(mapper, net.input().shape()));
        doc.put("classes", net.classes());
        var layers = doc.putArray("layers");
        for (Node n : net.nodes()) {
            Costs c = Costs.of(net, n);
            var l = layers.addObject();
            l.put("name", n.name());
            l.put("type", n.op().type());
            l.set("output", shape(mapper, net.shape(n.name())));
            var in = l.putArray("inputs");
            n.inputs().forEach(in::add);
            l.put("bops", c.bops());
            l.put("flops", c.flops());
            l.put("weight_bits", c.weightBits());
            l.put("parameters", describe(n));
        }
        Costs t = Costs.total(net);
        var total = doc.putObject("total");
        total.put("bops", t.bops());
        total.put("flops", t.flops());
        total.put("ops", t.ops());
        total.put("weight_bits", t.weightBits());
        return doc;
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode shape(com.fasterxml.jackson.databind.ObjectMapper m,
                                                                        org.adabinhw.golden.ir.Shape s) {
        var o = m.createObjectNode();
        o.put("channels", s.channels());
        o.put("height", s.height());
        o.put("width", s.width());
        return o;
    }

    private static String describe(Node n) {
        String in = "in: " + String.join(", ", n.inputs());
        return switch (n.op()) {
            case Op.BinaryConv2d b -> {
                BinaryWeights bw = b.binarizedWeights();
                ActivationBinarizer a = b.activations();
                String act = switch (a) {
                    case ActivationBinarizer.AdaBin ab -> String.format(Locale.ROOT, "alpha_a=%.4g beta_a=%.4g", ab.alpha(), ab.beta());
                    default -> a.kind();
                };
                double maxRatio = 0;
                for (int o = 0; o < bw.outChannels(); o++) {
                    maxRatio = Math.max(maxRatio, Math.abs(bw.beta()[o] / bw.alpha()[o]));
                }
                yield String.format(Locale.ROOT, "%dx%d s%d p%d, weights %s (max |beta_w/alpha_w| %.3g), activations %s %s; %s",
                        b.kernelH(), b.kernelW(), b.stride(), b.padding(), b.weights().kind(), maxRatio, a.kind(), act, in);
            }
            case Op.Conv2d c -> String.format(Locale.ROOT, "%dx%d s%d p%d%s; %s", c.kernelH(), c.kernelW(), c.stride(),
                    c.padding(), c.bias() == null ? "" : " bias", in);
            case Op.MaxPool2d p -> String.format(Locale.ROOT, "k%d s%d p%d%s; %s", p.kernel(), p.stride(), p.padding(),
                    p.ceilMode() ? " ceil" : "", in);
            case Op.AvgPool2d p -> String.format(Locale.ROOT, "k%d s%d p%d%s%s; %s", p.kernel(), p.stride(), p.padding(),
                    p.ceilMode() ? " ceil" : "", p.countIncludePad() ? "" : " exclude-pad", in);
            case Op.ShortcutA s -> String.format(Locale.ROOT, "stride %d, %d zero channels each side; %s", s.stride(),
                    s.padChannels(), in);
            default -> in;
        };
    }
}
