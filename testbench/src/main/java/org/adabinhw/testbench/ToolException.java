package org.adabinhw.testbench;

/** An EDA tool is missing, failed, or timed out; the message names the command and shows its output's tail. */
public class ToolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure described by its message.
     *
     * @param message what failed
     */
    public ToolException(String message) {
        super(message);
    }

    /**
     * A failure caused by another error.
     *
     * @param message what failed
     * @param cause   the underlying error
     */
    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
