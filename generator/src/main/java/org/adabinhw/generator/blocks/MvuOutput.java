package org.adabinhw.generator.blocks;

/**
 * The output side both matrix-vector units share ({@code mvu_drain}): PE channels accumulated in parallel leave
 * {@code lanes} at a time, {@link #groups()} groups per fold on consecutive cycles, into an output FIFO of
 * {@link #outputDepth()} beats.
 */
public interface MvuOutput {
    /** Output channels. */
    int outChannels();

    /** Output channels accumulated in parallel. */
    int pe();

    /** Output channels per output beat. */
    int lanes();

    /** Output groups of a fold, PE/lanes: the cycles its drain takes. */
    default int groups() {
        return pe() / lanes();
    }

    /** Output beats per output pixel, {@code outChannels / lanes}. */
    default int outGroups() {
        return outChannels() / lanes();
    }

    /** Beats the output FIFO holds: a fold's groups and 7 for the results in the pipeline when the next fold ends. */
    default int outputDepth() {
        return groups() + 7;
    }
}
