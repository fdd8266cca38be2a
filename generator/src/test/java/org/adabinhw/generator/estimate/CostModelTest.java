package org.adabinhw.generator.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.generator.blocks.MemoryStyle;
import org.junit.jupiter.api.Test;

class CostModelTest {
    private static Map<String, Double> terms(double x, double y, double z) {
        Map<String, Double> t = new LinkedHashMap<>();
        t.put("1", 1.0);
        t.put("x", x);
        t.put("y", y);
        t.put("z", z);
        return t;
    }

    private static void assertRelative(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), what);
    }

    @Test
    void fitRecoversNonNegativeCoefficientsOfExactData() {
        double[][] xyz = {{1, 4, 0}, {2, 9, 0}, {5, 1, 0}, {8, 30, 0}, {13, 7, 0}, {40, 22, 0}};
        List<Map<String, Double>> terms = new ArrayList<>();
        List<Resources> measured = new ArrayList<>();
        for (double[] s : xyz) {
            terms.add(terms(s[0], s[1], s[2]));
            measured.add(new Resources(3 + 2 * (long) s[0], 5 * (long) s[1], 0, 0, 0, 0));
        }
        Map<String, Map<String, Double>> fit = CostModel.fit(terms, measured);
        assertEquals(List.of("lut", "ff"), new ArrayList<>(fit.keySet()));
        Map<String, Double> lut = fit.get("lut");
        assertRelative(3, lut.get("1"), "lut 1");
        assertRelative(2, lut.get("x"), "lut x");
        assertRelative(0, lut.get("y"), "lut y");
        Map<String, Double> ff = fit.get("ff");
        assertRelative(0, ff.get("1"), "ff 1");
        assertRelative(0, ff.get("x"), "ff x");
        assertRelative(5, ff.get("y"), "ff y");
        fit.forEach((r, c) -> c.forEach((k, v) -> assertTrue(v >= 0, r + " " + k + " = " + v)));
    }

    @Test
    void fitGivesZeroNotNegative() {
        // ff = 5·y − z: the least-squares coefficient of z is −1; the cost of a term is never negative.
        double[][] yz = {{4, 1}, {9, 3}, {10, 2}, {30, 7}, {17, 5}, {22, 4}};
        List<Map<String, Double>> terms = new ArrayList<>();
        List<Resources> measured = new ArrayList<>();
        for (double[] s : yz) {
            terms.add(terms(0, s[0], s[1]));
            measured.add(new Resources(0, 5 * (long) s[0] - (long) s[1], 0, 0, 0, 0));
        }
        Map<String, Double> ff = CostModel.fit(terms, measured).get("ff");
        assertEquals(0.0, ff.get("z"));
        ff.forEach((k, v) -> assertTrue(v >= 0, "ff " + k + " = " + v));
        assertTrue(ff.get("y") > 0, ff.toString());
    }

    @Test
    void termsIncludeMemoryAndMultiplierTerms() {
        BinaryMvuConfig c = new BinaryMvuConfig(16, 32, 3, 16, 8, 28, 28, 2, 1, 28, 27);
        for (Family f : Family.values()) {
            Map<String, Double> t = CostModel.terms(c, f);
            for (String k : List.of("1", "rom_logic", "ram_logic", "lutram", "bram", "dsp", "mul_lut")) {
                assertTrue(t.containsKey(k), f.id() + " has no term " + k + ": " + t.keySet());
            }
            for (String k : c.costTerms().keySet()) {
                assertEquals(c.costTerms().get(k), t.get(k), f.id() + " term " + k);
            }
            assertEquals((double) CostModel.dsp(c, f), t.get("dsp"), f.id());
        }
    }

    @Test
    void fifoMemoryIsBlockRamWithItsFill() {
        List<CostModel.MemoryUse> uses = CostModel.memories(new AxisFifoConfig(896, 134), Family.XILINX_7);
        assertEquals(1, uses.size());
        CostModel.MemoryUse u = uses.get(0);
        assertEquals(MemoryStyle.BLOCK, u.style());
        assertEquals(896, u.memory().width());
        assertEquals(133, u.memory().depth());
        assertEquals(25, u.bram());
        assertEquals(0, u.lutram());
        assertEquals("25 × RAMB18E1", u.primitive());
        assertEquals(896.0 * 133 / (25 * 18432), u.fill(), 1e-12);
    }
}
