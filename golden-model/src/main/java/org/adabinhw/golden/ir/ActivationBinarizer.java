package org.adabinhw.golden.ir;

/**
 * How a binary convolution binarises its input. Every variant compares the input with a threshold
 * (per layer, per channel, or computed per image) and maps the sign {@code s ∈ {−1, 0, +1}} of
 * {@code x − threshold} to the level {@code scale * (s + offset)}. {@code s = 0} happens only for an
 * input exactly at the threshold ({@code torch.sign(0) = 0}).
 */
public sealed interface ActivationBinarizer {

    /** Level multiplier: the activation is {@code scale() * (s + offset())}. */
    double scale();

    /** Level offset: the activation is {@code scale() * (s + offset())}. */
    double offset();

    /** A short name for tables. */
    String kind();

    /**
     * AdaBin: {@code s = sign((x − beta) / alpha)}, activation {@code alpha * (s + beta)}.
     *
     * @param alpha distance, must be positive (the sign of {@code (x−beta)/alpha} equals that of {@code x−beta})
     * @param beta  centre, the threshold on the input
     */
    record AdaBin(double alpha, double beta) implements ActivationBinarizer {
        public AdaBin {
            if (!(alpha > 0) || !Double.isFinite(alpha) || !Double.isFinite(beta)) {
                throw new IllegalArgumentException("AdaBin activation needs alpha_a > 0 and finite beta_a, got alpha_a = "
                        + alpha + ", beta_a = " + beta);
            }
        }

        @Override
        public double scale() {
            return alpha;
        }

        @Override
        public double offset() {
            return beta;
        }

        @Override
        public String kind() {
            return "adabin";
        }
    }

    /** Plain sign: threshold 0, activations ±1 (XNOR-Net, Bi-Real). */
    record Sign() implements ActivationBinarizer {
        @Override
        public double scale() {
            return 1;
        }

        @Override
        public double offset() {
            return 0;
        }

        @Override
        public String kind() {
            return "sign";
        }
    }

    /**
     * A fixed threshold per input channel, activations ±1: {@code s = sign(x − threshold[c])}. This is
     * SD-BNN's activation self-distribution with a static shift, and any learnable-threshold BNN (ReActNet's
     * RSign).
     *
     * @param threshold one threshold per input channel
     */
    record ChannelThreshold(double[] threshold) implements ActivationBinarizer {
        @Override
        public double scale() {
            return 1;
        }

        @Override
        public double offset() {
            return 0;
        }

        @Override
        public String kind() {
            return "channel-threshold";
        }
    }

    /**
     * SD-BNN's dynamic activation self-distribution: {@code s = sign(x + SE(x))} with
     * {@code SE(x)[c] = sigmoid(W2 · relu(W1 · GAP(x)))[c]}, two bias-free linear layers; activations ±1.
     * The threshold depends on the whole image.
     *
     * @param hidden  width of the squeeze layer (channels / reduction)
     * @param squeeze W1, hidden × C, row-major
     * @param excite  W2, C × hidden, row-major
     */
    record SqueezeExcite(int hidden, double[] squeeze, double[] excite) implements ActivationBinarizer {
        public SqueezeExcite {
            if (hidden < 1 || squeeze.length % hidden != 0 || excite.length != squeeze.length) {
                throw new IllegalArgumentException("SE threshold: squeeze (" + squeeze.length + ") and excite ("
                        + excite.length + ") must both be hidden (" + hidden + ") × channels");
            }
        }

        @Override
        public double scale() {
            return 1;
        }

        @Override
        public double offset() {
            return 0;
        }

        @Override
        public String kind() {
            return "se-threshold";
        }

        /** The per-channel shift {@code SE(x)} for one image's channel means. */
        public double[] shift(double[] channelMeans) {
            int c = channelMeans.length;
            double[] h = new double[hidden];
            for (int j = 0; j < hidden; j++) {
                double acc = 0;
                for (int i = 0; i < c; i++) {
                    acc += squeeze[j * c + i] * channelMeans[i];
                }
                h[j] = Math.max(acc, 0);
            }
            double[] out = new double[c];
            for (int i = 0; i < c; i++) {
                double acc = 0;
                for (int j = 0; j < hidden; j++) {
                    acc += excite[i * hidden + j] * h[j];
                }
                out[i] = 1.0 / (1.0 + Math.exp(-acc));
            }
            return out;
        }
    }
}
