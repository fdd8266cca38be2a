package org.adabinhw.golden.ir;

/**
 * A per-channel elementwise nonlinearity. All variants are piecewise linear, so that the integer model
 * can implement them with one multiplier per sign (and a clamp for {@link Hardtanh}).
 */
public sealed interface Nonlinearity {

    /** The function value for channel {@code c}. */
    double apply(int c, double x);

    /** A short name for tables. */
    String kind();

    /**
     * AdaBin's Maxout: {@code pos[c]*max(x,0) − neg[c]*max(−x,0)}; for {@code x < 0} that is {@code neg[c]*x}.
     * Both scales are unconstrained (they may be negative).
     *
     * @param pos slope for positive inputs, one per channel
     * @param neg slope for negative inputs, one per channel
     */
    record Maxout(double[] pos, double[] neg) implements Nonlinearity {
        public Maxout {
            if (pos.length != neg.length) {
                throw new IllegalArgumentException("Maxout needs as many pos_scale (" + pos.length
                        + ") as neg_scale (" + neg.length + ") entries");
            }
        }

        @Override
        public double apply(int c, double x) {
            return x > 0 ? pos[c] * x : x < 0 ? neg[c] * x : 0.0;
        }

        @Override
        public String kind() {
            return "maxout";
        }
    }

    /**
     * PReLU: {@code x} for {@code x ≥ 0}, {@code slope[c]*x} otherwise.
     *
     * @param slope negative-side slope, one per channel (or a single shared entry)
     */
    record PRelu(double[] slope) implements Nonlinearity {
        @Override
        public double apply(int c, double x) {
            return x >= 0 ? x : slope[slope.length == 1 ? 0 : c] * x;
        }

        @Override
        public String kind() {
            return "prelu";
        }
    }

    /**
     * Hardtanh: {@code clamp(x, min, max)}.
     *
     * @param min lower bound
     * @param max upper bound, {@code > min}
     */
    record Hardtanh(double min, double max) implements Nonlinearity {
        public Hardtanh {
            if (!(max > min)) {
                throw new IllegalArgumentException("Hardtanh needs min < max, got " + min + " and " + max);
            }
        }

        @Override
        public double apply(int c, double x) {
            return Math.min(max, Math.max(min, x));
        }

        @Override
        public String kind() {
            return "hardtanh";
        }
    }

    /** ReLU: {@code max(x, 0)}. */
    record Relu() implements Nonlinearity {
        @Override
        public double apply(int c, double x) {
            return Math.max(x, 0);
        }

        @Override
        public String kind() {
            return "relu";
        }
    }
}
