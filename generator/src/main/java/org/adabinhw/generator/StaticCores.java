package org.adabinhw.generator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The static Verilog cores of {@code rtl-templates}, read from the class path ({@code rtl/<block>/<file>}), or from
 * the directory the system property {@value #DIRECTORY} names ({@code <dir>/<block>/<file>}) where it has the file:
 * how the mutation campaign runs a block's tests on a mutated core without rebuilding (scripts/mutation-campaign.sh).
 */
public final class StaticCores {
    /** The system property naming a directory of cores to read instead of the class path's. */
    public static final String DIRECTORY = "adabin.cores.dir";

    private StaticCores() {
    }

    /**
     * Reads one static core.
     *
     * @param block the block's folder, for example {@code axis_fifo}
     * @param file  the file in it, for example {@code axis_fifo.v}
     * @return the file's text
     * @throws GeneratorException when it is not on the class path
     */
    public static String read(String block, String file) {
        String dir = System.getProperty(DIRECTORY, "");
        if (!dir.isBlank()) {
            java.nio.file.Path p = java.nio.file.Path.of(dir, block, file);
            if (java.nio.file.Files.isRegularFile(p)) {
                try {
                    return java.nio.file.Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new GeneratorException("cannot read static core " + p + ": " + e, e);
                }
            }
        }
        String path = "rtl/" + block + "/" + file;
        try (InputStream in = StaticCores.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new GeneratorException("static core " + path + " is not on the class path (is rtl-templates missing?)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new GeneratorException("cannot read static core " + path + ": " + e, e);
        }
    }
}
