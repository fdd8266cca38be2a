package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of an {@code axis_tlast} on its own: the static core {@code rtl/accelerator/axis_tlast.v} and a rendered
 * wrapper whose output TDATA carries {@code {tlast, data}} ({@link AxisTlastConfig#beatWithLastWidth()} bits), so
 * the block can be checked with the stream harnesses. The accelerator's top instantiates the core directly.
 */
public final class AxisTlastRtl {
    /** The folder of the core in {@code rtl-templates}. */
    public static final String BLOCK = "accelerator";
    /** The core's module. */
    public static final String CORE = "axis_tlast";
    /** The core's file name. */
    public static final String CORE_FILE = "axis_tlast.v";

    private AxisTlastRtl() {
    }

    /**
     * The variables of {@code rtl/accelerator/axis_tlast_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the block
     * @param in         the input stream port {@code x}
     * @param out        the output stream port {@code y}, {@code {tlast, data}}
     */
    public record Wrapper(String moduleName, AxisTlastConfig config, StreamPort in, StreamPort out) implements TemplateContext {
        @Override
        public String template() {
            return "rtl/accelerator/axis_tlast_wrapper.v.vm";
        }

        /** The most significant data bit. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }
    }

    /** The wrapper's stream ports: {@code x}, then {@code y}. */
    public static List<StreamPort> ports(AxisTlastConfig config) {
        return List.of(StreamPort.in("x", config.dataWidth()), StreamPort.out("y", config.beatWithLastWidth()));
    }

    /**
     * The design of one stand-alone block.
     *
     * @param renderer   the template renderer
     * @param moduleName the wrapper's module name (not the core's)
     * @param config     the block
     * @return the core and the wrapper {@code <moduleName>.v}, in compile order
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, AxisTlastConfig config) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(CORE)) {
            throw new IllegalArgumentException("module name " + moduleName + " is the core's; choose another");
        }
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1)));
        GeneratedFiles files = new GeneratedFiles().add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE)).add(moduleName + ".v",
                wrapper);
        return new RtlDesign(moduleName, ports, List.of(CORE_FILE, moduleName + ".v"), files);
    }
}
