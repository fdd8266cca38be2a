package org.adabinhw.golden.arch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import org.adabinhw.golden.engine.FloatEngine;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.ir.InputSpec;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Node;
import org.adabinhw.golden.ir.Op;
import org.adabinhw.golden.ir.Shape;

/**
 * Complete state dicts of the official AdaBin architectures with random parameters, for tests and
 * benchmarks that need a network of the real shape but no trained checkpoint.
 *
 * <p>Keys, shapes, order and dtypes are those of the official PyTorch models' {@code state_dict()} (without
 * the {@code module.} prefix): float32 parameters and buffers, scalar int64 {@code num_batches_tracked}
 * and, for ImageNet, the network-level {@code nonlinear2.*} and {@code bn3.*} that forward never uses.
 * Values are drawn from a {@link Random} seeded with {@code seed} and rounded to float32, so the same
 * arguments always give the same tensors:
 * <ul>
 * <li>conv weights (real and binary) ~ N(0, sqrt(2/n)), n = kh·kw·out channels (the official ImageNet
 *     init; the CIFAR code scales by the fan-in instead, a per-layer factor that the following batch norm
 *     removes);</li>
 * <li>{@code binary_a.alpha_a} ~ U(0.5, 1.5), {@code binary_a.beta_a} ~ U(−0.2, 0.2);</li>
 * <li>Maxout {@code pos_scale} ~ U(0.8, 1.2), {@code neg_scale} ~ U(0.1, 0.4);</li>
 * <li>BN {@code weight} ~ U(0.5, 1.5), {@code bias} ~ U(−0.1, 0.1), {@code running_mean} ~ N(0, 0.1),
 *     {@code running_var} ~ U(0.5, 2);</li>
 * <li>classifier weight and bias ~ U(−1/sqrt(in), 1/sqrt(in)) (PyTorch's {@code nn.Linear} init).</li>
 * </ul>
 *
 * <p>{@link #of} then <em>calibrates</em> every batch norm that forward uses, like the shared
 * {@code resnet18-cifar-random} reference: it runs the {@link FloatEngine} on a few random uint8 images
 * (4 at 224×224, 8 at 32×32) and sets {@code running_mean}/{@code running_var} to the per-channel mean and
 * population variance of the batch norm's input, over images and positions for the 2-D batch norms and
 * over images for the head's 1-D one; a variance is floored at {@value #VARIANCE_FLOOR} of its layer's
 * mean, so that a channel that happened to be nearly constant does not get a huge gain. The official
 * initialisation already keeps every conv output O(1) (a binary conv's RMS is about
 * {@code alpha_a·sqrt(2·in/out)}), but random statistics give each batch norm a random per-channel gain
 * and offset, and above all the head's batch norm then passes the pooled features' mean (about 1.5),
 * which barely depends on the image: on ImageNet ResNet-18 the logits of two images differ by 0.13 RMS
 * against a logit RMS of 1.3, so every image gets nearly the same prediction. Calibrated, each batch
 * norm's output has per-channel spread {@code weight} and offset {@code bias}, the head amplifies what
 * differs between images, as in a trained network, and the residual stream stays at an RMS of 1 to 3.
 * {@link #uncalibrated} skips this step (cheaper: for shapes, keys and error paths).
 */
public final class RandomStateDicts {
    /** Images used to calibrate batch norms, CIFAR (32×32). */
    static final int CALIBRATION_IMAGES_CIFAR = 8;
    /** Images used to calibrate batch norms, ImageNet (224×224): each costs about two forward passes. */
    static final int CALIBRATION_IMAGES_IMAGENET = 4;
    /** A channel's calibrated variance is at least this fraction of its layer's mean variance. */
    static final double VARIANCE_FLOOR = 0.05;
    /** Resolution at which calibration passes a tensor between network segments. */
    private static final double ENCODING_SCALE = 0x1p-20;

    private RandomStateDicts() {
    }

    /**
     * A BN-calibrated random state dict of {@code arch}.
     *
     * @param arch    the architecture
     * @param classes number of classes of the classifier, ≥ 1
     * @param seed    random seed; equal arguments give equal state dicts
     * @return the state dict in official key order (a mutable {@link LinkedHashMap})
     */
    public static Map<String, NdArray> of(Architecture arch, int classes, long seed) {
        Map<String, NdArray> sd = uncalibrated(arch, classes, seed);
        calibrate(arch, sd, seed);
        return sd;
    }

    /**
     * The state dict of {@link #of} before calibration: the same tensors except {@code running_mean} and
     * {@code running_var}, which keep their random draws (see the class comment). Cheap: no forward pass.
     */
    public static Map<String, NdArray> uncalibrated(Architecture arch, int classes, long seed) {
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be at least 1, got " + classes);
        }
        Gen g = new Gen(seed);
        boolean imagenet = arch.imagenet();
        int planes = arch == Architecture.RESNET20 ? 16 : 64;
        int stemK = imagenet ? 7 : 3;
        g.conv("conv1", planes, 3, stemK);
        g.bn("bn1", planes);
        g.maxout("nonlinear1", planes);
        int[] blocks = arch.blocks();
        int in = planes;
        for (int stage = 0; stage < blocks.length; stage++) {
            int p = planes << stage;
            for (int blk = 0; blk < blocks[stage]; blk++) {
                int stride = stage > 0 && blk == 0 ? 2 : 1;
                block(arch, g, "layer" + (stage + 1) + "." + blk, in, p, stride != 1 || in != p);
                in = p;
            }
        }
        if (imagenet) {
            g.bn("bn2", in);
            g.maxout("nonlinear2", in);
            g.linear("fc", classes, in);
            g.bn("bn3", classes);
        } else if (arch == Architecture.RESNET20) {
            g.bn("bn2", in);
            g.linear("linear", classes, in);
        } else {
            g.linear("linear", classes, in);
            g.bn("bn2", in);
        }
        return g.sd;
    }

    /** The network of {@link #of}{@code (arch, classes, seed)}, built by {@link OfficialNetworks#build}. */
    public static Network network(Architecture arch, int classes, long seed) {
        return OfficialNetworks.build(arch, source(arch, seed), of(arch, classes, seed));
    }

    /** Random uint8 images (C × H × W, uniform over 0..255) of the input shape of {@code arch}. */
    public static List<int[]> images(Architecture arch, int count, long seed) {
        int side = arch.imagenet() ? 224 : 32;
        Random r = new Random(seed);
        List<int[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] px = new int[3 * side * side];
            for (int j = 0; j < px.length; j++) {
                px[j] = r.nextInt(256);
            }
            out.add(px);
        }
        return out;
    }

    /**
     * One basic block in official module order: conv1, bn1, nonlinear1, conv2, bn2, then the CIFAR models
     * register nonlinear2 before their shortcut and the ImageNet models their downsample before nonlinear2.
     */
    private static void block(Architecture arch, Gen g, String name, int in, int planes, boolean downsample) {
        g.binaryConv(name + ".conv1", planes, in);
        g.bn(name + ".bn1", planes);
        g.maxout(name + ".nonlinear1", planes);
        g.binaryConv(name + ".conv2", planes, planes);
        g.bn(name + ".bn2", planes);
        if (!arch.imagenet()) {
            g.maxout(name + ".nonlinear2", planes);
        }
        if (downsample) {
            switch (arch) {
                case RESNET20 -> { } // option A: no parameters
                case RESNET18_CIFAR -> {
                    g.conv(name + ".shortcut.0", planes, in, 1);
                    g.bn(name + ".shortcut.1", planes);
                }
                default -> {
                    g.conv(name + ".downsample.1", planes, in, 1);
                    g.bn(name + ".downsample.2", planes);
                }
            }
        }
        if (arch.imagenet()) {
            g.maxout(name + ".nonlinear2", planes);
        }
    }

    /** A pseudo file name for messages about a random state dict. */
    private static Path source(Architecture arch, long seed) {
        return Path.of("random-" + arch.cliName() + "-seed" + seed);
    }

    /**
     * Sets the running statistics of every batch norm that forward uses, in network order. Re-running the
     * network from the image for every batch norm would cost about as many forward passes as there are
     * batch norms, so the network is cut into segments where a single tensor is live and no batch norm
     * reads it (in practice, after each block and after each block's nonlinear1); each segment is
     * calibrated on its input tensors, then run once to produce the next segment's inputs. Within a
     * segment, each round takes the batch norms whose inputs no uncalibrated batch norm influences (a
     * block's {@code bn1} and its shortcut's batch norm share a round), runs the segment up to the last of
     * those inputs and measures. Total cost: about two forward passes per calibration image.
     */
    private static void calibrate(Architecture arch, Map<String, NdArray> sd, long seed) {
        Path src = source(arch, seed);
        List<int[]> images = images(arch,
                arch.imagenet() ? CALIBRATION_IMAGES_IMAGENET : CALIBRATION_IMAGES_CIFAR, seed ^ 0x5DEECE66DL);
        Network net = OfficialNetworks.build(arch, src, sd);
        int n = net.nodes().size();
        String segmentInput = Network.INPUT;
        List<int[]> inputs = images;
        int from = 0;
        for (int to : cuts(net)) {
            net = calibrateSegment(arch, src, sd, net, segmentInput, from, to, inputs);
            if (to < n - 1) {
                FloatEngine fe = new FloatEngine(segment(net, segmentInput, from, to));
                List<int[]> in = inputs;
                segmentInput = net.nodes().get(to).name();
                inputs = IntStream.range(0, in.size()).parallel()
                        .mapToObj(i -> encode(fe.run(in.get(i), false).get(fe.network().output().name())))
                        .toList();
            }
            from = to + 1;
        }
    }

    /** Calibrates the batch norms among nodes {@code from..to}; returns the network rebuilt from {@code sd}. */
    private static Network calibrateSegment(Architecture arch, Path src, Map<String, NdArray> sd, Network net,
                                            String segmentInput, int from, int to, List<int[]> inputs) {
        List<Node> nodes = net.nodes();
        Set<String> todo = new HashSet<>();
        for (Node node : nodes.subList(from, to + 1)) {
            if (node.op() instanceof Op.BatchNorm) {
                todo.add(node.name());
            }
        }
        while (!todo.isEmpty()) {
            nodes = net.nodes();
            Map<String, Integer> index = new HashMap<>();
            for (int i = from; i <= to; i++) {
                index.put(nodes.get(i).name(), i);
            }
            // Nodes whose value depends on a batch norm not yet calibrated.
            Set<String> tainted = new HashSet<>(todo);
            List<Node> ready = new ArrayList<>();
            int last = from;
            for (int i = from; i <= to; i++) {
                Node node = nodes.get(i);
                String input = node.inputs().get(0);
                if (todo.contains(node.name()) && !tainted.contains(input)) {
                    ready.add(node);
                    last = Math.max(last, index.getOrDefault(input, from));
                }
                if (node.inputs().stream().anyMatch(tainted::contains)) {
                    tainted.add(node.name());
                }
            }
            FloatEngine fe = new FloatEngine(segment(net, segmentInput, from, last));
            List<Map<String, double[]>> runs = IntStream.range(0, inputs.size()).parallel()
                    .mapToObj(i -> fe.run(inputs.get(i), true)).toList();
            for (Node bn : ready) {
                String input = bn.inputs().get(0);
                String key = input.equals(segmentInput) ? Network.INPUT : input;
                Shape s = net.shape(input);
                double[][] stats = channelStats(runs.stream().map(r -> r.get(key)).toList(), s);
                sd.put(bn.name() + ".running_mean", float32(new int[] {s.channels()}, stats[0]));
                sd.put(bn.name() + ".running_var", float32(new int[] {s.channels()}, stats[1]));
                todo.remove(bn.name());
            }
            net = OfficialNetworks.build(arch, src, sd);
        }
        return net;
    }

    /**
     * The indices of the last node of each segment: nodes after which only their own output is live and
     * which no batch norm reads (so that a batch norm and its input share a segment). The last node of the
     * network ends the last segment.
     */
    private static List<Integer> cuts(Network net) {
        List<Node> nodes = net.nodes();
        Map<String, Integer> lastUse = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            for (String in : nodes.get(i).inputs()) {
                lastUse.put(in, i);
            }
        }
        List<Integer> cuts = new ArrayList<>();
        int live = lastUse.containsKey(Network.INPUT) ? 1 : 0;
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            for (String in : new HashSet<>(node.inputs())) {
                if (lastUse.get(in) == i) {
                    live--;
                }
            }
            if (lastUse.containsKey(node.name())) {
                live++;
            }
            boolean readByBn = false;
            for (Node m : nodes) {
                readByBn |= m.op() instanceof Op.BatchNorm && m.inputs().contains(node.name());
            }
            if (i == nodes.size() - 1 || (live == 1 && !readByBn)) {
                cuts.add(i);
            }
        }
        return cuts;
    }

    /** Nodes {@code from..to} of {@code net} as a network whose input is {@code segmentInput}, encoded. */
    private static Network segment(Network net, String segmentInput, int from, int to) {
        InputSpec spec = net.input();
        if (!segmentInput.equals(Network.INPUT)) {
            Shape s = net.shape(segmentInput);
            double[] zero = new double[s.channels()];
            double[] one = new double[s.channels()];
            java.util.Arrays.fill(one, 1);
            spec = new InputSpec(s, ENCODING_SCALE, zero, one);
        }
        List<Node> nodes = new ArrayList<>();
        for (Node node : net.nodes().subList(from, to + 1)) {
            nodes.add(new Node(node.name(), node.op(), node.inputs().stream()
                    .map(in -> in.equals(segmentInput) ? Network.INPUT : in).toList()));
        }
        return new Network(net.name(), spec, nodes);
    }

    /**
     * A tensor as the integer "pixels" of a segment's input: {@code round(x / ENCODING_SCALE)}, which the
     * segment's {@link InputSpec} (scale {@code ENCODING_SCALE}, mean 0, std 1) maps back to within 2^-21.
     */
    private static int[] encode(double[] x) {
        int[] px = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = Math.rint(x[i] / ENCODING_SCALE);
            if (!(Math.abs(v) < Integer.MAX_VALUE)) {
                throw new IllegalStateException("calibration: activation " + x[i] + " does not fit the encoding");
            }
            px[i] = (int) v;
        }
        return px;
    }

    /** Per-channel mean and population variance over all images and positions; variance floored. */
    private static double[][] channelStats(List<double[]> values, Shape s) {
        int c = s.channels();
        int plane = s.plane();
        double[] mean = new double[c];
        double[] var = new double[c];
        long n = (long) values.size() * plane;
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (double[] v : values) {
                for (int p = 0; p < plane; p++) {
                    sum += v[ch * plane + p];
                }
            }
            double m = sum / n;
            double sq = 0;
            for (double[] v : values) {
                for (int p = 0; p < plane; p++) {
                    double d = v[ch * plane + p] - m;
                    sq += d * d;
                }
            }
            mean[ch] = m;
            var[ch] = sq / n;
        }
        double avg = 0;
        for (double v : var) {
            avg += v / c;
        }
        // A channel that was (nearly) constant on the calibration images would get a huge gain.
        double floor = Math.max(VARIANCE_FLOOR * avg, 1e-6);
        for (int ch = 0; ch < c; ch++) {
            var[ch] = Math.max(var[ch], floor);
        }
        return new double[][] {mean, var};
    }

    private static NdArray float32(int[] shape, double[] data) {
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) data[i];
        }
        return new NdArray(shape, d, "float32");
    }

    /** Draws tensors in official key order. */
    private static final class Gen {
        final Map<String, NdArray> sd = new LinkedHashMap<>();
        final Random r;

        Gen(long seed) {
            r = new Random(seed);
        }

        double uniform(double lo, double hi) {
            return lo + (hi - lo) * r.nextDouble();
        }

        void put(String key, int[] shape, java.util.function.DoubleSupplier f) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = f.getAsDouble();
            }
            sd.put(key, float32(shape, v));
        }

        void conv(String name, int out, int in, int k) {
            double std = Math.sqrt(2.0 / (k * k * out));
            put(name + ".weight", new int[] {out, in, k, k}, () -> std * r.nextGaussian());
        }

        void binaryConv(String name, int out, int in) {
            conv(name, out, in, 3);
            put(name + ".binary_a.alpha_a", new int[0], () -> uniform(0.5, 1.5));
            put(name + ".binary_a.beta_a", new int[0], () -> uniform(-0.2, 0.2));
        }

        void bn(String name, int c) {
            int[] s = {c};
            put(name + ".weight", s, () -> uniform(0.5, 1.5));
            put(name + ".bias", s, () -> uniform(-0.1, 0.1));
            put(name + ".running_mean", s, () -> 0.1 * r.nextGaussian());
            put(name + ".running_var", s, () -> uniform(0.5, 2));
            sd.put(name + ".num_batches_tracked", new NdArray(new int[0], new double[] {0}, "int64"));
        }

        void maxout(String name, int c) {
            int[] s = {c};
            put(name + ".neg_scale", s, () -> uniform(0.1, 0.4));
            put(name + ".pos_scale", s, () -> uniform(0.8, 1.2));
        }

        void linear(String name, int out, int in) {
            double bound = 1 / Math.sqrt(in);
            put(name + ".weight", new int[] {out, in}, () -> uniform(-bound, bound));
            put(name + ".bias", new int[] {out}, () -> uniform(-bound, bound));
        }
    }
}
