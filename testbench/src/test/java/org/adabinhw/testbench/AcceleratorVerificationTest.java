package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.GeneratorException;
import org.adabinhw.simulator.AcceleratorBeats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The beat formats of a whole-accelerator run and the checks on a generated directory. */
class AcceleratorVerificationTest {
    @TempDir
    Path dir;

    @Test
    void pixelsGoOneBeatPerPixelChannelCInByteC() {
        // Two channels of a 1 x 2 image: channel 0 = {1, 2}, channel 1 = {3, 4}.
        List<BigInteger> beats = AcceleratorBeats.pixelBeats(List.of(new int[] {1, 2, 3, 4}), 2);
        assertEquals(List.of(BigInteger.valueOf(0x0301), BigInteger.valueOf(0x0402)), beats);
    }

    @Test
    void logitsCarryTlastAboveTheLogitOnTheLastClass() {
        List<BigInteger> beats = AcceleratorBeats.logitBeats(new int[][] {{-1, 5}}, 32);
        assertEquals(BigInteger.valueOf(0xffffffffL), beats.get(0));
        assertEquals(BigInteger.ONE.shiftLeft(32).add(BigInteger.valueOf(5)), beats.get(1));
    }

    @Test
    void aDirectoryThatIsNotGeneratedOutputIsNamed() throws IOException {
        GeneratorException e = assertThrows(GeneratorException.class, () -> AcceleratorVerification.load(dir));
        assertTrue(e.getMessage().contains("accelerator.json"), e.getMessage());
        Files.writeString(dir.resolve("accelerator.json"), "{\"format\": \"something-else\"}");
        e = assertThrows(GeneratorException.class, () -> AcceleratorVerification.load(dir));
        assertTrue(e.getMessage().contains("not an adabin-hw accelerator description"), e.getMessage());
    }
}
