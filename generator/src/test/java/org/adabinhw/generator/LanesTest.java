package org.adabinhw.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;

import org.junit.jupiter.api.Test;

class LanesTest {
    @Test
    void laneZeroIsLeastSignificantInTwosComplement() {
        assertEquals(BigInteger.valueOf(0xf1), Lanes.pack(new long[] {1, -1}, 4));
        assertEquals(new BigInteger("7fffffff" + "80000000", 16), Lanes.pack(new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE}, 32));
        assertArrayEquals(new long[] {1, -1}, Lanes.unpack(BigInteger.valueOf(0xf1), 2, 4, true));
        assertArrayEquals(new long[] {1, 15}, Lanes.unpack(BigInteger.valueOf(0xf1), 2, 4, false));
    }

    @Test
    void packThenUnpackIsTheIdentityForRandomOddWidths() {
        Random r = new Random(5);
        for (int width : new int[] {1, 2, 7, 28, 29, 33, 63}) {
            long[] v = new long[37];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextLong() >> (64 - width);
            }
            BigInteger p = Lanes.pack(v, width);
            assertTrue(p.bitLength() <= v.length * width);
            assertArrayEquals(v, Lanes.unpack(p, v.length, width, true), "width " + width);
        }
    }

    @Test
    void wordsAndNumbersConvertBothWays() {
        Random r = new Random(8);
        for (int bits : new int[] {1, 63, 64, 65, 200}) {
            BigInteger v = new BigInteger(bits, r).setBit(bits - 1);
            long[] words = Lanes.toWords(v, (bits + 63) / 64);
            assertEquals(v, Lanes.fromWords(words), bits + " bits");
            assertEquals(v.longValue(), words[0]);
        }
        assertArrayEquals(new long[] {-1L, 0}, Lanes.toWords(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE), 2));
        assertArrayEquals(new long[] {5}, Lanes.toWords(BigInteger.ONE.shiftLeft(70).or(BigInteger.valueOf(5)), 1),
                "higher words are dropped");
    }

    @Test
    void rejectsValuesThatDoNotFitNamingTheLane() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.pack(new long[] {0, 16}, 4));
        assertTrue(e.getMessage().contains("lane 1 = 16"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Lanes.pack(new long[] {-9}, 4));
        assertThrows(IllegalArgumentException.class, () -> Lanes.pack(new long[] {0}, 0));
    }

    @Test
    void byteAlignment() {
        assertEquals(8, Lanes.byteAligned(1));
        assertEquals(8, Lanes.byteAligned(8));
        assertEquals(32, Lanes.byteAligned(28));
        assertEquals(40, Lanes.byteAligned(37));
        assertThrows(IllegalArgumentException.class, () -> Lanes.byteAligned(0));
    }
}
