package org.adabinhw.generator.accelerator;

import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.blocks.BlockConfig;
import org.adabinhw.golden.integer.IntegerNetwork;

/**
 * A generated streaming accelerator: its RTL (one top module, one AXI-Stream input of pixels, one output of
 * logits with {@code tlast}), the blocks it is made of, and its machine-readable description.
 *
 * @param network     the integer network it computes
 * @param folding     the folding of every foldable layer, as chosen (file values and defaults)
 * @param design      the top and every file: {@code rtl/*.v} in compile order, {@code mem/*.memh}
 * @param stages      every block instance, in data-flow order
 * @param wires       every stream between blocks
 * @param description {@code accelerator.json}
 */
public record Accelerator(IntegerNetwork network, Folding folding, RtlDesign design, List<Stage> stages, List<Wire> wires,
                          String description) {
    /** The description's file name in a generated directory. */
    public static final String DESCRIPTION = "accelerator.json";
    /** The compile-order file list's name. */
    public static final String FILELIST = "filelist.f";

    /** Copies the lists. */
    public Accelerator {
        stages = List.copyOf(stages);
        wires = List.copyOf(wires);
    }

    /**
     * One block instance.
     *
     * @param layer          the integer layer it belongs to
     * @param block          the block's name ({@code binary_mvu}, …)
     * @param instance       the instance name in the top
     * @param design         the block's design (its wrapper is {@code design.top()})
     * @param config         the block's configuration record
     * @param streams        the wire of every port of the design, in port order
     * @param cyclesPerImage cycles the block is busy per image without stalls (its rate bound)
     */
    public record Stage(String layer, String block, String instance, RtlDesign design, BlockConfig config, List<String> streams,
                        long cyclesPerImage) {
        /** Copies the list. */
        public Stage {
            streams = List.copyOf(streams);
        }
    }

    /**
     * One stream between blocks.
     *
     * @param name       the signal prefix in the top ({@code <name>_tdata}, …)
     * @param tdataWidth bits of TDATA (whole bytes)
     * @param lanes      values per beat
     * @param laneWidth  bits per value
     */
    public record Wire(String name, int tdataWidth, int lanes, int laneWidth) {
    }

    /** The stream of that name. */
    public Wire wire(String name) {
        return wires.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(top() + " has no stream " + name));
    }

    /** The top module's name. */
    public String top() {
        return design.top();
    }

    /** The expected cycles per image without stalls: the slowest block's. */
    public long cyclesPerImage() {
        return stages.stream().mapToLong(Stage::cyclesPerImage).max().orElse(0);
    }

    /** Every file of the generated directory: the design, {@value #FILELIST} and {@value #DESCRIPTION}. */
    public GeneratedFiles files() {
        return new GeneratedFiles().addAll(design.files()).add(FILELIST, design.filelist()).add(DESCRIPTION, description);
    }

    /** Writes the generated directory, all or nothing (see {@link GeneratedFiles#writeTo}). */
    public void writeTo(Path dir) {
        files().writeTo(dir);
    }
}
