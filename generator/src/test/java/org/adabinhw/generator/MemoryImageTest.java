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
}
