package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of a {@code max_pool}: the static cores {@code axis_fifo.v} (its output stage) and {@code max_pool.v},
 * and a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_window} and {@code m_axis_values}). No
 * memory image: max pooling has no constants.
 */
public final class MaxPoolRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = MaxPoolConfig.BLOCK;
    /** The core's file name. */
    public static final String CORE_FILE = "max_pool.v";

    private MaxPoolRtl() {
    }

    /**
     * The variables of {@code rtl/max_pool/max_pool_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the block
     * @param in         the input stream port (window)
     * @param out        the output stream port (values)
     */
    public record Wrapper(String moduleName, MaxPoolConfig config, StreamPort in, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/max_pool/max_pool_wrapper.v.vm";
        }

        /** The most significant input data bit (tap_valid). */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code window} in, {@code values} out. */
    public static List<StreamPort> ports(MaxPoolConfig config) {
        return List.of(StreamPort.in("window", config.inputWidth()), StreamPort.out("values", config.outputWidth()));
    }

    /**
     * The design of one max pool.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the block
     * @return the design
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, MaxPoolConfig config) {
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
