package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.adabinhw.simulator.Beat;
import org.adabinhw.simulator.RunTrace;
import org.junit.jupiter.api.Test;

class ScoreboardTest {
    private static BigInteger b(long v) {
        return BigInteger.valueOf(v);
    }

    private static RunTrace trace(List<Long> accepts, List<Beat<BigInteger>> beats, long cycles, boolean timeout) {
        return new RunTrace(Map.of("in", accepts), Map.of("out", beats), cycles, timeout);
    }

    @Test
    void goldenMismatchesNameTheBeatTheValuesAndTheCycle() {
        RunTrace rtl = trace(List.of(0L, 1L, 2L), List.of(new Beat<>(1, b(10)), new Beat<>(2, b(0xf)), new Beat<>(3, b(12)),
                new Beat<>(4, b(13))), 20, false);
        assertEquals(List.of("output out beat 1: expected 0xb, actual 0xf at cycle 2",
                "output out beat 3: unexpected extra beat 0xd at cycle 4"),
                Scoreboard.golden(Map.of("out", List.of(b(10), b(11), b(12))), rtl, "verilator"));
    }

    @Test
    void missingBeatsAndTimeoutsAreReported() {
        RunTrace rtl = trace(List.of(0L), List.of(new Beat<>(1, b(10))), 500, true);
        assertEquals(List.of("the RTL (icarus) timed out after 500 cycles: output out has 1 of 2 beats",
                "output out beat 1: expected 0xb, the RTL produced only 1 beats"),
                Scoreboard.golden(Map.of("out", List.of(b(10), b(11))), rtl, "icarus"));
    }

    @Test
    void cycleMismatchesNameBothSides() {
        RunTrace rtl = trace(List.of(0L, 2L), List.of(new Beat<>(1, b(1)), new Beat<>(3, b(2))), 20, false);
        RunTrace model = trace(List.of(0L, 1L), List.of(new Beat<>(1, b(1)), new Beat<>(2, b(2))), 19, false);
        assertEquals(List.of("input in beat 1: the simulator accepted it in cycle 1, the RTL in cycle 2",
                "output out beat 1: simulator 0x2 at cycle 2, RTL 0x2 at cycle 3",
                "run: the simulator ran 19 cycles, the RTL 20"), Scoreboard.cycles(model, rtl));
        assertEquals(List.of(), Scoreboard.cycles(rtl, rtl));
    }
}
