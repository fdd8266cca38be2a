package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.HeadLayer;

/**
 * The RTL of a {@code head_unit}: the static cores {@code axis_fifo.v} (its group FIFO) and {@code head_unit.v},
 * a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_x} and {@code m_axis_logits}), and three ROM
 * images {@code <moduleName>_{weights,bias,shift}.memh} whose layout {@code head_unit.v}'s header states.
 */
public final class HeadUnitRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "head_unit";
    /** The core's file name. */
    public static final String CORE_FILE = "head_unit.v";

    private HeadUnitRtl() {
    }

    /**
     * The variables of {@code rtl/head_unit/head_unit_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the unit
     * @param in         the input stream port (x)
     * @param out        the output stream port (logits)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, HeadUnitConfig config, StreamPort in, StreamPort out, String filePrefix)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/head_unit/head_unit_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code x} in, {@code logits} out. */
    public static List<StreamPort> ports(HeadUnitConfig config) {
        return List.of(StreamPort.in("x", config.inputWidth()), StreamPort.out("logits", config.outputWidth()));
    }

    /**
     * The weight ROM's words: word {@code g·C + c} holds {@code w[g·headPe + p][c]} in lane {@code p}.
     *
     * @param config the unit
     * @param layer  a layer {@link HeadUnitConfig#checkLayer} accepts
     */
    public static List<BigInteger> weightWords(HeadUnitConfig config, HeadLayer layer) {
        int c = config.channels();
        int pe = config.headPe();
        int[] w = layer.weights();
        List<BigInteger> words = new ArrayList<>();
        for (int g = 0; g < config.groups(); g++) {
            for (int ch = 0; ch < c; ch++) {
                long[] lanes = new long[pe];
                for (int p = 0; p < pe; p++) {
                    lanes[p] = w[(g * pe + p) * c + ch];
                }
                words.add(Lanes.pack(lanes, config.weightWidth()));
            }
        }
        return words;
    }

    /** The bias ROM's words: word {@code g} holds {@code bias[g·headPe + p]} in lane {@code p} of 48 bits. */
    public static List<BigInteger> biasWords(HeadUnitConfig config, HeadLayer layer) {
        int pe = config.headPe();
        long[] b = layer.bias();
        List<BigInteger> words = new ArrayList<>();
        for (int g = 0; g < config.groups(); g++) {
            long[] lanes = new long[pe];
            System.arraycopy(b, g * pe, lanes, 0, pe);
            words.add(Lanes.pack(lanes, HeadUnitConfig.BIAS_WIDTH));
        }
        return words;
    }

    /**
     * The design of one classifier.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param layer      the golden model's classifier, checked by {@link HeadUnitConfig#checkLayer}
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}, the constants live
     *         in the ROM images alone
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, HeadUnitConfig config, HeadLayer layer) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK) || moduleName.equals(MulSplit.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        config.checkLayer(layer);
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), moduleName));
        int c = config.channels();
        int pe = config.headPe();
        String weights = moduleName + "_weights.memh";
        String bias = moduleName + "_bias.memh";
        String shift = moduleName + "_shift.memh";
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(MulSplit.CORE_FILE, StaticCores.read(MulSplit.BLOCK, MulSplit.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(weights, MemoryImage.hex(weights, config.weightWordWidth(), weightWords(config, layer), List.of(
                        "weight ROM of " + moduleName + " (layer " + layer.name() + "): word g*" + c + "+c holds"
                                + " w[g*" + pe + "+p][c] in bits [p*" + config.weightWidth() + " +: "
                                + config.weightWidth() + "], two's complement")))
                .add(bias, MemoryImage.hex(bias, config.biasWordWidth(), biasWords(config, layer), List.of(
                        "bias ROM of " + moduleName + ": word g holds bias[g*" + pe + "+p] in bits [p*"
                                + HeadUnitConfig.BIAS_WIDTH + " +: " + HeadUnitConfig.BIAS_WIDTH + "], two's complement")))
                .add(shift, MemoryImage.hex(shift, HeadUnitConfig.SHIFT_WIDTH, List.of(BigInteger.valueOf(layer.shift())),
                        List.of("rounding shift of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, MulSplit.CORE_FILE, CORE_FILE, moduleName + ".v"),
                files);
    }
}
