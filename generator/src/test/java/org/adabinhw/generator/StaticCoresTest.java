package org.adabinhw.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticCoresTest {
    @TempDir
    Path dir;

    @Test
    void aDirectoryOfCoresOverridesTheClassPathForTheFilesItHas() throws IOException {
        String original = StaticCores.read("axis_fifo", "axis_fifo.v");
        assertTrue(original.contains("module axis_fifo"), "the class path's core");
        Files.createDirectories(dir.resolve("axis_fifo"));
        Files.writeString(dir.resolve("axis_fifo").resolve("axis_fifo.v"), "// mutated\n");
        String before = System.getProperty(StaticCores.DIRECTORY);
        try {
            System.setProperty(StaticCores.DIRECTORY, dir.toString());
            assertEquals("// mutated\n", StaticCores.read("axis_fifo", "axis_fifo.v"));
            // A core the directory lacks still comes from the class path.
            assertTrue(StaticCores.read("stream_add", "stream_add.v").contains("module stream_add"));
            System.setProperty(StaticCores.DIRECTORY, "");
            assertEquals(original, StaticCores.read("axis_fifo", "axis_fifo.v"));
        } finally {
            if (before == null) {
                System.clearProperty(StaticCores.DIRECTORY);
            } else {
                System.setProperty(StaticCores.DIRECTORY, before);
            }
        }
    }
}
