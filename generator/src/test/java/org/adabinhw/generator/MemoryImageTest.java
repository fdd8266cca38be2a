package org.adabinhw.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;

import org.junit.jupiter.api.Test;

class MemoryImageTest {
    @Test
    void writesFixedWidthLowerCaseHexAfterTheComment() {
        String s = MemoryImage.hex("rom", 29, List.of(BigInteger.ZERO, BigInteger.valueOf(0x1abcdef0L), BigInteger.ONE),
                List.of("three words"));
        assertEquals("// three words\n00000000\n1abcdef0\n00000001\n", s);
        assertEquals("1\n0\n", MemoryImage.hex("bits", 1, List.of(BigInteger.ONE, BigInteger.ZERO), List.of()));
    }

    @Test
    void rejectsWordsOutsideTheWidthNamingTheWord() {
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> MemoryImage.hex("rom", 8, List.of(BigInteger.ONE, BigInteger.valueOf(256)), List.of()));
        assertTrue(e.getMessage().contains("rom: word 1 = 256"), e.getMessage());
        assertThrows(GeneratorException.class, () -> MemoryImage.hex("rom", 8, List.of(BigInteger.valueOf(-1)), List.of()));
        assertThrows(GeneratorException.class, () -> MemoryImage.hex("rom", 0, List.of(), List.of()));
    }

    @Test
    void varyingBitsLeaveOutLanesConstantInEveryWord() {
        // Bits 7..4 are 1 in every word, bit 0 is 0 in every word: 3 of 8 bits vary.
        String text = MemoryImage.hex("rom", 8, List.of(BigInteger.valueOf(0xf2), BigInteger.valueOf(0xfc), BigInteger.valueOf(0xf6)),
                List.of("a comment"));
        assertEquals(3, MemoryImage.varyingBits(text, 8));
        assertEquals(0, MemoryImage.varyingBits(MemoryImage.hex("rom", 8, List.of(BigInteger.TEN, BigInteger.TEN), List.of()), 8));
        assertEquals(0, MemoryImage.varyingBits("// no words\n", 8));
        assertEquals(8, MemoryImage.varyingBits(MemoryImage.hex("rom", 8, List.of(BigInteger.ZERO, BigInteger.valueOf(255)), List.of()), 8));
    }

    @Test
    void distinctVaryingColumnsCountEachColumnOnceOverImagesReadTogether() {
        // Words 0xf2, 0xfc, 0xf6: bits 1, 2 and 3 vary, over the words 1,0,1 and 0,1,1 and 0,1,0: three columns.
        String a = MemoryImage.hex("a", 8, List.of(BigInteger.valueOf(0xf2), BigInteger.valueOf(0xfc), BigInteger.valueOf(0xf6)),
                List.of());
        assertEquals(3, MemoryImage.distinctVaryingColumns(List.of(a), List.of(8)));
        // A second image whose bit 0 repeats the first's bit 1 (1,0,1) and whose bit 1 (1,0,0) is new: one more column.
        String b = MemoryImage.hex("b", 4, List.of(BigInteger.valueOf(0b11), BigInteger.valueOf(0b00), BigInteger.valueOf(0b01)),
                List.of());
        assertEquals(4, MemoryImage.distinctVaryingColumns(List.of(a, b), List.of(8, 4)));
        // Two words have at most two varying columns, however wide.
        String wide = MemoryImage.hex("w", 64, List.of(BigInteger.valueOf(0x5555_5555_5555_5555L),
                BigInteger.valueOf(0x2aaa_aaaa_aaaa_aaaaL)), List.of());
        assertEquals(2, MemoryImage.distinctVaryingColumns(List.of(wide), List.of(64)));
        String twoWords = MemoryImage.hex("c", 4, List.of(BigInteger.ONE, BigInteger.TWO), List.of());
        assertThrows(IllegalArgumentException.class, () -> MemoryImage.distinctVaryingColumns(List.of(a, twoWords), List.of(8, 4)));
    }
}
