package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.BinaryConvLayer;

/**
 * The RTL of a {@code binary_mvu}: the static cores {@code axis_fifo.v} (its output stage) and
 * {@code binary_mvu.v}, a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_window} and
 * {@code m_axis_values}), and seven ROM images {@code <moduleName>_{weights,mx,ma,bias,shift,row_class,col_class}.memh}
 * whose layout {@code binary_mvu.v}'s header states.
 */
public final class BinaryMvuRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "binary_mvu";
    /** The core's file name. */
    public static final String CORE_FILE = "binary_mvu.v";

    private BinaryMvuRtl() {
    }

    /**
     * The variables of {@code rtl/binary_mvu/binary_mvu_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the unit
     * @param in         the input stream port (window)
     * @param out        the output stream port (values)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, BinaryMvuConfig config, StreamPort in, StreamPort out, String filePrefix)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/binary_mvu/binary_mvu_wrapper.v.vm";
        }

        /** The most significant input data bit. */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }

        /** The accumulator's width. */
        public int accWidth() {
            return BinaryMvuConfig.ACC_WIDTH;
        }
    }

    /** The wrapper's stream ports for a configuration. */
    public static List<StreamPort> ports(BinaryMvuConfig config) {
        return List.of(StreamPort.in("window", config.inputWidth()), StreamPort.out("values", config.outputWidth()));
    }

    /**
     * Checks a layer's constants against a configuration.
     *
     * @throws IllegalArgumentException naming the layer, the constant and the legal range
     */
    public static void checkLayer(BinaryMvuConfig config, BinaryConvLayer layer) {
        var g = layer.geometry();
        BinaryMvuConfig expect = BinaryMvuConfig.of(g, config.simd(), config.pe(), config.lanes(), config.streamWidth(),
                config.constWidth());
        if (!expect.equals(config)) {
            throw new IllegalArgumentException("binary_mvu: layer " + layer.name() + " has the geometry of " + expect
                    + ", not " + config);
        }
        if (layer.shift() > BinaryMvuConfig.MAX_SHIFT) {
            throw new IllegalArgumentException("binary_mvu: layer " + layer.name() + " shift " + layer.shift()
                    + " exceeds " + BinaryMvuConfig.MAX_SHIFT);
        }
        long cMin = -(1L << (config.constWidth() - 1));
        long cMax = (1L << (config.constWidth() - 1)) - 1;
        int[] mx = layer.mx();
        int[] ma = layer.ma();
        for (int o = 0; o < config.outChannels(); o++) {
            if (mx[o] < cMin || mx[o] > cMax || ma[o] < cMin || ma[o] > cMax) {
                throw new IllegalArgumentException("binary_mvu: layer " + layer.name() + " channel " + o + ": mx = " + mx[o]
                        + ", ma = " + ma[o] + " must lie in [" + cMin + ", " + cMax + "] (" + config.constWidth() + " bits)");
            }
        }
        long bMax = (1L << (BinaryMvuConfig.ACC_WIDTH - 1)) - 1;
        long[] bias = layer.bias();
        for (int i = 0; i < bias.length; i++) {
            if (bias[i] < -bMax - 1 || bias[i] > bMax) {
                throw new IllegalArgumentException("binary_mvu: layer " + layer.name() + " bias " + i + " = " + bias[i]
                        + " does not fit " + BinaryMvuConfig.ACC_WIDTH + " bits");
            }
        }
    }

    /**
     * The design of one binary matrix-vector unit.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the unit
     * @param layer      the golden model's layer, whose geometry must be the configuration's
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, BinaryMvuConfig config,
                                   BinaryConvLayer layer) {
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
        int words = BinaryConvLayer.words(config.channels());
        long[] wbits = layer.weightBits();
        List<BigInteger> weights = new ArrayList<>();
        for (int g = 0; g < folds; g++) {
            for (int b = 0; b < beats; b++) {
                int tap = b / config.folds();
                int f = b % config.folds();
                BigInteger w = BigInteger.ZERO;
                for (int i = 0; i < pe; i++) {
                    int o = g * pe + i;
                    for (int j = 0; j < simd; j++) {
                        int c = f * simd + j;
                        if ((wbits[(o * config.taps() + tap) * words + c / 64] >>> (c % 64) & 1) != 0) {
                            w = w.setBit(i * simd + j);
                        }
                    }
                }
                weights.add(w);
            }
        }
        int lanes = config.lanes();
        List<BigInteger> mxWords = MvuDrain.groupWords(Arrays.stream(layer.mx()).asLongStream().toArray(), lanes,
                config.constWidth());
        List<BigInteger> maWords = MvuDrain.groupWords(Arrays.stream(layer.ma()).asLongStream().toArray(), lanes,
                config.constWidth());
        List<BigInteger> biasWords = MvuDrain.biasWords(layer.bias(), config.outChannels(), lanes, classes,
                BinaryMvuConfig.ACC_WIDTH);
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
                .add(p + "_weights.memh", MemoryImage.hex(p + "_weights.memh", pe * simd, weights, List.of(
                        "weight ROM of " + moduleName + ": word g*" + beats + "+b = weight bits of input beat b "
                                + "(ky, kx, channel fold) for channel g*" + pe + "+i in bits [i*" + simd + " +: " + simd + "]")))
                .add(p + "_mx.memh", MemoryImage.hex(p + "_mx.memh", lanes * config.constWidth(), mxWords, List.of(
                        "mx of " + moduleName + ": word k, channel k*" + lanes + "+i in lane i of " + config.constWidth() + " bits")))
                .add(p + "_ma.memh", MemoryImage.hex(p + "_ma.memh", lanes * config.constWidth(), maWords, List.of(
                        "ma of " + moduleName + ": word k, channel k*" + lanes + "+i in lane i of " + config.constWidth() + " bits")))
                .add(p + "_bias.memh", MemoryImage.hex(p + "_bias.memh", lanes * BinaryMvuConfig.ACC_WIDTH, biasWords, List.of(
                        "bias of " + moduleName + ": word k*" + classes + "+class, channel k*" + lanes + "+i in lane i of "
                                + BinaryMvuConfig.ACC_WIDTH + " bits")))
                .add(p + "_shift.memh", MemoryImage.hex(p + "_shift.memh", BinaryMvuConfig.SHIFT_WIDTH,
                        List.of(BigInteger.valueOf(layer.shift())), List.of("rounding shift of " + moduleName)))
                .add(p + "_row_class.memh", MemoryImage.hex(p + "_row_class.memh", config.biasAddressWidth(), rows,
                        List.of("row class * " + config.colClasses() + " of every output row of " + moduleName)))
                .add(p + "_col_class.memh", MemoryImage.hex(p + "_col_class.memh", config.biasAddressWidth(), cols,
                        List.of("column class of every output column of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, MvuDrain.CORE_FILE, CORE_FILE, moduleName + ".v"),
                files);
    }
}
