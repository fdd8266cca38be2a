package org.adabinhw.simulator;

import java.math.BigInteger;

import org.adabinhw.generator.accelerator.VerificationBuild;

/**
 * The cycle model of {@code axis_stall_gate} (verification builds only): the stream passes through as wires (a
 * {@link Combinational} block), except in a stalled cycle, where the consumer sees no beat and the producer no ready.
 * A cycle stalls when the gate's xorshift register ({@link VerificationBuild#next}) says so ({@link VerificationBuild#stalls}),
 * unless the gate showed a beat the consumer did not take in the cycle before.
 */
public final class AxisStallGateModel implements Combinational {
    private final String name;
    private final Stream<BigInteger> in;
    private final Stream<BigInteger> out;
    private final int seed;
    private final int rate;
    private int state;
    private boolean held;
    private int nextState;
    private boolean nextHeld;

    /**
     * A gate between two streams.
     *
     * @param name instance name
     * @param in   the producer's side ({@code s_axis})
     * @param out  the consumer's side ({@code m_axis})
     * @param seed the register after reset ({@link VerificationBuild#seed})
     * @param rate stalled cycles in 256
     */
    public AxisStallGateModel(String name, Stream<BigInteger> in, Stream<BigInteger> out, int seed, int rate) {
        if (seed == 0 || rate < 0 || rate > 255) {
            throw new IllegalArgumentException(name + ": seed " + seed + " and rate " + rate + " (need a seed not 0, rate 0..255)");
        }
        this.name = name;
        this.in = in;
        this.out = out;
        this.seed = seed;
        this.rate = rate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void reset() {
        state = seed;
        held = false;
    }

    @Override
    public void compute() {
        nextState = VerificationBuild.next(state);
        nextHeld = out.valid() && !out.ready();
    }

    @Override
    public void commit() {
        state = nextState;
        held = nextHeld;
    }

    @Override
    public void settle() {
        boolean stall = VerificationBuild.stalls(state, rate) && !held;
        boolean v = in.nextValid() && !stall;
        out.drive(v, v ? in.nextData() : null);
        in.setReady(out.nextReady() && !stall);
    }
}
