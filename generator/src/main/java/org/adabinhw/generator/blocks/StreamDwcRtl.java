package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of a {@code stream_dwc}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code stream_dwc.v}, and a rendered wrapper with byte-aligned TDATA, streams {@code s_axis_x} and
 * {@code m_axis_y}.
 */
public final class StreamDwcRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "stream_dwc";
    /** The core's file name. */
    public static final String CORE_FILE = "stream_dwc.v";

    private StreamDwcRtl() {
    }

    /**
     * The variables of {@code rtl/stream_dwc/stream_dwc_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the converter
     * @param in         the input stream port
     * @param out        the output stream port
     */
    public record Wrapper(String moduleName, StreamDwcConfig config, StreamPort in, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/stream_dwc/stream_dwc_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }

        /** "down" or "up", for the header comment. */
        public String direction() {
            return config.isDown() ? "down" : "up";
        }
    }

    /** The wrapper's stream ports: {@code x} ({@code inLanes} lanes), {@code y} ({@code outLanes} lanes). */
    public static List<StreamPort> ports(StreamDwcConfig config) {
        return List.of(StreamPort.in("x", config.inputWidth()), StreamPort.out("y", config.outputWidth()));
    }

    /**
     * The design of one converter.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the converter
     * @return the cores and the wrapper {@code <moduleName>.v}, in compile order; no memory images
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, StreamDwcConfig config) {
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
