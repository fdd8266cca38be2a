package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code verify}'s verification build against bugs that survived it when it stalled only the ports and compared only
 * the logits. Each mutant is one edit of a generated MNIST accelerator: of a core (handshake and credit bugs inside the
 * pipeline, which the stall gate on every internal stream exposes) or of a memory image (one constant bit, which the
 * next binarisation absorbs before the logits, but not the per-layer check of the layer's tensor). {@code verify}
 * must fail on every one; for the memory images it must name the mutated layer first.
 * Two more of that kind, a {@code head_unit} credit and a {@code stream_dwc} credit one too many, change nothing in
 * this design (its head never fills its group FIFO, its width converters never hold a beat back): HeadUnitIT (a
 * one-channel configuration) and StreamDwcIT kill them.
 */
@Tag("rtl")
class VerifyMutantsIT {
    /**
     * One edit of the generated directory: {@code original} replaced by {@code replacement} in {@code file}, or, when
     * {@code original} is null, bit {@code replacement} of the first word of the memory image {@code file} flipped; {@code layer} is
     * the layer the per-layer check must name first (null: any failure counts).
     */
    record Mutant(String name, String file, String original, String replacement, String layer) {
        Mutant(String name, String file, String original, String replacement) {
            this(name, file, original, replacement, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Mutant> mutants() {
        return List.of(
                new Mutant("binary_mvu credit ignores the fold's groups", "rtl/binary_mvu.v",
                        "wire credit = queued + pending + groups <= depth;", "wire credit = queued + pending < depth;"),
                new Mutant("axis_fifo pops without tready", "rtl/axis_fifo.v",
                        "wire pop      = out_valid && m_axis_out_tready;", "wire pop      = out_valid && (m_axis_out_tready || out_valid);"),
                new Mutant("stream_fork ready when any output has room", "rtl/stream_fork.v",
                        "in_ready <= &room_next;", "in_ready <= |room_next;"),
                new Mutant("piecewise_unit credit one too many", "rtl/piecewise_unit.v",
                        "in_ready <= held_next < OUT_DEPTH[CREDIT_WIDTH-1:0];", "in_ready <= held_next <= OUT_DEPTH[CREDIT_WIDTH-1:0];"),
                new Mutant("axis_fifo bypasses a non-empty memory", "rtl/axis_fifo.v",
                        "wire bypass   = push && load_out && mem_empty;", "wire bypass   = push && load_out;"),
                new Mutant("conv2 bias, bit 30", "mem/mnist_mutant_conv2_mvu_bias.memh", null, "30", "conv2"),
                new Mutant("act1 Maxout slope, bit 0", "mem/mnist_mutant_act1_pwl_pos.memh", null, "0", "act1"),
                new Mutant("conv3 x-multiplier, bit 0", "mem/mnist_mutant_conv3_mvu_mx.memh", null, "0", "conv3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mutants")
    void internalStallsCatchTheMutant(Mutant m) throws IOException {
        assumeTrue(EdaTool.VERILATOR.available(), EdaTool.VERILATOR.missingMessage());
        IntegerNetwork inet = IntegerCompiler.compile(NetworkFormat.read(AcceleratorIT.example().resolve("network.json")),
                QuantConfig.DEFAULT);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, Folding.DEFAULT, "mnist_mutant", Map.of("kind", "test"));
        Path dir = TARGET.resolve("mutants").resolve(m.name().replaceAll("[^a-z0-9]+", "_"));
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        Path file = dir.resolve(m.file());
        String text = Files.readString(file);
        if (m.original() == null) {
            List<String> lines = MutationCampaignIT.flip(text.lines().toList(), 0, Integer.parseInt(m.replacement()));
            Files.writeString(file, String.join("\n", lines) + "\n");
        } else {
            assertTrue(text.contains(m.original()), m.file() + " no longer holds " + m.original() + ": update the mutant");
            Files.writeString(file, text.replace(m.original(), m.replacement()));
        }

        List<int[]> images = AcceleratorIT.images(AcceleratorIT.example().resolve("heldout_u8.npy"), 3);
        IntegerEngine e = new IntegerEngine(inet);
        int[][] golden = images.stream().map(e::logits).toArray(int[][]::new);
        AcceleratorVerification.Generated g = AcceleratorVerification.load(dir);
        long seed = 7;
        AcceleratorVerification.Gated build = g.gated(a, new AcceleratorSimulator(a), RENDERER, seed, VerificationBuild.rate(0.3));
        AcceleratorVerification.Result r = AcceleratorVerification.run(build, images, golden, seed, 0.3, Simulator.VERILATOR, COSIM,
                RENDERER);
        System.out.println(m + ": " + r.report().summary() + "; " + r.mismatches().size() + " mismatches, "
                + (r.crossCheck() == null ? 0 : r.crossCheck().size()) + " cycle differences, " + r.layerMismatches().size()
                + " layer outputs differ");
        assertFalse(r.passed(), m + " survived verify with internal stalls: " + r.report().summary());
        if (m.layer() != null) {
            assertFalse(r.layerMismatches().isEmpty(), m + ": the per-layer check saw nothing");
            assertTrue(r.layerMismatches().get(0).startsWith("layer " + m.layer() + " "), m + ": " + r.layerMismatches().get(0));
            System.out.println("  logits " + (r.mismatches().isEmpty() ? "unchanged" : "changed") + "; " + r.layerMismatches().get(0));
        }
    }
}
