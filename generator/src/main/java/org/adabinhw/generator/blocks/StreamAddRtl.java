package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of a {@code stream_add}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code stream_add.v}, and a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_a},
 * {@code s_axis_b} and {@code m_axis_y}). It has no constants.
 */
public final class StreamAddRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "stream_add";
    /** The core's file name. */
    public static final String CORE_FILE = "stream_add.v";

    private StreamAddRtl() {
    }

    /**
     * The variables of {@code rtl/stream_add/stream_add_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the adder
     * @param a          the first input stream port
     * @param b          the second input stream port
     * @param out        the output stream port (y)
     */
    public record Wrapper(String moduleName, StreamAddConfig config, StreamPort a, StreamPort b, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/stream_add/stream_add_wrapper.v.vm";
        }

        /** The most significant data bit of every stream. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code a}, {@code b} in, {@code y} out. */
    public static List<StreamPort> ports(StreamAddConfig config) {
        return List.of(StreamPort.in("a", config.dataWidth()), StreamPort.in("b", config.dataWidth()),
                StreamPort.out("y", config.dataWidth()));
    }

    /**
     * The design of one stream adder.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the adder
     * @return the design
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, StreamAddConfig config) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), ports.get(2)));
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper);
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, CORE_FILE, moduleName + ".v"), files);
    }
}
