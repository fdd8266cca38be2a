package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.MemoryImage;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.ConvGeometry;

/**
 * The RTL of an {@code avg_pool}: the static cores {@code axis_fifo.v} (its output stage) and {@code avg_pool.v},
 * a rendered wrapper with byte-aligned TDATA (streams {@code s_axis_window} and {@code m_axis_values}), and three
 * ROM images {@code <moduleName>_{recip,row_class,col_class}.memh} whose layout {@code avg_pool.v}'s header states.
 */
public final class AvgPoolRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = AvgPoolConfig.BLOCK;
    /** The core's file name. */
    public static final String CORE_FILE = "avg_pool.v";

    private AvgPoolRtl() {
    }

    /**
     * The variables of {@code rtl/avg_pool/avg_pool_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the block
     * @param in         the input stream port (window)
     * @param out        the output stream port (values)
     * @param filePrefix the ROM images' common prefix, relative to the design directory
     */
    public record Wrapper(String moduleName, AvgPoolConfig config, StreamPort in, StreamPort out, String filePrefix)
            implements TemplateContext {
        @Override
        public String template() {
            return "rtl/avg_pool/avg_pool_wrapper.v.vm";
        }

        /** The most significant input data bit (tap_valid). */
        public int inputMsb() {
            return config.inputWidth() - 1;
        }

        /** The most significant output data bit. */
        public int outputMsb() {
            return config.outputWidth() - 1;
        }

        /** The reciprocals' fractional bits, the golden model's. */
        public int recipShift() {
            return AvgPoolLayer.RECIPROCAL_SHIFT;
        }
    }

    /** The wrapper's stream ports for a configuration: {@code window} in, {@code values} out. */
    public static List<StreamPort> ports(AvgPoolConfig config) {
        return List.of(StreamPort.in("window", config.inputWidth()), StreamPort.out("values", config.outputWidth()));
    }

    /**
     * Checks a layer against a configuration: the same geometry and stream width.
     *
     * @throws IllegalArgumentException naming the layer and both geometries
     */
    public static void checkLayer(AvgPoolConfig config, AvgPoolLayer layer) {
        AvgPoolConfig expect = AvgPoolConfig.of(layer, config.simd());
        if (!expect.equals(config)) {
            throw new IllegalArgumentException(BLOCK + ": layer " + layer.name() + " has the geometry of " + expect
                    + ", not " + config);
        }
    }

    /**
     * The reciprocal of every border class, {@code R[d] = round(2^16 / d)} of the layer's divisor
     * ({@link AvgPoolLayer#divisor}), the contents of the reciprocal ROM.
     *
     * @throws IllegalArgumentException naming the layer when the layer does not fit the configuration, or when two
     *                                  windows of one border class have different divisors (the ROM holds one per
     *                                  class)
     */
    public static long[] reciprocals(AvgPoolConfig config, AvgPoolLayer layer) {
        checkLayer(config, layer);
        ConvGeometry g = config.geometry();
        int[] divisor = new int[config.classes()];
        Arrays.fill(divisor, -1);
        for (int oy = 0; oy < config.outHeight(); oy++) {
            for (int ox = 0; ox < config.outWidth(); ox++) {
                int cls = g.classOf(oy, ox);
                int d = layer.divisor(oy, ox);
                if (d < 1 || d > config.taps()) {
                    throw new IllegalArgumentException(BLOCK + ": layer " + layer.name() + ": divisor " + d + " at ("
                            + oy + ", " + ox + ") is outside 1.." + config.taps());
                }
                if (divisor[cls] >= 0 && divisor[cls] != d) {
                    throw new IllegalArgumentException(BLOCK + ": layer " + layer.name() + ": border class " + cls
                            + " has divisors " + divisor[cls] + " and " + d + " (at (" + oy + ", " + ox + "))");
                }
                divisor[cls] = d;
            }
        }
        long[] r = new long[divisor.length];
        for (int cls = 0; cls < r.length; cls++) {
            r[cls] = AvgPoolLayer.reciprocal(divisor[cls]);
        }
        return r;
    }

    /**
     * The design of one average pool.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the block
     * @param layer      the golden model's layer, whose geometry must be the configuration's
     * @return the design; its Verilog depends only on {@code moduleName} and {@code config}, the divisors live in
     *         the reciprocal ROM alone
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, AvgPoolConfig config,
                                   AvgPoolLayer layer) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        long[] recip = reciprocals(config, layer);
        List<StreamPort> ports = ports(config);
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), ports.get(1), moduleName));
        List<BigInteger> recipWords = new ArrayList<>();
        for (long r : recip) {
            recipWords.add(BigInteger.valueOf(r));
        }
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
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper)
                .add(p + "_recip.memh", MemoryImage.hex(p + "_recip.memh", AvgPoolConfig.RECIPROCAL_WIDTH, recipWords,
                        List.of("reciprocals of " + moduleName + " (layer " + layer.name() + ", count_include_pad "
                                + layer.countIncludePad() + "): word class = round(2^" + AvgPoolLayer.RECIPROCAL_SHIFT
                                + " / divisor), unsigned")))
                .add(p + "_row_class.memh", MemoryImage.hex(p + "_row_class.memh", config.classWidth(), rows,
                        List.of("row class * " + config.colClasses() + " of every output row of " + moduleName)))
                .add(p + "_col_class.memh", MemoryImage.hex(p + "_col_class.memh", config.classWidth(), cols,
                        List.of("column class of every output column of " + moduleName)));
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, CORE_FILE, moduleName + ".v"), files);
    }
}
