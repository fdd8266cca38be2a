package org.adabinhw.generator;

/**
 * A generation step failed for a reason the user can act on: an illegal configuration, a template error,
 * or an output directory that cannot be written. The message names the file, block or value concerned.
 */
public class GeneratorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with a message only.
     *
     * @param message what failed and what would be valid
     */
    public GeneratorException(String message) {
        super(message);
    }

    /**
     * An error caused by another.
     *
     * @param message what failed and what would be valid
     * @param cause   the underlying error
     */
    public GeneratorException(String message, Throwable cause) {
        super(message, cause);
    }
}
