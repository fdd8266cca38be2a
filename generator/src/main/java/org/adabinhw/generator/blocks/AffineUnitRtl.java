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
import org.adabinhw.golden.integer.AffineLayer;

/**
 * The RTL of an {@code affine_unit}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code affine_unit.v}, a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_x} and
 * {@code m_axis_y}), and three ROM images {@code <moduleName>_{mul,add,shift}.memh} whose layout
 * {@code affine_unit.v}'s header states.
 */
public final class AffineUnitRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "affine_unit";
    /** The core's file name. */
    public static final String CORE_FILE = "affine_unit.v";

    private AffineUnitRtl() {
    }

    /**
     * The variables of {@code rtl/affine_unit/affine_unit_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the unit
     * @param in         the input stream port (x)
     * @param out        the output stream port (y)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, AffineUnitConfig config, StreamPort in, StreamPort out,
                          String filePrefix) implements TemplateContext {
        @Override
        public String template() {
            return "rtl/affine_unit/affine_unit_wrapper.v.vm";
        }

        /** The most significant data bit of either stream. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }

        /** Bits of one addend. */
        public int addWidth() {
            return AffineUnitConfig.ADD_WIDTH;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code x} in, {@code y} out. */
    public static List<StreamPort> ports(AffineUnitConfig config) {
        return List.of(StreamPort.in("x", config.dataWidth()), StreamPort.out("y", config.dataWidth()));
    }

    /**
     * The design of one affine unit.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param layer      the golden model's layer, checked by {@link AffineUnitConfig#checkLayer}
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}, the layer's
     *         constants live in the ROM images alone
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, AffineUnitConfig config,
                                   AffineLayer layer) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK) || moduleName.equals(MulSplit.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        config.checkLayer(layer);
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), moduleName));
        List<BigInteger> mul = new ArrayList<>();
        List<BigInteger> add = new ArrayList<>();
        for (int f = 0; f < config.folds(); f++) {
            mul.add(config.mulWord(layer.mul(), f));
            add.add(config.addWord(layer.add(), f));
        }
        String p = moduleName;
        int l = config.lanes();
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(MulSplit.CORE_FILE, StaticCores.read(MulSplit.BLOCK, MulSplit.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(p + "_mul.memh", MemoryImage.hex(p + "_mul.memh", config.mulWordWidth(), mul, List.of(
                        "multipliers of " + moduleName + " (layer " + layer.name() + "): word f, channel f*" + l
                                + "+i in bits [i*" + config.multWidth() + " +: " + config.multWidth() + "], two's complement")))
                .add(p + "_add.memh", MemoryImage.hex(p + "_add.memh", config.addWordWidth(), add, List.of(
                        "addends of " + moduleName + " (layer " + layer.name() + "): word f, channel f*" + l
                                + "+i in bits [i*" + AffineUnitConfig.ADD_WIDTH + " +: " + AffineUnitConfig.ADD_WIDTH
                                + "], two's complement")))
                .add(p + "_shift.memh", MemoryImage.hex(p + "_shift.memh", AffineUnitConfig.SHIFT_WIDTH,
                        List.of(BigInteger.valueOf(layer.shift())), List.of("rounding shift of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, MulSplit.CORE_FILE, CORE_FILE, moduleName + ".v"),
                files);
    }
}
