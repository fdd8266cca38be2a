package org.adabinhw.generator.blocks;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.estimate.Family;

/**
 * The configuration record of one block: the one place where its parameters live. The builder renders its
 * wrapper from it, the simulator builds its cycle model from it and the estimate costs it
 * ({@code org.adabinhw.generator.estimate.CostModel}) from its {@link #memories} and {@link #costTerms}.
 */
public sealed interface BlockConfig permits AffineUnitConfig, AvgPoolConfig, AxisFifoConfig, AxisTlastConfig, BinaryMvuConfig,
        HeadUnitConfig, MaxPoolConfig, PiecewiseUnitConfig, RealMvuConfig, ShortcutAConfig, SlidingWindowConfig,
        StreamAddConfig, StreamDwcConfig, StreamForkConfig, ThresholdUnitConfig {
    /** The block's name: its folder in {@code rtl-templates} and its core module, e.g. {@code binary_mvu}. */
    String block();

    /** A descriptive module name for a stand-alone wrapper. */
    String moduleName();

    /** Every memory of the core, in declaration order; none for blocks without memories. */
    default List<Memory> memories() {
        return List.of();
    }

    /**
     * The structural terms of the block's cost model, by name: counts of the things its logic is made of (XNOR
     * lanes, adder bits, register bits, …) whose coefficients the calibration fits per family and resource.
     * The constant term {@code "1"} is always there.
     */
    Map<String, Double> costTerms();

    /**
     * The same with the block's memory images: by suffix ({@code Memory#image}), the text of the image, or null when
     * unknown. A block whose logic depends on its constants (a comparator against a constant, say) says so here; the
     * keys are those of {@link #costTerms()}.
     */
    default Map<String, Double> costTerms(Function<String, String> images) {
        return costTerms();
    }

    /** The multipliers of the core: each a signed {@code a × b} product, with how many there are. */
    default List<Multiplier> multipliers() {
        return List.of();
    }

    /**
     * The style of every style parameter of the core on a family ({@link MemoryStyle#of(List, Family)} over the
     * memories that share the parameter), e.g. {@code WEIGHT_STYLE → "block"}.
     */
    default Map<String, String> styles(Family family) {
        Map<String, List<Memory>> groups = new LinkedHashMap<>();
        for (Memory m : memories()) {
            if (m.parameter() != null) {
                groups.computeIfAbsent(m.parameter(), k -> new ArrayList<>()).add(m);
            }
        }
        Map<String, String> styles = new LinkedHashMap<>();
        groups.forEach((p, ms) -> styles.put(p, MemoryStyle.of(ms, family).attribute()));
        return styles;
    }

    /** The style of one memory of this block on a family. */
    default MemoryStyle style(Memory m, Family family) {
        return m.parameter() == null ? MemoryStyle.LOGIC : MemoryStyle.valueOf(styles(family).get(m.parameter())
                .toUpperCase(java.util.Locale.ROOT));
    }

    /** The style parameter's value for a family id, as the wrapper templates ask for it. */
    default String style(String parameter, String familyId) {
        String s = styles(Family.of(familyId)).get(parameter);
        if (s == null) {
            throw new IllegalArgumentException(block() + ": no memory style parameter " + parameter);
        }
        return s;
    }

    /** The record's components as a JSON object, in declaration order (its form in {@code accelerator.json}). */
    default ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        for (RecordComponent c : getClass().getRecordComponents()) {
            try {
                o.set(c.getName(), Json.MAPPER.valueToTree(c.getAccessor().invoke(this)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(block() + ": cannot read " + c.getName(), e);
            }
        }
        return o;
    }

    /**
     * One kind of multiplier of a core.
     *
     * @param a     bits of the first signed operand
     * @param b     bits of the second signed operand
     * @param count how many the core has
     * @param split whether the core writes it as {@code mul_split}, cutting {@code a} where
     *              {@link org.adabinhw.generator.estimate.Multipliers#split} says
     */
    record Multiplier(int a, int b, int count, boolean split) {
        /** A multiplier the core writes as one multiplication. */
        public Multiplier(int a, int b, int count) {
            this(a, b, count, false);
        }
    }

    /**
     * The {@code MUL_SPLIT} parameter of the core's {@code mul_split} on a family: the low bits of the first operand
     * of its split multiplier multiplied apart (0: one multiplication, or no split multiplier).
     */
    default int mulSplit(Family family) {
        for (Multiplier m : multipliers()) {
            if (m.split()) {
                return org.adabinhw.generator.estimate.Multipliers.split(m.a(), m.b(), family);
            }
        }
        return 0;
    }

    /** Cost terms from name, value pairs, in order, with the constant term {@code "1"} first. */
    static Map<String, Double> terms(Object... nameValues) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("1", 1.0);
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], ((Number) nameValues[i + 1]).doubleValue());
        }
        return m;
    }

    /**
     * The bits of a {@code width}-bit constant ROM that vary between its words, from its image by suffix
     * ({@link org.adabinhw.generator.MemoryImage#varyingBits}); all {@code width} when the image is unknown. A bit
     * every word shares is a constant operand bit, which synthesis folds into the logic it feeds.
     */
    static double varyingBits(Function<String, String> images, String suffix, int width) {
        String text = images.apply(suffix);
        return text == null ? width : org.adabinhw.generator.MemoryImage.varyingBits(text, width);
    }

    /** {@code ⌈log2 n⌉}, 0 for n ≤ 1: the bits of a counter over n values. */
    static double log2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /** The shared mapper. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {
        }
    }
}
