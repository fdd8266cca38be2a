package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.FifoSizing;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: the Verilog of a network's streaming accelerator. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate the Verilog of the streaming XNOR/BitCount accelerator of a network: DIR/rtl/ (Verilog), "
                + "DIR/mem/ (memory images), DIR/filelist.f (compile order, paths relative to DIR), DIR/accelerator.json.")
final class GenerateCommand implements Callable<Integer> {
    /** One row of the per-layer table: the layer's blocks, its folding and the cycles per image of its slowest block. */
    record LayerRow(String layer, List<String> blocks, String folding, long cyclesPerImage, boolean bottleneck) {
    }

    /** The per-layer table's rows, in stage order. */
    static List<LayerRow> layerRows(Accelerator a) {
        Map<String, List<Accelerator.Stage>> layers = new LinkedHashMap<>();
        for (Accelerator.Stage st : a.stages()) {
            layers.computeIfAbsent(st.layer(), k -> new java.util.ArrayList<>()).add(st);
        }
        List<LayerRow> rows = new java.util.ArrayList<>();
        for (Map.Entry<String, List<Accelerator.Stage>> e : layers.entrySet()) {
            long cycles = e.getValue().stream().mapToLong(Accelerator.Stage::cyclesPerImage).max().orElse(0);
            Folding.Layer f = a.folding().of(e.getKey());
            rows.add(new LayerRow(e.getKey(), e.getValue().stream().map(Accelerator.Stage::block).distinct().toList(),
                    f == null ? "" : f.describe(), cycles, cycles == a.cyclesPerImage()));
        }
        return rows;
    }

    /** The per-layer table: blocks, folding, cycles per image of the layer's slowest block, the bottleneck marked. */
    static void printLayers(PrintWriter o, Accelerator a) {
        o.println("layer                    blocks                                   folding                  cycles/img");
        for (LayerRow r : layerRows(a)) {
            String blocks = String.join(", ", r.blocks());
            o.printf(java.util.Locale.ROOT, "%-24s %-40s %-24s %10s%s%n", r.layer(), blocks.length() > 40 ? blocks.substring(0, 37) + "..." : blocks,
                    r.folding(), String.format(java.util.Locale.ROOT, "%,d", r.cyclesPerImage()), r.bottleneck() ? "  (bottleneck)" : "");
        }
        o.flush();
    }

    /** The {@code --json} document of a generated accelerator. */
    static com.fasterxml.jackson.databind.node.ObjectNode jsonDocument(Accelerator a, Path out) {
        var doc = JsonDocument.of("generate");
        doc.put("out", out.toString());
        doc.put("top", a.top());
        doc.put("blocks", a.stages().size());
        doc.put("files", a.files().paths().size());
        doc.put("cycles_per_image", a.cyclesPerImage());
        var layers = doc.putArray("layers");
        for (LayerRow r : layerRows(a)) {
            var l = layers.addObject();
            l.put("layer", r.layer());
            l.set("blocks", JsonDocument.strings(r.blocks()));
            l.put("folding", r.folding());
            l.put("cycles_per_image", r.cyclesPerImage());
            l.put("bottleneck", r.bottleneck());
        }
        return doc;
    }

    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--folding", paramLabel = "F.json",
            description = "The plan: per-layer parallelism and bypass FIFO depths, {\"layers\": {\"<layer>\": {\"simd\": N, \"pe\": N}}, "
                    + "\"fifos\": {\"<add layer>\": depth}}; layers left out get the default folding, which balances every layer "
                    + "against the slowest one, adds left out the default depth (see simulate --size-fifos).")
    Path folding;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (replaced when it holds earlier output).")
    Path out;

    @Option(names = "--top", paramLabel = "NAME", description = "Top module name (default: from the network's name).")
    String top;

    @Option(names = "--part", defaultValue = "xc7z020", paramLabel = "PART",
            description = "The FPGA part the RTL is for: its family decides which memories ask for block RAM (ram_style/rom_style); "
                    + "default ${DEFAULT-VALUE}. Known parts: see estimate --help.")
    String part;

    @Option(names = "--json", description = "Print the summary and the per-layer table as one JSON document on standard output "
            + "(keys in the README, section \"Machine-readable output\"); the text goes to standard error.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--size-fifos",
            description = "Size every residual bypass FIFO by simulation (the smallest depth that keeps the throughput of unbounded "
                    + "FIFOs) and generate with those depths; depths the --folding plan gives are kept as they are.")
    boolean sizeFifos;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Part p = EstimateCommand.part(part);
        Plans.Rebuilt plan = Plans.build(source, quant, folding, top, p.family());
        Accelerator a = plan.accelerator();
        if (sizeFifos) {
            Map<String, Integer> depths = new LinkedHashMap<>(a.folding().fifos());
            Folding given = folding == null ? Folding.DEFAULT : Folding.read(folding);
            List<String> free = AcceleratorSimulator.bypassLayers(a).stream().filter(l -> given.fifo(l) == null).toList();
            if (!free.isEmpty()) {
                err.printf("size-fifos: %d bypass FIFOs; a binary search per FIFO over stall-free runs of %d images%n", free.size(),
                        FifoSizing.IMAGES);
                FifoSizing.Result s = FifoSizing.size(a, m -> {
                    err.println("size-fifos: " + m);
                    err.flush();
                });
                for (FifoSizing.Entry e : s.entries()) {
                    if (free.contains(e.layer())) {
                        depths.put(e.layer(), e.depth());
                    }
                }
                a = AcceleratorBuilder.build(new VerilogRenderer(p.family()), plan.network(), a.folding().withFifos(depths), a.top(),
                        source.describe());
            }
        }
        Folding planned = folding == null ? Folding.DEFAULT : Folding.read(folding);
        if (!planned.fifos().isEmpty()) {
            err.printf("generate: checking the %d FIFO depth(s) the plan gives by simulation%n", planned.fifos().size());
            err.flush();
            List<FifoSizing.Problem> problems = FifoSizing.checkPlanned(a, planned.fifos().keySet());
            if (!problems.isEmpty()) {
                FifoSizing.Problem x = problems.get(0);
                throw new Main.UserException(folding + ": the FIFO of " + x.layer() + " has depth " + x.planned() + ", which "
                        + (x.deadlock() ? "deadlocks the accelerator" : "costs it throughput") + "; it needs " + x.needed()
                        + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more FIFO(s) are too shallow)" : "")
                        + "; or leave it to generate --size-fifos");
            }
        }
        a.writeTo(out);
        err.printf("wrote %s: top %s, %d blocks, %d files; %d cycles per image without stalls (slowest block)%n",
                out, a.top(), a.stages().size(), a.files().paths().size(), a.cyclesPerImage());
        printLayers(json ? err : spec.commandLine().getOut(), a);
        if (json) {
            JsonDocument.print(spec.commandLine().getOut(), jsonDocument(a, out));
        }
        return 0;
    }
}
