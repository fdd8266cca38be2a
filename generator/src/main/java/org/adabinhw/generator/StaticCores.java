package org.adabinhw.generator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The static Verilog cores of {@code rtl-templates}, read from the class path ({@code rtl/<block>/<file>}). */
public final class StaticCores {
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
