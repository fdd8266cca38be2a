package org.adabinhw.golden.integer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Shape;

/** Runs an {@link IntegerNetwork} with integer arithmetic only. Thread-safe. */
public final class IntegerEngine {
    private final IntegerNetwork net;

    public IntegerEngine(IntegerNetwork net) {
        this.net = net;
    }

    public IntegerNetwork network() {
        return net;
    }

    /** The raw integer logits of one uint8 image (C × H × W). */
    public int[] logits(int[] pixels) {
        return run(pixels, false, null).get(net.layers().get(net.layers().size() - 1).name());
    }

    /** The raw integer logits of many images, in parallel. */
    public int[][] logits(List<int[]> images) {
        int[][] out = new int[images.size()][];
        IntStream.range(0, images.size()).parallel().forEach(i -> out[i] = logits(images.get(i)));
        return out;
    }

    /**
     * Runs one image; returns every layer's output by layer name with {@code keepAll}, else only the last
     * layer's. {@link Network#INPUT} maps to the pixels.
     */
    public Map<String, int[]> run(int[] pixels, boolean keepAll, IntLayer.Stats stats) {
        Shape s = net.input().shape();
        if (pixels.length != s.size()) {
            throw new IllegalArgumentException("image has " + pixels.length + " pixels, the network expects " + s);
        }
        for (int i = 0; i < pixels.length; i++) {
            if (pixels[i] < 0 || pixels[i] > 255) {
                throw new IllegalArgumentException("pixel " + i + " = " + pixels[i] + " is not a uint8 value");
            }
        }
        Map<String, int[]> values = new LinkedHashMap<>();
        values.put(Network.INPUT, pixels);
        Map<String, Integer> pending = new HashMap<>();
        for (IntLayer l : net.layers()) {
            for (String i : l.inputs()) {
                pending.merge(i, 1, Integer::sum);
            }
        }
        for (IntLayer l : net.layers()) {
            List<int[]> in = new ArrayList<>();
            for (String i : l.inputs()) {
                in.add(values.get(i));
            }
            values.put(l.name(), l.apply(in, stats));
            if (!keepAll) {
                for (String i : l.inputs()) {
                    if (pending.merge(i, -1, Integer::sum) == 0) {
                        values.remove(i);
                    }
                }
            }
        }
        return values;
    }
}
