package org.adabinhw.golden.integer;

import java.util.List;
import java.util.stream.IntStream;

import org.adabinhw.golden.ir.Shape;

/**
 * A real-valued convolution (stem, 1×1 shortcut) with its batch norm folded in, the contract of the MAC
 * convolution unit: {@code acc = Σ_valid weight[o][c][ky][kx] · x + bias[o][borderClass]},
 * output {@code saturate(roundShift(acc, shift))}. On the stem, {@code x} is the uint8 pixel and the input
 * normalisation is folded into the weights and into the per-border-class bias (zero padding of the
 * normalised image is a tap that contributes 0, not a pixel value); elsewhere {@code x} is a stream value.
 */
public final class RealConvLayer implements IntLayer {
    private final String name;
    private final String input;
    private final ConvGeometry geometry;
    private final boolean pixelInput;
    private final int[] weights;
    private final long[] bias;
    private final int shift;
    private final QuantConfig q;

    /**
     * @param name       layer name
     * @param input      input tensor name
     * @param geometry   window geometry
     * @param pixelInput whether the input is the uint8 image
     * @param weights    O × I × kh × kw integer weights
     * @param bias       per output channel and border class ({@code o * classes + cls})
     * @param shift      final rounding shift
     * @param q          formats
     */
    public RealConvLayer(String name, String input, ConvGeometry geometry, boolean pixelInput, int[] weights,
                         long[] bias, int shift, QuantConfig q) {
        this.name = name;
        this.input = input;
        this.geometry = geometry;
        this.pixelInput = pixelInput;
        this.weights = weights;
        this.bias = bias;
        this.shift = shift;
        this.q = q;
        int o = geometry.out().channels();
        if (weights.length != o * geometry.in().channels() * geometry.kernelH() * geometry.kernelW()
                || bias.length != o * geometry.classes() || shift < 0) {
            throw new IllegalArgumentException("conv " + name + ": inconsistent constant tables");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> inputs() {
        return List.of(input);
    }

    @Override
    public Shape outShape() {
        return geometry.out();
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    public boolean pixelInput() {
        return pixelInput;
    }

    public int[] weights() {
        return weights.clone();
    }

    public long[] bias() {
        return bias.clone();
    }

    public int shift() {
        return shift;
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }

    @Override
    public int[] apply(List<int[]> in, Stats stats) {
        int[] x = in.get(0);
        Shape is = geometry.in();
        Shape os = geometry.out();
        int kh = geometry.kernelH();
        int kw = geometry.kernelW();
        int ci = is.channels();
        int stride = geometry.stride();
        int pad = geometry.padding();
        int classes = geometry.classes();
        int[] out = new int[os.size()];
        long[] sat = new long[1];
        IntStream.range(0, os.channels()).parallel().forEach(o -> {
            // Accumulate one output plane tap by tap over contiguous rows (the order does not matter: integer sums).
            long[] acc = new long[os.plane()];
            for (int oy = 0; oy < os.height(); oy++) {
                for (int ox = 0; ox < os.width(); ox++) {
                    acc[oy * os.width() + ox] = bias[o * classes + geometry.classOf(oy, ox)];
                }
            }
            for (int c = 0; c < ci; c++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        long wv = weights[((o * ci + c) * kh + ky) * kw + kx];
                        if (wv == 0) {
                            continue;
                        }
                        int oxLo = Math.max(0, ceilDiv(pad - kx, stride));
                        int oxHi = Math.min(os.width() - 1, Math.floorDiv(is.width() - 1 + pad - kx, stride));
                        for (int oy = 0; oy < os.height(); oy++) {
                            int iy = oy * stride - pad + ky;
                            if (iy < 0 || iy >= is.height()) {
                                continue;
                            }
                            int xRow = (c * is.height() + iy) * is.width() - pad + kx;
                            int aRow = oy * os.width();
                            for (int ox = oxLo; ox <= oxHi; ox++) {
                                acc[aRow + ox] += wv * x[xRow + ox * stride];
                            }
                        }
                    }
                }
            }
            long satLocal = 0;
            for (int p = 0; p < acc.length; p++) {
                long r = Fixed.roundShift(acc[p], shift);
                long v = Fixed.saturate(r, q.streamWidth());
                if (v != r) {
                    satLocal++;
                }
                out[o * os.plane() + p] = (int) v;
            }
            if (satLocal > 0) {
                synchronized (sat) {
                    sat[0] += satLocal;
                }
            }
        });
        if (stats != null) {
            stats.saturated(name, sat[0], out.length);
        }
        return out;
    }
}
