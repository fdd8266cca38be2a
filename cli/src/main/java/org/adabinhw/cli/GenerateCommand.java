package org.adabinhw.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.ir.Network;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: the Verilog of a network's streaming accelerator. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate the Verilog of the streaming XNOR/BitCount accelerator of a network: DIR/rtl/ (Verilog), "
                + "DIR/mem/ (memory images), DIR/filelist.f (compile order, paths relative to DIR), DIR/accelerator.json.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    NetworkOptions source = new NetworkOptions();

    @Mixin
    QuantOptions quant = new QuantOptions();

    @Option(names = "--folding", paramLabel = "F.json",
            description = "Per-layer parallelism, {\"layers\": {\"<layer>\": {\"simd\": N, \"pe\": N}}}; layers left out get the default, "
                    + "which balances every layer against the slowest one.")
    Path folding;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (replaced when it holds earlier output).")
    Path out;

    @Option(names = "--top", paramLabel = "NAME", description = "Top module name (default: from the network's name).")
    String top;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Folding f = Folding.DEFAULT;
        if (folding != null) {
            NetworkOptions.requireFile(folding);
            f = Folding.read(folding);
        }
        Network net = source.load();
        IntegerNetwork inet = IntegerCompiler.compile(net, quant.config());
        String name = top != null ? top : AcceleratorBuilder.topName(net.name());
        Accelerator a;
        try {
            a = AcceleratorBuilder.build(new VerilogRenderer(), inet, f, name, source.describe());
        } catch (GeneratorException e) {
            throw new Main.UserException((folding != null && e.getMessage().startsWith("folding") ? folding + ": " : "")
                    + e.getMessage());
        }
        a.writeTo(out);
        err.printf("wrote %s: top %s, %d blocks, %d files; %d cycles per image without stalls (slowest block)%n",
                out, a.top(), a.stages().size(), a.files().paths().size(), a.cyclesPerImage());
        return 0;
    }
}
