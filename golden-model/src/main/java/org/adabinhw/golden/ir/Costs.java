package org.adabinhw.golden.ir;

/**
 * Operation and memory counts of one layer, with the conventions of the BNN literature: a binary MAC is one
 * BOP, a real multiply-accumulate is one FLOP, and {@code OPs = BOPs / 64 + FLOPs}.
 *
 * @param bops       binary multiply-accumulates per image
 * @param flops      real multiply-accumulates per image (convolutions, linear layers, batch norm, nonlinearities)
 * @param weightBits parameter memory: 1 bit per binary weight plus 32 bits per real parameter
 */
public record Costs(long bops, long flops, long weightBits) {

    /** The costs of {@code node} in {@code net}. */
    public static Costs of(Network net, Node node) {
        Shape out = net.shape(node.name());
        return switch (node.op()) {
            case Op.BinaryConv2d b -> new Costs((long) out.size() * b.fanIn(), 0,
                    (long) b.weight().length + 32L * 2 * b.outChannels() + 64);
            case Op.Conv2d c -> new Costs(0, (long) out.size() * c.fanIn(),
                    32L * (c.weight().length + (c.bias() == null ? 0 : c.bias().length)));
            case Op.Linear l -> new Costs(0, (long) l.outFeatures() * l.inFeatures(),
                    32L * (l.weight().length + (l.bias() == null ? 0 : l.bias().length)));
            case Op.BatchNorm bn -> new Costs(0, out.size(), 32L * 4 * bn.channels());
            case Op.Nonlinear nl -> new Costs(0, out.size(), 32L * 2 * nl.channels());
            default -> new Costs(0, 0, 0);
        };
    }

    /** The sum of the costs of every layer. */
    public static Costs total(Network net) {
        long b = 0;
        long f = 0;
        long w = 0;
        for (Node n : net.nodes()) {
            Costs c = of(net, n);
            b += c.bops;
            f += c.flops;
            w += c.weightBits;
        }
        return new Costs(b, f, w);
    }

    /** {@code BOPs / 64 + FLOPs}. */
    public double ops() {
        return bops / 64.0 + flops;
    }
}
