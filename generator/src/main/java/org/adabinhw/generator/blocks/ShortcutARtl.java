package org.adabinhw.generator.blocks;

import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.ShortcutLayer;

/**
 * The RTL of a {@code shortcut_a}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code shortcut_a.v}, and a rendered wrapper with byte-aligned TDATA, streams {@code s_axis_x} and
 * {@code m_axis_y}. The layer has no constants, so there are no memory images.
 */
public final class ShortcutARtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "shortcut_a";
    /** The core's file name. */
    public static final String CORE_FILE = "shortcut_a.v";

    private ShortcutARtl() {
    }

    /**
     * The variables of {@code rtl/shortcut_a/shortcut_a_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the block
     * @param in         the input stream port
     * @param out        the output stream port
     */
    public record Wrapper(String moduleName, ShortcutAConfig config, StreamPort in, StreamPort out)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/shortcut_a/shortcut_a_wrapper.v.vm";
        }

        /** The most significant data bit of a beat. */
        public int dataMsb() {
            return config.beatWidth() - 1;
        }
    }

    /** The wrapper's stream ports: {@code x} (input pixels), {@code y} (the shortcut's pixels), same width. */
    public static List<StreamPort> ports(ShortcutAConfig config) {
        return List.of(StreamPort.in("x", config.beatWidth()), StreamPort.out("y", config.beatWidth()));
    }

    /**
     * The design of one shortcut for a golden layer.
     *
     * @param layer the golden layer, checked against the configuration ({@link ShortcutAConfig#checkLayer})
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, ShortcutAConfig config,
                                   ShortcutLayer layer) {
        config.checkLayer(layer);
        return design(renderer, moduleName, config);
    }

    /**
     * The design of one shortcut.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the block
     * @return the cores and the wrapper {@code <moduleName>.v}, in compile order
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, ShortcutAConfig config) {
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
