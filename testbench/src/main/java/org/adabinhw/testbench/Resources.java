package org.adabinhw.testbench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The static harness files of this module's class path ({@code harness/…}). */
final class Resources {
    private Resources() {
    }

    static String read(String path) {
        try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new ToolException("harness file " + path + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolException("cannot read harness file " + path + ": " + e.getMessage(), e);
        }
    }
}
