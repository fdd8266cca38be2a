package org.adabinhw.golden.integer;

import java.util.List;
import java.util.Map;

import org.adabinhw.golden.ir.InputSpec;

/**
 * A network compiled to integer layers: the hardware's exact arithmetic contract.
 *
 * @param name    network name
 * @param input   input images (uint8) and their normalisation, folded into the first layer
 * @param layers  layers in execution order; the last one is the {@link HeadLayer} or produces the logits
 * @param q       the integer formats
 * @param aliases IR node name → name of the layer whose output holds that node's value (fused nodes)
 */
public record IntegerNetwork(String name, InputSpec input, List<IntLayer> layers, QuantConfig q,
                             Map<String, String> aliases) {
    public IntegerNetwork {
        layers = List.copyOf(layers);
        aliases = Map.copyOf(aliases);
    }

    /** The layer of that name. */
    public IntLayer layer(String layerName) {
        return layers.stream().filter(l -> l.name().equals(layerName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no integer layer " + layerName));
    }

    /** The binary convolution layers, in order. */
    public List<BinaryConvLayer> binaryConvs() {
        return layers.stream().filter(l -> l instanceof BinaryConvLayer).map(l -> (BinaryConvLayer) l).toList();
    }

    /** The real value of a raw logit (or stream value): {@code raw · 2^−F}. */
    public double toReal(long raw) {
        return Math.scalb((double) raw, -q.fracBits());
    }
}
