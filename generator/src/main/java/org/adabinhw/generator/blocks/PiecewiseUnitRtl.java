package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.PiecewiseLayer;

/**
 * The RTL of a {@code piecewise_unit}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code piecewise_unit.v}, a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_x} and
 * {@code m_axis_y}), and four ROM images {@code <moduleName>_{pos,neg,bounds,shift}.memh} whose layout
 * {@code piecewise_unit.v}'s header states.
 */
public final class PiecewiseUnitRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "piecewise_unit";
    /** The core's file name. */
    public static final String CORE_FILE = "piecewise_unit.v";

    private PiecewiseUnitRtl() {
    }

    /**
     * The variables of {@code rtl/piecewise_unit/piecewise_unit_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the unit
     * @param in         the input stream port (x)
     * @param out        the output stream port (y)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, PiecewiseUnitConfig config, StreamPort in, StreamPort out,
                          String filePrefix) implements TemplateContext {
        @Override
        public String template() {
            return "rtl/piecewise_unit/piecewise_unit_wrapper.v.vm";
        }

        /** The most significant data bit of either stream. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code x} in, {@code y} out. */
    public static List<StreamPort> ports(PiecewiseUnitConfig config) {
        return List.of(StreamPort.in("x", config.dataWidth()), StreamPort.out("y", config.dataWidth()));
    }

    /**
     * The design of one piecewise unit.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param layer      the golden model's layer, checked by {@link PiecewiseUnitConfig#checkLayer}
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}, the layer's
     *         constants live in the ROM images alone
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, PiecewiseUnitConfig config,
                                   PiecewiseLayer layer) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK) || moduleName.equals(MulSplit.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        config.checkLayer(layer);
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), moduleName));
        List<BigInteger> pos = new ArrayList<>();
        List<BigInteger> neg = new ArrayList<>();
        for (int f = 0; f < config.folds(); f++) {
            pos.add(config.romWord(layer.pos(), f));
            neg.add(config.romWord(layer.neg(), f));
        }
        String p = moduleName;
        int l = config.lanes();
        String lanes = "word f, channel f*" + l + "+i in bits [i*" + config.multWidth() + " +: " + config.multWidth()
                + "], two's complement";
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(MulSplit.CORE_FILE, StaticCores.read(MulSplit.BLOCK, MulSplit.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(p + "_pos.memh", MemoryImage.hex(p + "_pos.memh", config.romWordWidth(), pos, List.of(
                        "slopes for x > 0 of " + moduleName + " (layer " + layer.name() + "): " + lanes)))
                .add(p + "_neg.memh", MemoryImage.hex(p + "_neg.memh", config.romWordWidth(), neg, List.of(
                        "slopes for x <= 0 of " + moduleName + " (layer " + layer.name() + "): " + lanes)))
                .add(p + "_bounds.memh", MemoryImage.hex(p + "_bounds.memh", 2 * config.streamWidth(),
                        List.of(config.boundsWord(layer.lo(), layer.hi())), List.of("{hi, lo} of " + moduleName
                                + ": lo = " + layer.lo() + ", hi = " + layer.hi())))
                .add(p + "_shift.memh", MemoryImage.hex(p + "_shift.memh", PiecewiseUnitConfig.SHIFT_WIDTH,
                        List.of(BigInteger.valueOf(layer.shift())), List.of("rounding shift of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, MulSplit.CORE_FILE, CORE_FILE, moduleName + ".v"),
                files);
    }
}
