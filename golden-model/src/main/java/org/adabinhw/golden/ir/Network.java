package org.adabinhw.golden.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feed-forward network as a list of nodes in topological order; the last node is the output (the
 * logits). Built once and validated: names are unique, every input refers to an earlier node or to
 * {@link #INPUT}, and every op accepts the shapes it is given.
 */
public final class Network {
    /** The name by which nodes refer to the normalised input image. */
    public static final String INPUT = "input";

    private final String name;
    private final InputSpec input;
    private final List<Node> nodes;
    private final Map<String, Node> byName;
    private final Map<String, Shape> shapes;

    /**
     * @param name  a name for reports (e.g. the architecture)
     * @param input the input images and their normalisation
     * @param nodes the nodes in topological order; the last one is the output
     */
    public Network(String name, InputSpec input, List<Node> nodes) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("network " + name + " has no layers");
        }
        this.name = name;
        this.input = input;
        this.nodes = List.copyOf(nodes);
        Map<String, Node> names = new HashMap<>();
        Map<String, Shape> sh = new LinkedHashMap<>();
        sh.put(INPUT, input.shape());
        for (Node n : nodes) {
            if (names.put(n.name(), n) != null) {
                throw new IllegalArgumentException("network " + name + ": duplicate layer name " + n.name());
            }
            List<Shape> in = new ArrayList<>();
            for (String i : n.inputs()) {
                Shape s = sh.get(i);
                if (s == null) {
                    throw new IllegalArgumentException("layer " + n.name() + " reads '" + i
                            + "', which is not an earlier layer or '" + INPUT + "'");
                }
                in.add(s);
            }
            try {
                sh.put(n.name(), n.op().outputShape(in));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + n.name() + ": " + e.getMessage(), e);
            }
        }
        this.byName = Collections.unmodifiableMap(names);
        this.shapes = Collections.unmodifiableMap(sh);
    }

    public String name() {
        return name;
    }

    public InputSpec input() {
        return input;
    }

    /** Nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** The output node. */
    public Node output() {
        return nodes.get(nodes.size() - 1);
    }

    /** The node of that name; throws if there is none. */
    public Node node(String nodeName) {
        Node n = byName.get(nodeName);
        if (n == null) {
            throw new IllegalArgumentException("network " + name + " has no layer " + nodeName);
        }
        return n;
    }

    /** The output shape of a node (or of {@link #INPUT}). */
    public Shape shape(String nodeName) {
        Shape s = shapes.get(nodeName);
        if (s == null) {
            throw new IllegalArgumentException("network " + name + " has no layer " + nodeName);
        }
        return s;
    }

    /** Number of classes: the size of the output. */
    public int classes() {
        return shape(output().name()).size();
    }

    /** How many nodes read the output of {@code nodeName}. */
    public int consumers(String nodeName) {
        int n = 0;
        for (Node node : nodes) {
            for (String i : node.inputs()) {
                if (i.equals(nodeName)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The binary convolutions, in order. */
    public List<Node> binaryConvs() {
        return nodes.stream().filter(n -> n.op() instanceof Op.BinaryConv2d).toList();
    }
}
