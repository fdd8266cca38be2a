package org.adabinhw.golden.ir;

/**
 * Binarised weights of one binary convolution: every weight is {@code sign * alpha[o] + beta[o]}.
 *
 * @param outChannels output channels O
 * @param fanIn       weights per output channel, {@code I * kh * kw}
 * @param signs       O × fanIn signs in {−1, 0, +1}, row-major ({@code [o][i][ky][kx]}); 0 only where the
 *                    float weight sits exactly on the channel's centre ({@code torch.sign(0) = 0})
 * @param alpha       per-channel distance (scale), O entries
 * @param beta        per-channel centre, O entries
 */
public record BinaryWeights(int outChannels, int fanIn, byte[] signs, double[] alpha, double[] beta) {
    public BinaryWeights {
        if (signs.length != outChannels * fanIn || alpha.length != outChannels || beta.length != outChannels) {
            throw new IllegalArgumentException("binary weights of " + outChannels + "x" + fanIn + " got " + signs.length
                    + " signs, " + alpha.length + " scales, " + beta.length + " centres");
        }
    }

    /** The effective float weight {@code sign * alpha[o] + beta[o]} of entry {@code i} of channel {@code o}. */
    public double value(int o, int i) {
        return signs[o * fanIn + i] * alpha[o] + beta[o];
    }

    /** How many weights are exactly on their channel's centre (sign 0). */
    public int zeroSigns() {
        int n = 0;
        for (byte s : signs) {
            if (s == 0) {
                n++;
            }
        }
        return n;
    }
}
