package org.adabinhw.golden.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void constructorRejectsShapeThatDoesNotMatchData() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NdArray(new int[] {2, 3}, new double[5], "float32"));
        assertEquals("shape [2, 3] holds 6 elements but data has 5", e.getMessage());
    }

    @Test
    void constructorRejectsNegativeDimensionAndBlankDtype() {
        assertThrows(IllegalArgumentException.class, () -> NdArray.of(new int[] {-1}, new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new NdArray(new int[] {1}, new double[1], " "));
    }

    @Test
    void scalarHasRankZeroAndOneElement() {
        NdArray s = NdArray.of(new int[0], new double[] {4.5});
        assertEquals(0, s.rank());
        assertEquals(1, s.size());
        assertEquals(4.5, s.get());
        assertEquals("float64", s.dtype());
    }

    @Test
    void getUsesRowMajorOrderAndChecksBounds() {
        NdArray a = NdArray.of(new int[] {2, 3}, new double[] {0, 1, 2, 3, 4, 5});
        assertEquals(5, a.get(1, 2));
        assertEquals(3, a.get(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(1));
    }

    @Test
    void shapeIsCopiedAndEqualityIsByContent() {
        int[] shape = {2};
        NdArray a = NdArray.of(shape, new double[] {1, 2});
        shape[0] = 7;
        a.shape()[0] = 9;
        assertArrayEquals(new int[] {2}, a.shape());
        assertEquals(a, NdArray.of(new int[] {2}, new double[] {1, 2}));
        assertEquals(a.hashCode(), NdArray.of(new int[] {2}, new double[] {1, 2}).hashCode());
        assertNotEquals(a, new NdArray(new int[] {2}, new double[] {1, 2}, "float32"));
    }

    @Test
    void checkFiniteNamesFileKeyIndexAndValue() {
        double[] data = new double[16];
        data[12] = Double.NaN;
        NdArray a = new NdArray(new int[] {4, 4}, data, "float32");
        var e = assertThrows(ModelFormatException.class, () -> NdArray.checkFinite(Path.of("x.th"), "k", a));
        assertEquals("x.th: tensor 'k' contains NaN at index 12 (element [3, 0] of shape [4, 4]); "
                + "all values must be finite", e.getMessage());

        NdArray inf = NdArray.of(new int[] {3}, new double[] {0, Double.NEGATIVE_INFINITY, 1});
        var e2 = assertThrows(ModelFormatException.class, () -> NdArray.checkFinite(Path.of("y.npy"), "v", inf));
        assertEquals("y.npy: tensor 'v' contains -Infinity at index 1; all values must be finite", e2.getMessage());

        assertDoesNotThrow(() -> NdArray.checkFinite(Path.of("z"), "ok", NdArray.of(new int[] {1}, new double[] {1})));
    }

    @Test
    void modelFormatExceptionAtPrefixesTheFile() {
        var e = ModelFormatException.at(Path.of("model.th"),
                "tensor 'layer1.0.conv1.weight' has shape [16, 16, 3] but [16, 16, 3, 3] was expected");
        assertEquals("model.th: tensor 'layer1.0.conv1.weight' has shape [16, 16, 3] but [16, 16, 3, 3] "
                + "was expected", e.getMessage());
    }
}
