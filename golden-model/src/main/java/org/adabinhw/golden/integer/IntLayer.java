package org.adabinhw.golden.integer;

import java.util.List;

import org.adabinhw.golden.ir.Shape;

/**
 * One layer of the integer golden model: the exact arithmetic that one hardware block performs. Stream
 * tensors are {@code int[]} in C × H × W order holding signed fixed-point values of the network's stream
 * format ({@link QuantConfig}); the network input holds uint8 pixels.
 */
public sealed interface IntLayer permits BinaryConvLayer, RealConvLayer, AffineLayer, PiecewiseLayer, AddLayer,
        ShortcutLayer, MaxPoolLayer, AvgPoolLayer, HeadLayer {

    /** The layer's name: the IR node it starts from. */
    String name();

    /** Names of the tensors it reads (IR node names of their producers, or {@code input}). */
    List<String> inputs();

    /** Output shape. */
    Shape outShape();

    /** Computes the output; {@code stats} collects saturation counts and may be {@code null}. */
    int[] apply(List<int[]> in, Stats stats);

    /** Saturation counts of one run, by layer name. */
    final class Stats {
        private final java.util.Map<String, long[]> counts = new java.util.concurrent.ConcurrentHashMap<>();

        /** Records {@code n} saturated results of {@code total} in {@code layer}. */
        public void saturated(String layer, long n, long total) {
            long[] c = counts.computeIfAbsent(layer, k -> new long[2]);
            synchronized (c) {
                c[0] += n;
                c[1] += total;
            }
        }

        /** {@code {saturated, total}} for a layer, or zeros. */
        public long[] of(String layer) {
            long[] c = counts.get(layer);
            return c == null ? new long[2] : c.clone();
        }
    }
}
