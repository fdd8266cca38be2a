package org.adabinhw.generator.blocks;

import java.util.List;

import java.util.Map;

import org.adabinhw.generator.Lanes;

/**
 * One {@code axis_fifo}: a FIFO between two AXI-Streams whose outputs are all registers
 * ({@code rtl/axis_fifo/axis_fifo.v}). The same record drives the Verilog wrapper, the simulator's
 * {@code AxisFifoModel} and the cycle estimates.
 *
 * @param dataWidth bits of one beat, 1..{@value #MAX_DATA_WIDTH}; TDATA is this rounded up to whole bytes
 * @param depth     beats held, 1..{@value #MAX_DEPTH}; depth 1 accepts a beat only every other cycle
 */
public record AxisFifoConfig(int dataWidth, int depth) implements BlockConfig {
    /** The widest beat. */
    public static final int MAX_DATA_WIDTH = 8192;
    /** The deepest FIFO. */
    public static final int MAX_DEPTH = 1 << 20;

    /** Rejects illegal values, naming them and the legal range. */
    public AxisFifoConfig {
        if (dataWidth < 1 || dataWidth > MAX_DATA_WIDTH) {
            throw new IllegalArgumentException("axis_fifo: dataWidth = " + dataWidth + " is illegal; legal: 1.."
                    + MAX_DATA_WIDTH);
        }
        if (depth < 1 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("axis_fifo: depth = " + depth + " is illegal; legal: 1.." + MAX_DEPTH);
        }
    }

    /** A copy with another depth. */
    public AxisFifoConfig withDepth(int newDepth) {
        return new AxisFifoConfig(dataWidth, newDepth);
    }

    /** Bits of TDATA on both sides: {@link #dataWidth} rounded up to whole bytes, zero-padded at the top. */
    public int tdataWidth() {
        return Lanes.byteAligned(dataWidth);
    }

    /** Cycles from a beat's acceptance into an empty FIFO to the first cycle it is valid at the output: 1. */
    public int latency() {
        return 1;
    }

    /** Cycles per beat at the steadiest rate without stalls: 1, or 2 for depth 1. */
    public int cyclesPerBeat() {
        return depth == 1 ? 2 : 1;
    }

    /** A descriptive module name for a stand-alone instance, {@code axis_fifo_w<width>_d<depth>}. */
    public String moduleName() {
        return "axis_fifo_w" + dataWidth + "_d" + depth;
    }

    @Override
    public String block() {
        return "axis_fifo";
    }

    @Override
    public List<Memory> memories() {
        return Memory.fifo("mem", "FIFO", dataWidth, depth, "MEM_STYLE");
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("data", dataWidth, "count", log2(depth + 1));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
