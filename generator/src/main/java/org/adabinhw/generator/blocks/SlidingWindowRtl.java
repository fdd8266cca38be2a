package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of a {@code sliding_window}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code sliding_window.v}, and a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_pixels} and
 * {@code m_axis_windows}). No memory image: the line buffer starts empty.
 */
public final class SlidingWindowRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "sliding_window";
    /** The core's file name. */
    public static final String CORE_FILE = "sliding_window.v";

    private SlidingWindowRtl() {
    }

    /**
     * The variables of {@code rtl/sliding_window/sliding_window_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the block
     * @param in         the input stream port (pixels)
     * @param out        the output stream port (windows)
     */
    public record Wrapper(String moduleName, SlidingWindowConfig config, StreamPort in, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/sliding_window/sliding_window_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.beatWidth() - 1;
        }

        /** The most significant output data bit (tap_valid). */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration. */
    public static List<StreamPort> ports(SlidingWindowConfig config) {
        return List.of(StreamPort.in("pixels", config.beatWidth()), StreamPort.out("windows", config.outputWidth()));
    }

    /**
     * The design of one sliding window.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the block
     * @return the design
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, SlidingWindowConfig config) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1)));
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper);
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, CORE_FILE, moduleName + ".v"), files);
    }
}
