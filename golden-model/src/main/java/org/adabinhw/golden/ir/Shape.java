package org.adabinhw.golden.ir;

/**
 * The shape of one image's feature map, channels × height × width. Vectors (the output of a
 * {@link Op.Linear}) have height and width 1.
 *
 * @param channels number of channels, ≥ 1
 * @param height   rows, ≥ 1
 * @param width    columns, ≥ 1
 */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "shape must be positive in every dimension, got " + channels + "x" + height + "x" + width);
        }
    }

    /** Number of elements, {@code channels * height * width}. */
    public int size() {
        return channels * height * width;
    }

    /** Pixels per channel, {@code height * width}. */
    public int plane() {
        return height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
