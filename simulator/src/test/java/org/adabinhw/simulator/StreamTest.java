package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

class StreamTest {
    /** A producer whose TVALID and TDATA follow given functions of the cycle, ignoring TREADY. */
    private static final class Scripted implements Block {
        private final Stream<Integer> out;
        private final IntPredicate valid;
        private final java.util.function.IntUnaryOperator data;
        private int cycle;

        Scripted(Stream<Integer> out, IntPredicate valid, java.util.function.IntUnaryOperator data) {
            this.out = out;
            this.valid = valid;
            this.data = data;
        }

        @Override
        public String name() {
            return "scripted";
        }

        @Override
        public void reset() {
            cycle = 0;
            out.drive(valid.test(0), data.applyAsInt(0));
        }

        @Override
        public void compute() {
        }

        @Override
        public void commit() {
            cycle++;
            out.drive(valid.test(cycle), data.applyAsInt(cycle));
        }
    }

    /** A consumer that is never ready. */
    private static final class Stalled implements Block {
        private final Stream<Integer> in;

        Stalled(Stream<Integer> in) {
            this.in = in;
        }

        @Override
        public String name() {
            return "stalled";
        }

        @Override
        public void reset() {
            in.setReady(false);
        }

        @Override
        public void compute() {
        }

        @Override
        public void commit() {
            in.setReady(false);
        }
    }

    private static ProtocolViolation violation(IntPredicate valid, java.util.function.IntUnaryOperator data) {
        Simulation sim = new Simulation();
        Stream<Integer> s = sim.stream("s");
        sim.add(new Scripted(s, valid, data));
        sim.add(new Stalled(s));
        sim.reset();
        return assertThrows(ProtocolViolation.class, () -> {
            for (int i = 0; i < 10; i++) {
                sim.step();
            }
        });
    }

    @Test
    void droppingValidBeforeTheTransferIsAViolation() {
        ProtocolViolation e = violation(c -> c < 3, c -> 7);
        assertEquals("stream s, cycle 2: TVALID was high without a transfer, so the next cycle must hold it with the"
                + " same TDATA, but it dropped TVALID", e.getMessage());
    }

    @Test
    void changingDataBeforeTheTransferIsAViolation() {
        ProtocolViolation e = violation(c -> true, c -> c / 4);
        assertTrue(e.getMessage().contains("cycle 3") && e.getMessage().contains("changed TDATA"), e.getMessage());
    }

    @Test
    void aStreamNeedsExactlyOneProducerAndOneConsumer() {
        Simulation sim = new Simulation();
        Stream<Integer> s = sim.stream("s");
        sim.add(new Scripted(s, c -> false, c -> 0));
        ProtocolViolation e = assertThrows(ProtocolViolation.class, sim::reset);
        assertTrue(e.getMessage().contains("0 consumers"), e.getMessage());
        sim.add(new Stalled(s));
        sim.add(new Scripted(s, c -> false, c -> 0));
        e = assertThrows(ProtocolViolation.class, sim::reset);
        assertTrue(e.getMessage().contains("2 producers"), e.getMessage());
    }

    @Test
    void arraysAreHeldByValue() {
        Stream<int[]> s = new Stream<>("a");
        s.drive(true, new int[] {1, 2});
        s.setReady(false);
        s.start();
        s.drive(true, new int[] {1, 2});
        s.setReady(true);
        s.advance();
        assertTrue(s.fire());
    }
}
