package org.adabinhw.generator.blocks;

import java.util.Map;

/**
 * One {@code axis_tlast} ({@code rtl/accelerator/axis_tlast.v}): passes a stream through unchanged and raises
 * {@code tlast} on beats {@code frame − 1}, {@code 2·frame − 1}, … counted from reset. The accelerator's top
 * puts one on its output, with {@code frame} = the classes of an image.
 * <p>
 * <b>Timing.</b> No register on the stream: TDATA, TVALID and TREADY are wires (latency 0); {@code tlast} is
 * decoded from the beat counter, which advances when TVALID and the downstream TREADY are both high.
 *
 * @param dataWidth bits of one beat's data, ≥ 1
 * @param frame     beats per frame, ≥ 1
 */
public record AxisTlastConfig(int dataWidth, int frame) implements BlockConfig {
    /** Rejects illegal values, naming them. */
    public AxisTlastConfig {
        if (dataWidth < 1 || frame < 1) {
            throw new IllegalArgumentException("axis_tlast: dataWidth = " + dataWidth + ", frame = " + frame
                    + " are illegal; legal: >= 1 each");
        }
    }

    /** Bits of a beat with its {@code tlast}: {@code {tlast, data}}, as the verification top carries it. */
    public int beatWithLastWidth() {
        return dataWidth + 1;
    }

    /** A descriptive module name for a stand-alone wrapper, {@code axis_tlast_w<dataWidth>_f<frame>}. */
    public String moduleName() {
        return "axis_tlast_w" + dataWidth + "_f" + frame;
    }

    @Override
    public String block() {
        return "axis_tlast";
    }

    @Override
    public Map<String, Double> costTerms() {
        return BlockConfig.terms("data", dataWidth, "count", log2(frame + 1));
    }

    private static double log2(long n) {
        return BlockConfig.log2(n);
    }
}
