package org.adabinhw.testbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.SynthesisCells;

/**
 * Yosys's stand-in for a vendor flow on one design: {@code synth_xilinx -flatten -noiopad} (7-series or
 * UltraScale+) or {@code synth_ice40 -dsp}, then {@code stat} and {@code ltp -noff}. The measure the cost model
 * is calibrated against and checked with.
 */
public final class Synthesis {
    private static final Duration TIMEOUT = Duration.ofHours(2);

    private Synthesis() {
    }

    /**
     * The Yosys synthesis command for a family and top, e.g. {@code synth_ice40 -dsp -top T}: the one the cost model is
     * calibrated against, so that every flow that measures a design ({@code implement} too) synthesises it the same way.
     */
    public static String synthCommand(Family f, String top) {
        return switch (f) {
            case XILINX_7 -> "synth_xilinx -flatten -noiopad -family xc7 -top " + top;
            case XILINX_USP -> "synth_xilinx -flatten -noiopad -family xcup -top " + top;
            case ICE40 -> "synth_ice40 -dsp -top " + top;
        };
    }

    /** The Yosys script for a family and top, after the sources are read. */
    public static String script(Family f, String top) {
        return synthCommand(f, top) + "; tee -q -o " + STAT + " stat; tee -q -a " + STAT + " ltp -noff";
    }

    /**
     * The file the statistics go to, in the working directory: only they are read back (a whole accelerator's full
     * Yosys log runs to hundreds of megabytes, so none is written).
     */
    public static final String STAT = "yosys-stat.log";

    /**
     * Synthesises a design in {@code dir} (emptied first, the design written there) and counts its cells.
     *
     * @throws ToolException when Yosys fails, with the log's tail
     */
    public static SynthesisCells run(RtlDesign design, Family f, Path dir) {
        GeneratedFiles.deleteRecursively(dir);
        design.writeTo(dir);
        return runIn(dir, design.sources(), design.top(), f);
    }

    /** Synthesises the sources of a directory written already (memory images relative to it). */
    public static SynthesisCells runIn(Path dir, List<String> sources, String top, Family f) {
        EdaTool.YOSYS.require();
        String script = "read_verilog -defer -sv " + String.join(" ", sources) + "; " + script(f, top);
        ToolRun r = ToolRun.run(List.of("yosys", "-q", "-p", script), dir, TIMEOUT, null)
                .requireSuccess("yosys synthesis of " + top + " for " + f.id());
        try {
            return SynthesisCells.parse(Files.readString(dir.resolve(STAT)));
        } catch (IOException e) {
            throw new ToolException("cannot read " + dir.resolve(STAT) + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ToolException(dir.resolve(STAT) + ": " + e.getMessage() + "\n" + ToolRun.tail(r.output()));
        }
    }
}
