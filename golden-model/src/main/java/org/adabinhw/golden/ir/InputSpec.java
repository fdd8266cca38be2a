package org.adabinhw.golden.ir;

import java.util.Arrays;

/**
 * The network's input: uint8 images of a fixed shape and the per-channel normalisation applied before
 * the first layer, {@code x = (pixel * scale - mean[c]) / std[c]}.
 *
 * @param shape image shape (channels × height × width)
 * @param scale pixel scale, usually {@code 1/255}; must be positive
 * @param mean  per-channel mean, one entry per channel
 * @param std   per-channel standard deviation, one positive entry per channel
 */
public record InputSpec(Shape shape, double scale, double[] mean, double[] std) {
    /** The normalisation of the official AdaBin code: ImageNet statistics, scale 1/255. */
    public static InputSpec imagenetNormalised(Shape shape) {
        double[] mean = new double[shape.channels()];
        double[] std = new double[shape.channels()];
        double[] m = {0.485, 0.456, 0.406};
        double[] s = {0.229, 0.224, 0.225};
        for (int c = 0; c < shape.channels(); c++) {
            // The official code holds these as float32 tensors: use the float32 values.
            mean[c] = (float) m[c % 3];
            std[c] = (float) s[c % 3];
        }
        return new InputSpec(shape, 1.0 / 255.0, mean, std);
    }

    public InputSpec {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("input scale must be positive and finite, got " + scale);
        }
        if (mean.length != shape.channels() || std.length != shape.channels()) {
            throw new IllegalArgumentException("input normalisation needs " + shape.channels()
                    + " means and stds, got " + mean.length + " and " + std.length);
        }
        for (int c = 0; c < std.length; c++) {
            if (!(std[c] > 0) || !Double.isFinite(std[c]) || !Double.isFinite(mean[c])) {
                throw new IllegalArgumentException("input channel " + c + ": std must be positive and mean finite, got mean "
                        + mean[c] + ", std " + std[c]);
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** The normalised value of a pixel of channel {@code c}. */
    public double normalise(int c, int pixel) {
        return (pixel * scale - mean[c]) / std[c];
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] std() {
        return std.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec i && shape.equals(i.shape) && scale == i.scale
                && Arrays.equals(mean, i.mean) && Arrays.equals(std, i.std);
    }

    @Override
    public int hashCode() {
        return shape.hashCode() * 31 + Arrays.hashCode(mean) * 7 + Arrays.hashCode(std);
    }
}
