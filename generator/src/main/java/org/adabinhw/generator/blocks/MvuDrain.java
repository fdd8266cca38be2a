package org.adabinhw.generator.blocks;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.Lanes;

/**
 * {@code rtl/mvu_drain/mvu_drain.v}, the output side shared by {@code binary_mvu} and {@code real_mvu}: a fold's
 * PE finished values leave {@code lanes} at a time through the shared output stages, PE/lanes groups on
 * consecutive cycles. It is a part of those two cores, not a block of its own.
 */
public final class MvuDrain {
    /** The part's folder in {@code rtl-templates} and its module. */
    public static final String BLOCK = "mvu_drain";
    /** The part's file name. */
    public static final String CORE_FILE = "mvu_drain.v";

    private MvuDrain() {
    }

    /**
     * A per-channel constant ROM read by output group: word {@code k} holds channel {@code k·lanes + i} in lane
     * {@code i} of {@code width} bits.
     */
    public static List<BigInteger> groupWords(long[] perChannel, int lanes, int width) {
        List<BigInteger> words = new ArrayList<>();
        for (int k = 0; k < perChannel.length / lanes; k++) {
            long[] v = new long[lanes];
            System.arraycopy(perChannel, k * lanes, v, 0, lanes);
            words.add(Lanes.pack(v, width));
        }
        return words;
    }

    /**
     * The bias ROM read by output group and border class: word {@code k·classes + class} holds the bias of channel
     * {@code k·lanes + i} and that class ({@code bias[channel·classes + class]}) in lane {@code i} of {@code width} bits.
     */
    public static List<BigInteger> biasWords(long[] bias, int outChannels, int lanes, int classes, int width) {
        List<BigInteger> words = new ArrayList<>();
        for (int k = 0; k < outChannels / lanes; k++) {
            for (int cls = 0; cls < classes; cls++) {
                long[] v = new long[lanes];
                for (int i = 0; i < lanes; i++) {
                    v[i] = bias[(k * lanes + i) * classes + cls];
                }
                words.add(Lanes.pack(v, width));
            }
        }
        return words;
    }
}
