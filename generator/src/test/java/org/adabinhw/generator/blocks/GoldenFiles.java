package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares generated text with a golden file under {@code src/test/resources/golden}; with
 * {@code -Dgolden.update=true} it rewrites the file instead (review the diff after an intended change).
 */
final class GoldenFiles {
    private GoldenFiles() {
    }

    static void assertGolden(String file, String actual) throws IOException {
        if (Boolean.getBoolean("golden.update")) {
            Path p = Path.of("src/test/resources/golden", file);
            Files.createDirectories(p.getParent());
            Files.writeString(p, actual, StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new AssertionError("golden file " + file + " is missing; run with -Dgolden.update=true");
            }
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), actual, "golden file " + file);
        }
    }
}
