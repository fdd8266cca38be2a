package org.adabinhw.generator.blocks;

import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;

/**
 * The RTL of a {@code stream_fork}: the static cores {@code axis_fifo.v} (one output stage per output) and
 * {@code stream_fork.v}, and a rendered wrapper with byte-aligned TDATA, streams {@code s_axis_x} and
 * {@code m_axis_y0}, {@code m_axis_y1}, …
 */
public final class StreamForkRtl {
    /** The block's name, its folder in {@code rtl-templates} and its core module. */
    public static final String BLOCK = "stream_fork";
    /** The core's file name. */
    public static final String CORE_FILE = "stream_fork.v";

    private StreamForkRtl() {
    }

    /**
     * One output of the wrapper: its port and its slice of the core's concatenated output buses.
     *
     * @param index the output's number
     * @param port  its stream port
     */
    public record Output(int index, StreamPort port) {
        /** The lowest bit of its data in the core's {@code m_axis_y_tdata}. */
        public int dataLsb() {
            return index * port.dataWidth();
        }
    }

    /**
     * The variables of {@code rtl/stream_fork/stream_fork_wrapper.v.vm}.
     *
     * @param moduleName the wrapper's module name
     * @param config     the fork
     * @param in         the input stream port
     * @param outputs    the output stream ports, in order
     */
    public record Wrapper(String moduleName, StreamForkConfig config, StreamPort in, List<Output> outputs)
            implements TemplateContext {
        /** Copies the list. */
        public Wrapper {
            outputs = List.copyOf(outputs);
        }

        @Override
        public String template() {
            return "rtl/stream_fork/stream_fork_wrapper.v.vm";
        }

        /** The most significant data bit of one beat. */
        public int dataMsb() {
            return config.dataWidth() - 1;
        }

        /** The most significant bit of the core's per-output valid and ready buses. */
        public int outputsMsb() {
            return config.outputs() - 1;
        }

        /** The most significant bit of the core's concatenated output data. */
        public int busMsb() {
            return config.outputs() * config.dataWidth() - 1;
        }
    }

    /** The wrapper's stream ports: {@code x}, then {@code y0 … y<outputs−1>}. */
    public static List<StreamPort> ports(StreamForkConfig config) {
        List<StreamPort> p = new ArrayList<>();
        p.add(StreamPort.in("x", config.dataWidth()));
        for (int k = 0; k < config.outputs(); k++) {
            p.add(StreamPort.out(config.outputName(k), config.dataWidth()));
        }
        return List.copyOf(p);
    }

    /**
     * The design of one fork.
     *
     * @param renderer   the template renderer
     * @param moduleName the top module's name
     * @param config     the fork
     * @return the cores and the wrapper {@code <moduleName>.v}, in compile order; no memory images
     */
    public static RtlDesign design(VerilogRenderer renderer, String moduleName, StreamForkConfig config) {
        RtlDesign.checkModuleName(moduleName);
        if (moduleName.equals(BLOCK) || moduleName.equals(AxisFifoRtl.BLOCK)) {
            throw new IllegalArgumentException("module name " + moduleName + " is a core's; choose another");
        }
        List<StreamPort> ports = ports(config);
        List<Output> outs = new ArrayList<>();
        for (int k = 0; k < config.outputs(); k++) {
            outs.add(new Output(k, ports.get(1 + k)));
        }
        String wrapper = renderer.render(new Wrapper(moduleName, config, ports.get(0), outs));
        GeneratedFiles files = new GeneratedFiles()
                .add(AxisFifoRtl.CORE_FILE, StaticCores.read(AxisFifoRtl.BLOCK, AxisFifoRtl.CORE_FILE))
                .add(CORE_FILE, StaticCores.read(BLOCK, CORE_FILE))
                .add(moduleName + ".v", wrapper);
        return new RtlDesign(moduleName, ports, List.of(AxisFifoRtl.CORE_FILE, CORE_FILE, moduleName + ".v"), files);
    }
}
