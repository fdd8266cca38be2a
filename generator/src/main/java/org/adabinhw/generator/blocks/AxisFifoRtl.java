package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of an {@code axis_fifo}: the static core {@code axis_fifo.v} and a rendered wrapper with
 * byte-aligned TDATA, streams {@code s_axis_in} and {@code m_axis_out}.
 */
public final class AxisFifoRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "axis_fifo";
    /** The core's file name. */
    public static final String CORE_FILE = "axis_fifo.v";

    private AxisFifoRtl() {
    }

    /**
     * The variables of {@code rtl/axis_fifo/axis_fifo_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the FIFO
     * @param in         the input stream port
     * @param out        the output stream port
     */
    public record Wrapper(String moduleName, AxisFifoConfig config, StreamPort in, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/axis_fifo/axis_fifo_wrapper.v.vm";
        }

        /** The most significant data bit. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration. */
    public static List<StreamPort> ports(AxisFifoConfig config) {
        return List.of(StreamPort.in("in", config.dataWidth()), StreamPort.out("out", config.dataWidth()));
    }

    /**
     * The design of one FIFO.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the FIFO
     * @return the core, the wrapper {@code <moduleName>.v}, in compile order
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, AxisFifoConfig config) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is the core's; choose another");
        }
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1)));
        GeneratedFiles files = new GeneratedFiles()
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper);
        return new RtlDesign(moduleName, ports, List.of(CORE_FILE, moduleName + ".v"), files);
    }
}
