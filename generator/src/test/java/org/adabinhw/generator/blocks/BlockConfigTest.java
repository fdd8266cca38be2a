package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.adabinhw.generator.estimate.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every {@link BlockConfig} promises the generator and the estimate, checked on one small instance of each. */
class BlockConfigTest {
    private static final BinaryMvuConfig MVU = new BinaryMvuConfig(16, 32, 3, 16, 8, 28, 28, 2, 1, 28, 27);

    /** One legal instance of every permitted record (small values, most taken from the testbench grids). */
    static Stream<BlockConfig> configs() {
        return Stream.of(
                new AffineUnitConfig(4, 2, 12, 10),
                new AvgPoolConfig(2, 2, 8, 2, 2, 0, 4, 4),
                new AxisFifoConfig(37, 16),
                new AxisTlastConfig(8, 10),
                MVU,
                new HeadUnitConfig(4, 2, 2, 2, 3, 3, 12, 8),
                new MaxPoolConfig(1, 1, 8, 3, 1, 1, 5, 5),
                new PiecewiseUnitConfig(6, 3, 7, 12),
                new RealMvuConfig(2, 4, 3, 1, 2, 4, 4, 1, 1, true, 12, 8),
                new ShortcutAConfig(16, 8, 8, 2, 8, 8, 28),
                new SlidingWindowConfig(16, 4, 1, 3, 1, 1, 8, 8),
                new StreamAddConfig(6, 3, 7),
                new StreamDwcConfig(4, 2, 1, 8),
                new StreamForkConfig(8, 2),
                new ThresholdUnitConfig(16, 4, 28));
    }

    @Test
    void everyPermittedRecordIsCovered() {
        Set<Class<?>> covered = new LinkedHashSet<>();
        configs().forEach(c -> covered.add(c.getClass()));
        Set<Class<?>> permitted = new LinkedHashSet<>(Arrays.asList(BlockConfig.class.getPermittedSubclasses()));
        assertEquals(permitted, covered);
    }

    @ParameterizedTest
    @MethodSource("configs")
    void jsonHasTheComponentsInOrderWithTheirValues(BlockConfig c) throws ReflectiveOperationException {
        ObjectNode o = c.toJson();
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        RecordComponent[] components = c.getClass().getRecordComponents();
        assertEquals(Arrays.stream(components).map(RecordComponent::getName).toList(), names, c.block());
        for (RecordComponent rc : components) {
            Object v = rc.getAccessor().invoke(c);
            JsonNode n = o.get(rc.getName());
            if (v instanceof Boolean b) {
                assertTrue(n.isBoolean(), c.block() + "." + rc.getName() + " = " + n);
                assertEquals(b, n.booleanValue(), c.block() + "." + rc.getName());
            } else {
                assertTrue(n.isIntegralNumber(), c.block() + "." + rc.getName() + " = " + n);
                assertEquals(((Number) v).longValue(), n.longValue(), c.block() + "." + rc.getName());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void costTermsStartWithTheConstantAndAreNonNegative(BlockConfig c) {
        Map<String, Double> t = c.costTerms();
        Map.Entry<String, Double> first = t.entrySet().iterator().next();
        assertEquals("1", first.getKey(), c.block());
        assertEquals(1.0, first.getValue(), c.block());
        t.forEach((k, v) -> assertTrue(v != null && !v.isNaN() && v >= 0, c.block() + " term " + k + " = " + v));
    }

    @ParameterizedTest
    @MethodSource("configs")
    void memoriesHaveAShape(BlockConfig c) {
        for (Memory m : c.memories()) {
            assertTrue(m.width() > 0 && m.depth() > 0 && m.copies() > 0, c.block() + ": " + m);
        }
    }

    @ParameterizedTest
    @MethodSource("configs")
    void oneStylePerParameter(BlockConfig c) {
        Set<String> parameters = new LinkedHashSet<>();
        for (Memory m : c.memories()) {
            if (m.parameter() != null) {
                parameters.add(m.parameter());
            }
        }
        Map<String, String> styles = c.styles(Family.XILINX_7);
        assertEquals(parameters, styles.keySet(), c.block());
        styles.forEach((p, s) -> assertTrue(Set.of("logic", "distributed", "block").contains(s),
                c.block() + ": " + p + " = " + s));
    }

    @Test
    void binaryMvuMemoriesAndMultipliers() {
        Memory weights = MVU.memories().stream().filter(m -> m.name().equals("weight_rom")).findFirst().orElseThrow();
        assertEquals(128, weights.width());
        assertEquals(36, weights.depth());
        assertTrue(weights.rom());
        assertEquals("WEIGHT_STYLE", weights.parameter());
        assertEquals(List.of(new BlockConfig.Multiplier(27, MVU.pxWidth(), 16)), MVU.multipliers());
    }

    @Test
    void tinyFifosAreRegistersWithoutAStyleParameter() {
        BlockConfig c = new StreamForkConfig(8, 2);
        assertEquals(List.of(new Memory("stage.mem", "output stages", 8, 1, false, true, null, 2)), c.memories());
        assertTrue(c.styles(Family.XILINX_7).isEmpty());
        assertEquals(MemoryStyle.LOGIC, c.style(c.memories().get(0), Family.ICE40));
        assertTrue(new AxisFifoConfig(8, 3).styles(Family.XILINX_7).isEmpty());
        assertEquals(java.util.Map.of("MEM_STYLE", "distributed"), new AxisFifoConfig(8, 4).styles(Family.XILINX_7));
        assertFalse(c.costTerms().isEmpty());
    }
}
