package org.adabinhw.cli;

import org.adabinhw.golden.integer.QuantConfig;

import picocli.CommandLine.Option;

/** The integer formats of the golden model (docs/arithmetic.md); the defaults are {@link QuantConfig#DEFAULT}. */
final class QuantOptions {
    @Option(names = "--stream-width", paramLabel = "BITS", description = "Bits of a feature-stream value (default 28).")
    Integer streamWidth;

    @Option(names = "--frac-bits", paramLabel = "BITS", description = "Fractional bits of the stream format (default 20).")
    Integer fracBits;

    @Option(names = "--binary-const-width", paramLabel = "BITS", description = "Bits of the binary-conv multipliers (default 27).")
    Integer binaryConstWidth;

    @Option(names = "--multiplier-width", paramLabel = "BITS", description = "Bits of the other multipliers (default 24).")
    Integer multiplierWidth;

    QuantConfig config() {
        QuantConfig d = QuantConfig.DEFAULT;
        try {
            return new QuantConfig(streamWidth == null ? d.streamWidth() : streamWidth,
                    fracBits == null ? d.fracBits() : fracBits,
                    binaryConstWidth == null ? d.binaryConstWidth() : binaryConstWidth,
                    multiplierWidth == null ? d.multiplierWidth() : multiplierWidth, d.logitWidth());
        } catch (IllegalArgumentException e) {
            throw new Main.UserException("integer format: " + e.getMessage());
        }
    }
}
