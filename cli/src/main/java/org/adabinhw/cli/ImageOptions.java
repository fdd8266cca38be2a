package org.adabinhw.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.golden.ir.Shape;

import picocli.CommandLine.Option;

/** The images a command runs through an accelerator: {@code --input IMAGES.npy [--images N]}. */
final class ImageOptions {
    @Option(names = "--input", required = true, paramLabel = "IMAGES.npy", description = "uint8 images (N, C, H, W).")
    Path input;

    @Option(names = "--images", paramLabel = "N", description = "Use only the first N images.")
    Integer limit;

    /** The images, checked against the network's input shape, the first {@code --images} of them. */
    List<int[]> read(Shape shape) throws IOException {
        if (limit != null && limit < 1) {
            throw new Main.UserException("--images must be at least 1, got " + limit);
        }
        List<int[]> images = Images.read(input, shape);
        if (limit != null && limit > images.size()) {
            throw new Main.UserException("--images " + limit + " asks for more images than " + input + " holds ("
                    + images.size() + ")");
        }
        return limit == null ? images : images.subList(0, limit);
    }

    /** Rejects a stall rate outside [0, 1). */
    static void checkStallRate(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new Main.UserException("--stall-rate must lie in [0, 1), got " + rate);
        }
    }
}
