package org.adabinhw.simulator;

/** A stream's handshake rules were broken, or a stream is wired to the wrong number of blocks. */
public class ProtocolViolation extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * A violation described by its message.
     *
     * @param message the stream, the cycle and the rule
     */
    public ProtocolViolation(String message) {
        super(message);
    }
}
