package org.adabinhw.golden.ir;

/**
 * How a binary convolution turns its float weights into {@link BinaryWeights}. The variants cover AdaBin,
 * plain sign / XNOR-Net binarisation and SD-BNN's weight self-distribution.
 */
public sealed interface WeightBinarizer {

    /** Binarises {@code weights} (O × fanIn, row-major). */
    BinaryWeights binarize(double[] weights, int outChannels, int fanIn);

    /** A short name for tables: {@code adabin}, {@code sign}, {@code xnor}, {@code wsd}. */
    String kind();

    /**
     * AdaBin: per output channel, centre {@code beta = mean(W[o])}, distance
     * {@code alpha = sqrt(mean((W[o] - beta)^2))} (population std, no epsilon), sign of {@code W - beta}.
     */
    record AdaBin() implements WeightBinarizer {
        @Override
        public BinaryWeights binarize(double[] w, int out, int fanIn) {
            byte[] s = new byte[out * fanIn];
            double[] alpha = new double[out];
            double[] beta = new double[out];
            for (int o = 0; o < out; o++) {
                int base = o * fanIn;
                // Mirror the official float32 arithmetic where it decides signs: the centre is a float32 mean.
                double sum = 0;
                for (int i = 0; i < fanIn; i++) {
                    sum += w[base + i];
                }
                double mean = (float) (sum / fanIn);
                double sq = 0;
                for (int i = 0; i < fanIn; i++) {
                    double d = w[base + i] - mean;
                    sq += d * d;
                }
                beta[o] = mean;
                alpha[o] = Math.sqrt(sq / fanIn);
                for (int i = 0; i < fanIn; i++) {
                    s[base + i] = (byte) Math.signum(w[base + i] - mean);
                }
            }
            return new BinaryWeights(out, fanIn, s, alpha, beta);
        }

        @Override
        public String kind() {
            return "adabin";
        }
    }

    /**
     * Plain sign binarisation; with {@code meanAbsScale} the XNOR-Net per-channel scale
     * {@code alpha = mean(|W[o]|)}, otherwise weights are ±1.
     *
     * @param meanAbsScale whether to scale each output channel by its mean absolute weight
     */
    record Sign(boolean meanAbsScale) implements WeightBinarizer {
        @Override
        public BinaryWeights binarize(double[] w, int out, int fanIn) {
            byte[] s = new byte[out * fanIn];
            double[] alpha = new double[out];
            double[] beta = new double[out];
            for (int o = 0; o < out; o++) {
                double abs = 0;
                for (int i = 0; i < fanIn; i++) {
                    double v = w[o * fanIn + i];
                    abs += Math.abs(v);
                    s[o * fanIn + i] = (byte) Math.signum(v);
                }
                alpha[o] = meanAbsScale ? abs / fanIn : 1.0;
            }
            return new BinaryWeights(out, fanIn, s, alpha, beta);
        }

        @Override
        public String kind() {
            return meanAbsScale ? "xnor" : "sign";
        }
    }

    /**
     * SD-BNN weight self-distribution: {@code sign(W + sigmoid(a[o]) * 0.01 * mean(W[o]))}, weights ±1.
     *
     * @param shift the learnt per-output-channel parameter {@code a}, O entries
     */
    record Wsd(double[] shift) implements WeightBinarizer {
        @Override
        public BinaryWeights binarize(double[] w, int out, int fanIn) {
            if (shift.length != out) {
                throw new IllegalArgumentException("WSD needs " + out + " shift parameters, got " + shift.length);
            }
            byte[] s = new byte[out * fanIn];
            double[] alpha = new double[out];
            for (int o = 0; o < out; o++) {
                double sum = 0;
                for (int i = 0; i < fanIn; i++) {
                    sum += w[o * fanIn + i];
                }
                double delta = 1.0 / (1.0 + Math.exp(-shift[o])) * 0.01 * (sum / fanIn);
                for (int i = 0; i < fanIn; i++) {
                    s[o * fanIn + i] = (byte) Math.signum(w[o * fanIn + i] + delta);
                }
                alpha[o] = 1.0;
            }
            return new BinaryWeights(out, fanIn, s, alpha, new double[out]);
        }

        @Override
        public String kind() {
            return "wsd";
        }
    }
}
