package org.adabinhw.golden.ir;

import java.util.List;

/**
 * One named operation of a {@link Network} and the names of the nodes it reads.
 *
 * @param name   unique name, e.g. {@code layer1.0.conv1} (the PyTorch module path where there is one)
 * @param op     the operation
 * @param inputs names of earlier nodes, or {@link Network#INPUT} for the normalised image
 */
public record Node(String name, Op op, List<String> inputs) {
    public Node {
        if (name == null || name.isBlank() || name.equals(Network.INPUT)) {
            throw new IllegalArgumentException("invalid node name '" + name + "'");
        }
        inputs = List.copyOf(inputs);
        if (inputs.size() != op.arity()) {
            throw new IllegalArgumentException("node " + name + ": " + op.type() + " takes " + op.arity()
                    + " input(s), got " + inputs);
        }
    }

    /** A node with one input. */
    public static Node of(String name, Op op, String input) {
        return new Node(name, op, List.of(input));
    }
}
