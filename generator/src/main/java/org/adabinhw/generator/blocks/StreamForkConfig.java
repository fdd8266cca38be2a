package org.adabinhw.generator.blocks;

import java.util.List;
import java.util.Map;

import org.adabinhw.generator.Lanes;

/**
 * One {@code stream_fork}: every beat of one input stream {@code x} goes, unchanged and in order, to each of
 * {@link #outputs} output streams {@code y0, y1, …} ({@code rtl/stream_fork/stream_fork.v}); used where a
 * feature map feeds two consumers, such as the two branches of a residual block.
 * <p>
 * <b>Back-pressure.</b> Each output has its own {@value #STAGE_DEPTH}-beat output stage, so a consumer that
 * stalls briefly does not hold back a beat another consumer could take; an input beat is accepted only when
 * every stage has room (a credit count per output decides the registered input ready).
 * <p>
 * <b>Timing.</b> {@link #latency()} = 1 cycle; 1 beat per cycle while every consumer takes one per cycle;
 * {@link #runLength(long)} = beats + 1 without stalls.
 *
 * @param dataWidth bits of one beat (all lanes; the fork does not look at them), 1..{@value #MAX_DATA_WIDTH}
 * @param outputs   output streams, 2..{@value #MAX_OUTPUTS}
 */
public record StreamForkConfig(int dataWidth, int outputs) implements BlockConfig {
    /** The widest beat. */
    public static final int MAX_DATA_WIDTH = 16384;
    /** The most outputs. */
    public static final int MAX_OUTPUTS = 64;
    /** Beats held by the stage of each output, as in {@code stream_fork.v}. */
    public static final int STAGE_DEPTH = 2;

    /** Rejects illegal values, naming them and the legal range. */
    public StreamForkConfig {
        if (dataWidth < 1 || dataWidth > MAX_DATA_WIDTH) {
            throw new IllegalArgumentException("stream_fork: dataWidth = " + dataWidth + " is illegal; legal: 1.."
                    + MAX_DATA_WIDTH);
        }
        if (outputs < 2 || outputs > MAX_OUTPUTS) {
            throw new IllegalArgumentException("stream_fork: outputs = " + outputs + " is illegal; legal: 2.."
                    + MAX_OUTPUTS);
        }
    }

    /** The fork of a stream of {@code lanes} values of {@code laneWidth} bits each. */
    public static StreamForkConfig ofLanes(int lanes, int laneWidth, int outputs) {
        if (lanes < 1 || laneWidth < 1) {
            throw new IllegalArgumentException("stream_fork: lanes = " + lanes + ", laneWidth = " + laneWidth
                    + " are illegal; legal: >= 1 each");
        }
        long w = (long) lanes * laneWidth;
        if (w > MAX_DATA_WIDTH) {
            throw new IllegalArgumentException("stream_fork: " + lanes + " lanes × " + laneWidth + " bits = " + w
                    + " bits per beat exceeds " + MAX_DATA_WIDTH);
        }
        return new StreamForkConfig((int) w, outputs);
    }

    /** Bits of TDATA on every stream: {@link #dataWidth} rounded up to whole bytes, zero-padded at the top. */
    public int tdataWidth() {
        return Lanes.byteAligned(dataWidth);
    }

    /** The name of output stream {@code k}: {@code y<k>} (signals {@code m_axis_y<k>_…}). */
    public String outputName(int k) {
        if (k < 0 || k >= outputs) {
            throw new IndexOutOfBoundsException("stream_fork: output " + k + " of " + outputs);
        }
        return "y" + k;
    }

    /** Cycles from a beat's acceptance to its being valid on every output (stages empty): 1. */
    public int latency() {
        return 1;
    }

    /** Run length without stalls, from the first input beat's acceptance to the last output beat: beats + 1. */
    public long runLength(long beats) {
        if (beats < 1) {
            throw new IllegalArgumentException("stream_fork: a run has at least one beat, got " + beats);
        }
        return beats + latency();
    }

    /** A descriptive module name, {@code stream_fork_w<dataWidth>_o<outputs>}. */
    public String moduleName() {
        return "stream_fork_w" + dataWidth + "_o" + outputs;
    }

    @Override
    public String block() {
        return "stream_fork";
    }

    @Override
    public List<Memory> memories() {
        return List.of(Memory.fifo("stage.mem", "output stages", dataWidth, 2, null).get(0).times(outputs));
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("data", dataWidth, "data_outputs", (double) dataWidth * outputs);
    }
}
