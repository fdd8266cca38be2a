package org.adabinhw.simulator;

/**
 * A block whose outputs are wires from its inputs and registers, not registers alone (the one exception to
 * the rule of {@link Block}; {@code axis_tlast} is the only such block). Besides the two phases of every block
 * it {@link #settle settles}: after every block has committed, it reads the signals its neighbours drive for
 * the next cycle and drives its own from them, so that it adds no cycle to the path, as in the RTL.
 * <p>
 * {@link #reset()} and {@link #commit()} of such a block drive nothing; {@link #settle()} drives every
 * signal the block produces, once per cycle and once after reset.
 */
public interface Combinational extends Block {
    /** Drives this block's signals for the next cycle from the next-cycle signals of its neighbours. */
    void settle();
}
