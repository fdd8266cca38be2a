package org.adabinhw.golden.io;

import java.nio.file.Path;

/**
 * Thrown when a model, tensor or array file is malformed or uses a feature this package does not
 * support. The message always starts with the file name and says what was found and what would
 * have been valid, e.g. {@code model.th: tensor 'conv1.weight' has shape [16, 3] but [16, 3, 3, 3]
 * was expected}.
 *
 * <p>Plain I/O failures (missing file, permission denied) are reported as {@link java.io.IOException}
 * instead.
 */
public class ModelFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Creates an exception with a complete, user-facing message. */
    public ModelFormatException(String message) {
        super(message);
    }

    /** Creates an exception with a complete, user-facing message and the underlying cause. */
    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Returns an exception whose message is {@code "<file>: <what>"}. */
    public static ModelFormatException at(Path file, String what) {
        return new ModelFormatException(file + ": " + what);
    }

    /** Returns an exception whose message is {@code "<file>: <what>"}, keeping {@code cause}. */
    public static ModelFormatException at(Path file, String what, Throwable cause) {
        return new ModelFormatException(file + ": " + what, cause);
    }
}
