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

/**
 * The RTL of a {@code threshold_unit}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code threshold_unit.v}, a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_values} and
 * {@code m_axis_bits}), and the threshold ROM image {@code <moduleName>_thresholds.memh}.
 */
public final class ThresholdUnitRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "threshold_unit";
    /** The core's file name. */
    public static final String CORE_FILE = "threshold_unit.v";

    private ThresholdUnitRtl() {
    }

    /**
     * The variables of {@code rtl/threshold_unit/threshold_unit_wrapper.v.vm}.
     *
     * @param moduleName    the wrapper's module name
     * @param config        the unit
     * @param in            the input stream port (values)
     * @param out           the output stream port (bits)
     * @param thresholdFile the ROM image's file name, relative to the design directory
     */
    public record Wrapper(String moduleName, ThresholdUnitConfig config, StreamPort in, StreamPort out,
                          String thresholdFile) implements TemplateContext {
        @Override
        public String template() {
            return "rtl/threshold_unit/threshold_unit_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.simd() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration. */
    public static List<StreamPort> ports(ThresholdUnitConfig config) {
        return List.of(StreamPort.in("values", config.inputWidth()), StreamPort.out("bits", config.simd()));
    }

    /** The ROM image's file name of a module. */
    public static String thresholdFile(String moduleName) {
        return moduleName + "_thresholds.memh";
    }

    /**
     * The design of one threshold unit.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param thresholds one per channel, within {@link ThresholdUnitConfig#checkThresholds}'s range
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}, the thresholds
     *         live in the ROM image alone
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, ThresholdUnitConfig config,
                                   int[] thresholds) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        config.checkThresholds(thresholds);
        List<StreamPort> ports = ports(config);
        String memFile = thresholdFile(moduleName);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), memFile));
        List<BigInteger> words = new ArrayList<>();
        for (int f = 0; f < config.folds(); f++) {
            words.add(config.romWord(thresholds, f));
        }
        String image = MemoryImage.hex(memFile, config.romWordWidth(), words, List.of(
                "threshold ROM of " + moduleName + ": " + config.folds() + " words, word f = thresholds of channels",
                "f*" + config.simd() + " .. f*" + config.simd() + "+" + (config.simd() - 1) + ", channel f*"
                        + config.simd() + "+i in bits [" + config.thresholdWidth() + "*i +: "
                        + config.thresholdWidth() + "], two's complement"));
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(memFile, image);
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, CORE_FILE, moduleName + ".v"), files);
    }
}
