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
import org.adabinhw.golden.integer.RealConvLayer;

/**
 * The RTL of a {@code real_mvu}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code real_mvu.v}, a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_window} and
 * {@code m_axis_values}), and five ROM images {@code <moduleName>_{weights,bias,shift,row_class,col_class}.memh}
 * whose layout {@code real_mvu.v}'s header states.
 */
public final class RealMvuRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "real_mvu";
    /** The core's file name. */
    public static final String CORE_FILE = "real_mvu.v";

    private RealMvuRtl() {
    }

    /**
     * The variables of {@code rtl/real_mvu/real_mvu_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the unit
     * @param in         the input stream port (window)
     * @param out        the output stream port (values)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, RealMvuConfig config, StreamPort in, StreamPort out, String filePrefix)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/real_mvu/real_mvu_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }

        /** The core's IN_SIGNED: 0 for pixels, 1 for stream values. */
        public int inSigned() {
            return config.pixelInput() ? 0 : 1;
        }

        /** The biases' width. */
        public int biasWidth() {
            return RealMvuConfig.BIAS_WIDTH;
        }

        /** A word for the header: the input's kind. */
        public String inputKind() {
            return config.pixelInput() ? "unsigned 8-bit pixels" : "signed " + config.streamWidth() + "-bit stream values";
        }
    }

    /** The wrapper's stream ports for a configuration: {@code window} in, {@code values} out. */
    public static List<StreamPort> ports(RealMvuConfig config) {
        return List.of(StreamPort.in("window", config.inputWidth()), StreamPort.out("values", config.outputWidth()));
    }

    /**
     * Checks a layer's constants against a configuration.
     *
     * @throws IllegalArgumentException naming the layer, the constant and the legal range
     */
    public static void checkLayer(RealMvuConfig config, RealConvLayer layer) {
        var g = layer.geometry();
        RealMvuConfig expect = RealMvuConfig.of(g, layer.pixelInput(), config.simd(), config.pe(), config.lanes(),
                config.streamWidth(), config.weightWidth());
        if (!expect.equals(config)) {
            throw new IllegalArgumentException("real_mvu: layer " + layer.name() + " has the geometry of " + expect
                    + ", not " + config);
        }
        if (layer.shift() > RealMvuConfig.MAX_SHIFT) {
            throw new IllegalArgumentException("real_mvu: layer " + layer.name() + " shift " + layer.shift()
                    + " exceeds " + RealMvuConfig.MAX_SHIFT);
        }
        int[] w = layer.weights();
        for (int i = 0; i < w.length; i++) {
            if (w[i] < config.weightMin() || w[i] > config.weightMax()) {
                int k = config.taps();
                throw new IllegalArgumentException("real_mvu: layer " + layer.name() + " weight " + i + " (output channel "
                        + i / (config.channels() * k) + ", input channel " + i / k % config.channels() + ", tap " + i % k
                        + ") = " + w[i] + " must lie in [" + config.weightMin() + ", " + config.weightMax() + "] ("
                        + config.weightWidth() + " bits)");
            }
        }
        long bMax = (1L << (RealMvuConfig.BIAS_WIDTH - 1)) - 1;
        long[] bias = layer.bias();
        for (int i = 0; i < bias.length; i++) {
            if (bias[i] < -bMax - 1 || bias[i] > bMax) {
                throw new IllegalArgumentException("real_mvu: layer " + layer.name() + " bias " + i + " (output channel "
                        + i / config.classes() + ", border class " + i % config.classes() + ") = " + bias[i]
                        + " does not fit " + RealMvuConfig.BIAS_WIDTH + " bits");
            }
        }
    }

    /**
     * The weight of output channel {@code o} for lane {@code j} of input beat {@code b} (tap {@code b / folds},
     * channel fold {@code b % folds}), from the golden model's O×I×K×K table.
     */
    public static int weight(RealMvuConfig config, int[] weights, int o, int b, int j) {
        int tap = b / config.folds();
        int c = b % config.folds() * config.simd() + j;
        return weights[(o * config.channels() + c) * config.taps() + tap];
    }

    /**
     * The design of one real-valued multiply-accumulate unit.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param layer      the golden model's layer, whose geometry and input kind must be the configuration's
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, RealMvuConfig config,
                                   RealConvLayer layer) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK) || moduleName.equals(MvuDrain.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        checkLayer(config, layer);
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), moduleName));
        int folds = config.outFolds();
        int beats = config.beats();
        int classes = config.classes();
        int pe = config.pe();
        int simd = config.simd();
        int ww = config.weightWidth();
        int[] w = layer.weights();
        List<BigInteger> weights = new ArrayList<>();
        for (int g = 0; g < folds; g++) {
            for (int b = 0; b < beats; b++) {
                long[] lanes = new long[pe * simd];
                for (int i = 0; i < pe; i++) {
                    for (int j = 0; j < simd; j++) {
                        lanes[i * simd + j] = weight(config, w, g * pe + i, b, j);
                    }
                }
                weights.add(Lanes.pack(lanes, ww));
            }
        }
        int lanes = config.lanes();
        List<BigInteger> biasWords = MvuDrain.biasWords(layer.bias(), config.outChannels(), lanes, classes,
                RealMvuConfig.BIAS_WIDTH);
        List<BigInteger> rows = new ArrayList<>();
        for (int r : config.rowClassTable()) {
            rows.add(BigInteger.valueOf((long) r * config.colClasses()));
        }
        List<BigInteger> cols = new ArrayList<>();
        for (int c : config.colClassTable()) {
            cols.add(BigInteger.valueOf(c));
        }
        String p = moduleName;
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(MvuDrain.CORE_FILE, StaticCores.read(MvuDrain.BLOCK, MvuDrain.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(p + "_weights.memh", MemoryImage.hex(p + "_weights.memh", pe * simd * ww, weights, List.of(
                        "weight ROM of " + moduleName + " (layer " + layer.name() + "): word g*" + beats + "+b = weights of"
                                + " input beat b (ky, kx, channel fold), channel g*" + pe + "+i and lane j in lane i*"
                                + simd + "+j of " + ww + " bits")))
                .add(p + "_bias.memh", MemoryImage.hex(p + "_bias.memh", lanes * RealMvuConfig.BIAS_WIDTH, biasWords, List.of(
                        "bias of " + moduleName + ": word k*" + classes + "+class, channel k*" + lanes + "+i in lane i of "
                                + RealMvuConfig.BIAS_WIDTH + " bits")))
                .add(p + "_shift.memh", MemoryImage.hex(p + "_shift.memh", RealMvuConfig.SHIFT_WIDTH,
                        List.of(BigInteger.valueOf(layer.shift())), List.of("rounding shift of " + moduleName)))
                .add(p + "_row_class.memh", MemoryImage.hex(p + "_row_class.memh", config.biasAddressWidth(), rows,
                        List.of("row class * " + config.colClasses() + " of every output row of " + moduleName)))
                .add(p + "_col_class.memh", MemoryImage.hex(p + "_col_class.memh", config.biasAddressWidth(), cols,
                        List.of("column class of every output column of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, MvuDrain.CORE_FILE, CORE_FILE, moduleName + ".v"),
                files);
    }
}
