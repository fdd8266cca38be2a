package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.AxisFifoRtl;
import org.adabinhw.simulator.StallPattern;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    private static final RtlDesign FIFO = AxisFifoRtl.design(new VerilogRenderer(), "f", new AxisFifoConfig(12, 2));

    @Test
    void rejectsStreamsThePatternAndValuesThatDoNotFitTheDesign() {
        List<BigInteger> ok = List.of(BigInteger.ONE);
        StallPattern p = StallPattern.none(1, 1);
        new Scenario("ok", FIFO, Map.of("in", ok), Map.of("out", ok), p, 1, null);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Scenario("x", FIFO, Map.of("a", ok), Map.of("out", ok), p, 1, null)).getMessage()
                .contains("no stimulus for stream in"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Scenario("x", FIFO, Map.of("in", List.of(BigInteger.ONE.shiftLeft(16))), Map.of("out", ok), p, 1,
                        null)).getMessage().contains("beat 0: 65536 does not fit TDATA of 16 bits"));
        assertThrows(IllegalArgumentException.class,
                () -> new Scenario("x", FIFO, Map.of("in", ok), Map.of("out", ok), StallPattern.none(2, 1), 1, null));
        assertThrows(IllegalArgumentException.class, () -> new Scenario("../x", FIFO, Map.of("in", ok), Map.of("out", ok), p, 1,
                null));
    }
}
