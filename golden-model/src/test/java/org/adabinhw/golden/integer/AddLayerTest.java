package org.adabinhw.golden.integer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.adabinhw.golden.ir.Shape;
import org.junit.jupiter.api.Test;

class AddLayerTest {

    @Test
    void addsAndSaturatesAtTheStreamLimits() {
        QuantConfig q = new QuantConfig(8, 4, 8, 8, 16); // stream −128..127
        AddLayer add = new AddLayer("add", "a", "b", new Shape(1, 1, 6), q);
        assertEquals(List.of("a", "b"), add.inputs());
        int[] a = {100, -100, 50, 127, -128, 64};
        int[] b = {100, -100, -20, 0, -1, 63};
        IntLayer.Stats stats = new IntLayer.Stats();
        // 200 → 127, −200 → −128, 30, 127 (exactly the limit), −129 → −128, 127.
        assertArrayEquals(new int[] {127, -128, 30, 127, -128, 127}, add.apply(List.of(a, b), stats));
        assertArrayEquals(new long[] {3, 6}, stats.of("add"));
    }

    @Test
    void defaultStreamIsTwentyEightBits() {
        QuantConfig q = QuantConfig.DEFAULT;
        AddLayer add = new AddLayer("add", "a", "b", new Shape(1, 1, 2), q);
        int max = (1 << 27) - 1;
        assertArrayEquals(new int[] {max, -(1 << 27)},
                add.apply(List.of(new int[] {max, -(1 << 26)}, new int[] {1, -(1 << 26) - 1}), null));
    }
}
