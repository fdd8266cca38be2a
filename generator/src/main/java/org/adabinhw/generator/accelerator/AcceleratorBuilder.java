package org.adabinhw.generator.accelerator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.blocks.AffineUnitConfig;
import org.adabinhw.generator.blocks.AffineUnitRtl;
import org.adabinhw.generator.blocks.AvgPoolConfig;
import org.adabinhw.generator.blocks.AvgPoolRtl;
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.AxisFifoRtl;
import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.generator.blocks.BinaryMvuRtl;
import org.adabinhw.generator.blocks.BlockConfig;
import org.adabinhw.generator.blocks.HeadUnitConfig;
import org.adabinhw.generator.blocks.HeadUnitRtl;
import org.adabinhw.generator.blocks.MaxPoolConfig;
import org.adabinhw.generator.blocks.MaxPoolRtl;
import org.adabinhw.generator.blocks.PiecewiseUnitConfig;
import org.adabinhw.generator.blocks.PiecewiseUnitRtl;
import org.adabinhw.generator.blocks.RealMvuConfig;
import org.adabinhw.generator.blocks.RealMvuRtl;
import org.adabinhw.generator.blocks.ShortcutAConfig;
import org.adabinhw.generator.blocks.ShortcutARtl;
import org.adabinhw.generator.blocks.SlidingWindowConfig;
import org.adabinhw.generator.blocks.SlidingWindowRtl;
import org.adabinhw.generator.blocks.StreamAddConfig;
import org.adabinhw.generator.blocks.StreamAddRtl;
import org.adabinhw.generator.blocks.StreamDwcConfig;
import org.adabinhw.generator.blocks.StreamDwcRtl;
import org.adabinhw.generator.blocks.StreamForkConfig;
import org.adabinhw.generator.blocks.StreamForkRtl;
import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.adabinhw.generator.blocks.ThresholdUnitRtl;
import org.adabinhw.golden.integer.AddLayer;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.MaxPoolLayer;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.integer.RealConvLayer;
import org.adabinhw.golden.integer.ShortcutLayer;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.golden.ir.Shape;

/**
 * Turns an {@link IntegerNetwork} and a {@link Folding} into an {@link Accelerator}: one streaming block chain
 * per layer (docs/architecture.md §"How a layer becomes hardware"), forks where a tensor feeds two layers,
 * a bypass FIFO on the second operand of every residual add, width converters where the lanes of a producer
 * and its consumer differ, and the top module. Every folding is checked before anything is rendered; an
 * illegal one fails naming the layer and the legal values.
 */
public final class AcceleratorBuilder {
    /** The default folding's bound on XNOR lanes (PE·SIMD) of one binary convolution. */
    public static final int BINARY_LANES = 256;
    /** The default folding's bound on multipliers (PE·SIMD) of one real convolution. */
    public static final int REAL_MULTIPLIERS = 64;
    /** Beats of slack added to a bypass FIFO's depth for the blocks' own small buffers. */
    static final int BYPASS_SLACK = 64;
    /** The top's core that adds {@code tlast}. */
    static final String TLAST_BLOCK = "accelerator";
    static final String TLAST_CORE = "axis_tlast.v";

    private final VerilogRenderer renderer;
    private final IntegerNetwork net;
    private final Folding given;
    private final String top;
    private final Map<String, String> source;
    private final QuantConfig q;
    private final int w;
    private final long target;
    private final Map<String, Folding.Layer> chosen = new LinkedHashMap<>();
    private final Map<String, Integer> chosenFifos = new LinkedHashMap<>();
    private final List<Accelerator.Stage> stages = new ArrayList<>();
    private final List<Accelerator.Wire> wires = new ArrayList<>();
    private final Map<String, Deque<Endpoint>> endpoints = new HashMap<>();
    private final Map<String, Integer> consumers = new HashMap<>();
    private final Set<String> moduleNames = new HashSet<>();
    private final GeneratedFiles files = new GeneratedFiles();
    private final List<String> cores = new ArrayList<>();
    private final List<String> wrappers = new ArrayList<>();
    private String outWire;

    /** Where a tensor's stream can be read: a wire, its lanes and lane width, the tensor's shape. */
    private record Endpoint(String wire, int lanes, int laneWidth, Shape shape) {
        int dataWidth() {
            return lanes * laneWidth;
        }

        long beatsPerImage() {
            return (long) shape.size() / lanes;
        }
    }

    private AcceleratorBuilder(VerilogRenderer renderer, IntegerNetwork net, Folding folding, String top,
                               Map<String, String> source, long interval) {
        this.renderer = renderer;
        this.net = net;
        this.given = folding;
        this.top = top;
        this.source = new LinkedHashMap<>(source);
        this.q = net.q();
        this.w = q.streamWidth();
        checkFoldingNames();
        this.target = interval > 0 ? interval : targetCycles();
    }

    /**
     * Builds the accelerator of a network.
     *
     * @param renderer the template renderer
     * @param net      the integer network (its last layer must be a pooled {@link HeadLayer})
     * @param folding  the folding file's values; layers it leaves out get the default
     * @param top      the top module's name, a lower-case Verilog identifier
     * @param source   where the network came from, recorded under {@code "source"} in the description
     * @throws GeneratorException naming the layer and the legal values when a folding is illegal, or the layer
     *                            when the network has something the hardware cannot do
     */
    public static Accelerator build(VerilogRenderer renderer, IntegerNetwork net, Folding folding, String top,
                                    Map<String, String> source) {
        return build(renderer, net, folding, top, source, 0);
    }

    /**
     * Builds the accelerator of a network for a given interval: every layer the plan leaves out gets the least
     * parallelism (and every convolution the fewest output lanes) that keeps its cycles per image within
     * {@code interval} (0: the default interval, the slowest convolution's at the default folding's lane bounds).
     *
     * @throws GeneratorException naming the layer when no folding of it reaches the interval
     */
    public static Accelerator build(VerilogRenderer renderer, IntegerNetwork net, Folding folding, String top,
                                    Map<String, String> source, long interval) {
        RtlDesign.checkModuleName(top);
        return new AcceleratorBuilder(renderer, net, folding, top, source, interval).run();
    }

    /**
     * Every interval a folding of the network can have: the cycles per image of every convolution at every legal
     * SIMD × PE, ascending. A plan built for one of them ({@link #build(VerilogRenderer, IntegerNetwork, Folding, String,
     * Map, long)}) is the cheapest of its interval; intervals between two of them give the same plans.
     */
    public static List<Long> intervals(IntegerNetwork net) {
        java.util.TreeSet<Long> t = new java.util.TreeSet<>();
        long floor = 1;
        for (IntLayer l : net.layers()) {
            ConvGeometry g = geometry(l);
            if (g == null) {
                continue;
            }
            long fastest = Long.MAX_VALUE;
            for (int s : Lanes.divisors(g.in().channels())) {
                for (int p : Lanes.divisors(g.out().channels())) {
                    long c = convCycles(g, s, p);
                    t.add(c);
                    fastest = Math.min(fastest, c);
                }
            }
            floor = Math.max(floor, fastest);
        }
        return List.copyOf(t.tailSet(floor));
    }

    /** A module name derived from a network's name: lower case, {@code [a-z0-9_]}, starting with a letter. */
    public static String topName(String networkName) {
        String s = networkName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_+", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0))) {
            s = "net_" + s;
        }
        if (s.length() > 40) {
            s = s.substring(0, 40);
        }
        return s.replaceAll("_$", "") + "_accel";
    }

    // ---- folding -------------------------------------------------------------------------------------------

    private static boolean foldable(IntLayer l) {
        return l instanceof BinaryConvLayer || l instanceof RealConvLayer || l instanceof MaxPoolLayer
                || l instanceof AvgPoolLayer || l instanceof HeadLayer;
    }

    private void checkFoldingNames() {
        List<String> names = net.layers().stream().filter(AcceleratorBuilder::foldable).map(IntLayer::name).toList();
        for (String k : given.layers().keySet()) {
            if (!names.contains(k)) {
                throw new GeneratorException("folding: the network has no foldable layer '" + k + "'; its foldable layers: "
                        + String.join(", ", names));
            }
        }
        List<String> adds = net.layers().stream().filter(l -> l instanceof AddLayer).map(IntLayer::name).toList();
        for (Map.Entry<String, Integer> e : given.fifos().entrySet()) {
            if (!adds.contains(e.getKey())) {
                throw new GeneratorException("plan: \"fifos\" names '" + e.getKey() + "', which is not a residual add; the adds: "
                        + (adds.isEmpty() ? "none" : String.join(", ", adds)));
            }
            if (e.getValue() > AxisFifoConfig.MAX_DEPTH) {
                throw new GeneratorException("plan: the FIFO of " + e.getKey() + " has depth " + e.getValue() + "; legal: 1.."
                        + AxisFifoConfig.MAX_DEPTH);
            }
        }
    }

    /** Cycles per image of a convolution's matrix-vector unit: pixels · O/PE · K²·C/SIMD. */
    static long convCycles(ConvGeometry g, int simd, int pe) {
        return (long) g.out().height() * g.out().width() * (g.out().channels() / pe)
                * g.kernelH() * g.kernelW() * (g.in().channels() / simd);
    }

    private static String legal(int n) {
        return Lanes.divisors(n).toString().replaceAll("[\\[\\]]", "");
    }

    /**
     * The default folding's interval: the slowest convolution's cycles per image at the most parallel folding
     * the default allows ({@value #BINARY_LANES} XNOR lanes, {@value #REAL_MULTIPLIERS} multipliers), or a
     * folding the file fixes, whichever is slower.
     */
    private long targetCycles() {
        long t = 1;
        for (IntLayer l : net.layers()) {
            ConvGeometry g = geometry(l);
            if (g == null) {
                continue;
            }
            Folding.Layer f = given.of(l.name());
            if (f != null && f.simd() > 0 && f.pe() > 0) {
                checkConvFolding(l.name(), g, f.simd(), f.pe());
                t = Math.max(t, convCycles(g, f.simd(), f.pe()));
                continue;
            }
            int budget = l instanceof BinaryConvLayer ? BINARY_LANES : REAL_MULTIPLIERS;
            long best = Long.MAX_VALUE;
            for (int s : Lanes.divisors(g.in().channels())) {
                for (int p : Lanes.divisors(g.out().channels())) {
                    if ((long) s * p <= budget) {
                        best = Math.min(best, convCycles(g, s, p));
                    }
                }
            }
            t = Math.max(t, best);
        }
        return t;
    }

    private static ConvGeometry geometry(IntLayer l) {
        return switch (l) {
            case BinaryConvLayer b -> b.geometry();
            case RealConvLayer r -> r.geometry();
            default -> null;
        };
    }

    private static void checkConvFolding(String layer, ConvGeometry g, int simd, int pe) {
        if (simd < 1 || g.in().channels() % simd != 0) {
            throw new GeneratorException("folding of layer " + layer + ": SIMD = " + simd + " does not divide its "
                    + g.in().channels() + " input channels; legal: " + legal(g.in().channels()));
        }
        if (pe < 1 || g.out().channels() % pe != 0) {
            throw new GeneratorException("folding of layer " + layer + ": PE = " + pe + " does not divide its "
                    + g.out().channels() + " output channels; legal: " + legal(g.out().channels()));
        }
    }

    /** The folding of a convolution: the file's values, completed by the cheapest that meets the interval. */
    private Folding.Layer convFolding(IntLayer l, ConvGeometry g, int inLanes) {
        Folding.Layer f = given.of(l.name());
        int fixedSimd = f == null ? 0 : f.simd();
        int fixedPe = f == null ? 0 : f.pe();
        if (fixedSimd > 0 && fixedPe > 0) {
            checkConvFolding(l.name(), g, fixedSimd, fixedPe);
            return record(l, new Folding.Layer(fixedSimd, fixedPe));
        }
        if (fixedSimd > 0) {
            checkConvFolding(l.name(), g, fixedSimd, 1);
        }
        if (fixedPe > 0) {
            checkConvFolding(l.name(), g, 1, fixedPe);
        }
        long pixels = (long) g.out().height() * g.out().width();
        Folding.Layer best = null;
        long bestKey = Long.MAX_VALUE;
        for (int s : fixedSimd > 0 ? List.of(fixedSimd) : Lanes.divisors(g.in().channels())) {
            for (int p : fixedPe > 0 ? List.of(fixedPe) : Lanes.divisors(g.out().channels())) {
                if (convCycles(g, s, p) > target || pixels * (g.out().channels() / p) > target) {
                    continue;
                }
                // Fewest lanes first; then PE close to SIMD (a wide PE costs accumulators, a wide SIMD only popcount
                // width); then no width converter on the input (the streams into a convolution are narrow since
                // every block runs at the lanes it needs, and a converter of bits is cheap).
                long balance = Math.abs(Integer.numberOfTrailingZeros(Integer.highestOneBit(s))
                        - Integer.numberOfTrailingZeros(Integer.highestOneBit(p)));
                long key = ((long) s * p) * 1_000_000L + balance * 1_000L + (s == inLanes ? 0 : 100L) + (64 - p);
                if (key < bestKey) {
                    bestKey = key;
                    best = new Folding.Layer(s, p);
                }
            }
        }
        if (best == null) {
            throw new GeneratorException("folding of layer " + l.name() + ": no SIMD x PE meets the interval of " + target
                    + " cycles per image with the values the folding file fixes (SIMD " + fixedSimd + ", PE " + fixedPe + ")");
        }
        return record(l, best);
    }

    /**
     * A convolution's folding with its output lanes: the file's value, or the fewest lanes (a divisor of PE) that
     * carry the layer's outputs within the interval, with no more output groups per fold (PE/lanes) than a fold has
     * beats.
     */
    private Folding.Layer withLanes(IntLayer l, ConvGeometry g, Folding.Layer f) {
        Folding.Layer file = given.of(l.name());
        int beats = g.kernelH() * g.kernelW() * (g.in().channels() / f.simd());
        long outputs = (long) g.out().size();
        int lanes = 0;
        if (file != null && file.lanes() > 0) {
            lanes = file.lanes();
            if (f.pe() % lanes != 0 || f.pe() / lanes > beats) {
                List<Integer> ok = Lanes.divisors(f.pe()).stream().filter(d -> f.pe() / d <= beats).toList();
                throw new GeneratorException("folding of layer " + l.name() + ": lanes = " + lanes + " must divide PE = "
                        + f.pe() + " with PE/lanes at most the " + beats + " beats of a fold; legal: "
                        + ok.toString().replaceAll("[\\[\\]]", ""));
            }
        } else {
            // The element-wise blocks after the convolution may be busy for the whole interval: the bypass FIFOs sit
            // before any width converter and the option-A shortcuts keep a margin (see shortcut), so nothing downstream
            // waits on a block that is itself waiting.
            lanes = f.pe();
            for (int d : Lanes.divisors(f.pe())) {
                if (f.pe() / d <= beats && (outputs + d - 1) / d <= target) {
                    lanes = d;
                    break;
                }
            }
        }
        return record(l, new Folding.Layer(f.simd(), f.pe(), lanes));
    }

    private Folding.Layer record(IntLayer l, Folding.Layer f) {
        chosen.put(l.name(), f);
        return f;
    }

    // ---- the graph -----------------------------------------------------------------------------------------

    private Accelerator run() {
        for (IntLayer l : net.layers()) {
            for (String i : l.inputs()) {
                consumers.merge(i, 1, Integer::sum);
            }
        }
        Shape in = net.input().shape();
        String inWire = wire("input", in.channels(), 8);
        publish(Network.INPUT, new Endpoint(inWire, in.channels(), 8, in));
        IntLayer last = net.layers().get(net.layers().size() - 1);
        if (!(last instanceof HeadLayer)) {
            throw new GeneratorException("layer " + last.name() + ": the accelerator's last layer must be the classifier "
                    + "(a Linear after a global pool), got " + last.getClass().getSimpleName());
        }
        for (IntLayer l : net.layers()) {
            try {
                layer(l);
            } catch (IllegalArgumentException e) {
                throw new GeneratorException("layer " + l.name() + ": " + e.getMessage(), e);
            }
        }
        for (Map.Entry<String, Deque<Endpoint>> e : endpoints.entrySet()) {
            if (!e.getValue().isEmpty()) {
                throw new IllegalStateException("stream of " + e.getKey() + " is not consumed");
            }
        }
        HeadLayer head = (HeadLayer) last;
        String topFile = "rtl/" + top + ".v";
        AcceleratorTop ctx = new AcceleratorTop(top, net.name(), StreamPort.in("", in.channels() * 8), inWire,
                StreamPort.out("", q.logitWidth()), outWire, head.classes(), wireDecls(wires), instances(stages, w -> w), List.of(), List.of());
        files.add("rtl/" + TLAST_CORE, StaticCores.read(TLAST_BLOCK, TLAST_CORE));
        cores.add("rtl/" + TLAST_CORE);
        files.add(topFile, renderer.render(ctx));
        List<String> sources = new ArrayList<>(cores);
        sources.addAll(wrappers);
        sources.add(topFile);
        RtlDesign design = new RtlDesign(top, List.of(ctx.in(), ctx.out()), sources, files);
        Folding folding = new Folding(chosen, chosenFifos);
        Accelerator draft = new Accelerator(net, folding, design, stages, wires, "");
        return new Accelerator(net, folding, design, stages, wires, AcceleratorDescription.json(draft, source, renderer.family()));
    }

    /** The stream declarations of a top. */
    static List<AcceleratorTop.WireDecl> wireDecls(List<Accelerator.Wire> wires) {
        return wires.stream().map(x -> new AcceleratorTop.WireDecl(x.name(), x.tdataWidth())).toList();
    }

    /** The block instances of a top, each input port on the stream {@code consumerSide} names for its wire. */
    static List<AcceleratorTop.Instance> instances(List<Accelerator.Stage> stages, java.util.function.UnaryOperator<String> consumerSide) {
        List<AcceleratorTop.Instance> list = new ArrayList<>();
        for (Accelerator.Stage s : stages) {
            List<AcceleratorTop.Connection> conns = new ArrayList<>();
            List<StreamPort> ports = s.design().ports();
            for (int i = 0; i < ports.size(); i++) {
                String w = s.streams().get(i);
                conns.add(new AcceleratorTop.Connection(ports.get(i).prefix(), ports.get(i).input() ? consumerSide.apply(w) : w));
            }
            list.add(new AcceleratorTop.Instance(s.design().top(), s.instance(), conns));
        }
        return list;
    }

    private String wire(String what, int lanes, int laneWidth) {
        return wire(what, lanes, laneWidth, lanes * laneWidth);
    }

    /** A new stream of {@code lanes} values of {@code laneWidth} bits in {@code dataWidth} data bits. */
    private String wire(String what, int lanes, int laneWidth, int dataWidth) {
        String name = "s" + wires.size() + "_" + sanitize(what);
        wires.add(new Accelerator.Wire(name, Lanes.byteAligned(dataWidth), lanes, laneWidth));
        return name;
    }

    private static String sanitize(String s) {
        String t = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_").replaceAll("_+", "_");
        return t.replaceAll("^_|_$", "");
    }

    private void publish(String tensor, Endpoint e) {
        int n = consumers.getOrDefault(tensor, 0);
        Deque<Endpoint> q = endpoints.computeIfAbsent(tensor, k -> new ArrayDeque<>());
        if (n <= 1) {
            if (n == 1) {
                q.add(e);
            }
            return;
        }
        StreamForkConfig c = new StreamForkConfig(e.dataWidth(), n);
        List<String> outs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outs.add(wire(tensor + "_" + i, e.lanes(), e.laneWidth()));
        }
        String module = module(tensor, "fork");
        List<String> streams = new ArrayList<>(List.of(e.wire()));
        streams.addAll(outs);
        stage(tensor, StreamForkRtl.design(renderer, module, c), c, streams, e.beatsPerImage());
        for (String o : outs) {
            q.add(new Endpoint(o, e.lanes(), e.laneWidth(), e.shape()));
        }
    }

    private Endpoint take(String tensor) {
        Deque<Endpoint> d = endpoints.get(tensor);
        if (d == null || d.isEmpty()) {
            throw new IllegalStateException("no stream left for tensor " + tensor);
        }
        return d.poll();
    }

    private String module(String layer, String suffix) {
        String m = top + "_" + sanitize(layer) + "_" + suffix;
        String unique = m;
        for (int i = 2; !moduleNames.add(unique); i++) {
            unique = m + "_" + i;
        }
        return RtlDesign.checkModuleName(unique);
    }

    /** Adds a block instance: its Verilog goes to {@code rtl/}, its memory images to {@code mem/}. */
    private void stage(String layer, RtlDesign d, BlockConfig config, List<String> streams, long cycles) {
        List<StreamPort> ports = d.ports();
        if (ports.size() != streams.size()) {
            throw new IllegalStateException(d.top() + ": " + ports.size() + " ports, " + streams.size() + " streams");
        }
        for (int i = 0; i < ports.size(); i++) {
            Accelerator.Wire wire = wireNamed(streams.get(i));
            if (wire.tdataWidth() != ports.get(i).tdataWidth()) {
                throw new IllegalStateException(d.top() + " port " + ports.get(i).prefix() + " has TDATA of "
                        + ports.get(i).tdataWidth() + " bits, stream " + wire.name() + " " + wire.tdataWidth());
            }
        }
        // Memory images move to mem/; the wrapper names them by that path, relative to the generated directory.
        List<String> images = d.dataFiles();
        for (String p : d.files().paths()) {
            boolean source = d.sources().contains(p);
            String path = (source ? "rtl/" : "mem/") + p;
            String content = d.files().content(p);
            if (p.equals(d.top() + ".v")) {
                for (String image : images) {
                    String quoted = "\"" + image + "\"";
                    if (!content.contains(quoted)) {
                        throw new IllegalStateException(p + " does not name its memory image " + quoted);
                    }
                    content = content.replace(quoted, "\"mem/" + image + "\"");
                }
            }
            if (files.paths().contains(path)) {
                if (!files.content(path).equals(content)) {
                    throw new IllegalStateException("two blocks write different " + path);
                }
                continue;
            }
            files.add(path, content);
            if (source) {
                (p.equals(d.top() + ".v") ? wrappers : cores).add(path);
            }
        }
        stages.add(new Accelerator.Stage(layer, config.block(), "u_" + d.top().substring(top.length() + 1), d, config, streams, cycles));
    }

    private Accelerator.Wire wireNamed(String name) {
        return wires.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no wire " + name));
    }

    /** Converts a stream to {@code lanes} lanes, through the greatest common divisor when neither divides the other. */
    private Endpoint lanes(String layer, Endpoint e, int lanes) {
        for (StreamDwcConfig c : StreamDwcConfig.chain(e.shape().channels(), e.lanes(), lanes, e.laneWidth())) {
            String out = wire(layer + "_dwc", c.outLanes(), e.laneWidth());
            String module = module(layer, "dwc");
            stage(layer, StreamDwcRtl.design(renderer, module, c), c, List.of(e.wire(), out),
                    Math.max(e.beatsPerImage(), (long) e.shape().size() / c.outLanes()));
            e = new Endpoint(out, c.outLanes(), e.laneWidth(), e.shape());
        }
        return e;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private void layer(IntLayer l) {
        switch (l) {
            case RealConvLayer r -> realConv(r);
            case BinaryConvLayer b -> binaryConv(b);
            case PiecewiseLayer p -> piecewise(p);
            case AffineLayer a -> affine(a);
            case AddLayer a -> add(a);
            case ShortcutLayer s -> shortcut(s);
            case MaxPoolLayer m -> maxPool(m);
            case AvgPoolLayer a -> avgPool(a);
            case HeadLayer h -> head(h);
        }
    }

    private Endpoint window(String layer, Endpoint in, int simd, int kernel, int stride, int padding) {
        Endpoint e = lanes(layer, in, simd);
        Shape s = e.shape();
        SlidingWindowConfig c = new SlidingWindowConfig(s.channels(), simd, e.laneWidth(), kernel, stride, padding,
                s.height(), s.width());
        // SIMD values and the tap-valid flag.
        String out = wire(layer + "_win", simd, e.laneWidth(), c.outputWidth());
        String module = module(layer, "win");
        stage(layer, SlidingWindowRtl.design(renderer, module, c), c, List.of(e.wire(), out),
                Math.max(c.inputBeatsPerImage(), c.outputBeatsPerImage()));
        return new Endpoint(out, simd, e.laneWidth(), s);
    }

    private void realConv(RealConvLayer r) {
        ConvGeometry g = r.geometry();
        Endpoint in = take(r.inputs().get(0));
        Folding.Layer f = withLanes(r, g, convFolding(r, g, in.lanes()));
        Endpoint win = window(r.name(), in, f.simd(), g.kernelH(), g.stride(), g.padding());
        RealMvuConfig c = RealMvuConfig.of(g, r.pixelInput(), f.simd(), f.pe(), f.lanes(), w, q.multiplierWidth());
        String out = wire(r.name(), f.lanes(), w);
        String module = module(r.name(), "mvu");
        stage(r.name(), RealMvuRtl.design(renderer, module, c, r), c, List.of(win.wire(), out),
                convCycles(g, f.simd(), f.pe()));
        publish(r.name(), new Endpoint(out, f.lanes(), w, g.out()));
    }

    private void binaryConv(BinaryConvLayer b) {
        if (b.se() != null) {
            throw new GeneratorException("layer " + b.name() + ": SD-BNN's dynamic SE threshold is not supported by the hardware "
                    + "yet (it needs the whole feature map's channel means before the first pixel: a frame buffer and an SE unit)");
        }
        ConvGeometry g = b.geometry();
        Endpoint in = take(b.inputs().get(0));
        Folding.Layer f = withLanes(b, g, convFolding(b, g, in.lanes()));
        ThresholdUnitConfig tc = new ThresholdUnitConfig(g.in().channels(), in.lanes(), w);
        String bits = wire(b.name() + "_bits", in.lanes(), 1);
        String tm = module(b.name(), "thr");
        stage(b.name(), ThresholdUnitRtl.design(renderer, tm, tc, b.threshold()), tc,
                List.of(in.wire(), bits), in.beatsPerImage());
        Endpoint win = window(b.name(), new Endpoint(bits, in.lanes(), 1, g.in()), f.simd(), g.kernelH(), g.stride(),
                g.padding());
        BinaryMvuConfig c = BinaryMvuConfig.of(g, f.simd(), f.pe(), f.lanes(), w, q.binaryConstWidth());
        String out = wire(b.name(), f.lanes(), w);
        String module = module(b.name(), "mvu");
        stage(b.name(), BinaryMvuRtl.design(renderer, module, c, b), c, List.of(win.wire(), out),
                convCycles(g, f.simd(), f.pe()));
        publish(b.name(), new Endpoint(out, f.lanes(), w, g.out()));
    }

    private void piecewise(PiecewiseLayer p) {
        Endpoint in = take(p.input());
        PiecewiseUnitConfig c = new PiecewiseUnitConfig(p.shape().channels(), in.lanes(), w, q.multiplierWidth());
        String out = wire(p.name(), in.lanes(), w);
        String module = module(p.name(), "pwl");
        stage(p.name(), PiecewiseUnitRtl.design(renderer, module, c, p), c,
                List.of(in.wire(), out), in.beatsPerImage());
        publish(p.name(), new Endpoint(out, in.lanes(), w, p.shape()));
    }

    private void affine(AffineLayer a) {
        Endpoint in = take(a.input());
        AffineUnitConfig c = new AffineUnitConfig(a.shape().channels(), in.lanes(), w, q.multiplierWidth());
        String out = wire(a.name(), in.lanes(), w);
        String module = module(a.name(), "aff");
        stage(a.name(), AffineUnitRtl.design(renderer, module, c, a), c,
                List.of(in.wire(), out), in.beatsPerImage());
        publish(a.name(), new Endpoint(out, in.lanes(), w, a.shape()));
    }

    private void add(AddLayer a) {
        Endpoint x = take(a.a());
        // The bypass FIFO sits at the second operand's own lanes, before any width converter: a shortcut wider than
        // the add then runs ahead into the FIFO instead of waiting, beat by beat, for a converter to narrow its output.
        Endpoint b = take(a.b());
        Integer planned = given.fifo(a.name());
        int depth = planned != null ? planned : bypassDepth(a, b);
        chosenFifos.put(a.name(), depth);
        AxisFifoConfig fc = new AxisFifoConfig(b.dataWidth(), depth);
        String fifoOut = wire(a.name() + "_bypass", b.lanes(), w);
        String fm = module(a.name(), "bypass");
        stage(a.name(), AxisFifoRtl.design(renderer, fm, fc), fc, List.of(b.wire(), fifoOut), b.beatsPerImage());
        String bypassed = lanes(a.name(), new Endpoint(fifoOut, b.lanes(), w, b.shape()), x.lanes()).wire();
        StreamAddConfig c = new StreamAddConfig(a.shape().channels(), x.lanes(), w);
        String out = wire(a.name(), x.lanes(), w);
        String module = module(a.name(), "add");
        stage(a.name(), StreamAddRtl.design(renderer, module, c), c, List.of(x.wire(), bypassed, out),
                x.beatsPerImage());
        publish(a.name(), new Endpoint(out, x.lanes(), w, a.shape()));
    }

    /**
     * The default depth of the FIFO on an add's second operand (a plan's {@code "fifos"} overrides it): the beats of that operand that correspond to K + S + 1
     * input rows of the convolution computing the first operand (what its line buffer and pipeline can hold
     * back), plus {@value #BYPASS_SLACK}. With less the fork ahead of the convolution could block for ever.
     */
    private int bypassDepth(AddLayer a, Endpoint b) {
        IntLayer src = net.layers().stream().filter(l -> l.name().equals(a.a())).findFirst().orElse(null);
        ConvGeometry g = src == null ? null : geometry(src);
        int rows = g == null ? 2 : g.kernelH() + g.stride() + 1;
        int inHeight = g == null ? b.shape().height() : g.in().height();
        long bRows = ((long) rows * b.shape().height() + inHeight - 1) / inHeight;
        long beatsPerRow = (long) b.shape().width() * (b.shape().channels() / b.lanes());
        long depth = Math.min(bRows, b.shape().height()) * beatsPerRow + BYPASS_SLACK;
        return (int) Math.min(depth, AxisFifoConfig.MAX_DEPTH);
    }

    private void shortcut(ShortcutLayer s) {
        Endpoint in = take(s.input());
        // Lanes dividing both the channels and the padding: the input's (through their gcd with the padding) when that
        // keeps strictly within the interval, else the fewest that do (else the fastest). Its input arrives at most
        // the upstream lanes a cycle, and every cycle the block spends on a zero beat it is not reading: a shortcut
        // that needs the whole interval falls behind its bursty source (ResNet-20: 9,392 cycles per image at 9,216).
        int l = gcd(in.lanes(), s.padChannels());
        if (ShortcutAConfig.of(s, l, w).cyclesPerImage(in.lanes()) >= target) {
            long best = Long.MAX_VALUE;
            for (int d : Lanes.divisors(gcd(s.in().channels(), s.padChannels()))) {
                long cycles = ShortcutAConfig.of(s, d, w).cyclesPerImage(in.lanes());
                if (cycles < best) {
                    best = cycles;
                    l = d;
                }
                if (cycles < target) {
                    break;
                }
            }
        }
        in = lanes(s.name(), in, l);
        ShortcutAConfig c = ShortcutAConfig.of(s, l, w);
        String out = wire(s.name(), l, w);
        String module = module(s.name(), "sc");
        stage(s.name(), ShortcutARtl.design(renderer, module, c), c, List.of(in.wire(), out), c.cyclesPerImage());
        publish(s.name(), new Endpoint(out, l, w, s.out()));
    }

    private int poolSimd(IntLayer l, Shape in, Shape out, int kernel, int inLanes) {
        Folding.Layer f = given.of(l.name());
        if (f != null && f.pe() > 0) {
            throw new GeneratorException("folding of layer " + l.name() + ": a pooling layer takes only simd, not pe");
        }
        long pixels = (long) out.height() * out.width();
        if (f != null && f.simd() > 0) {
            if (in.channels() % f.simd() != 0) {
                throw new GeneratorException("folding of layer " + l.name() + ": SIMD = " + f.simd() + " does not divide its "
                        + in.channels() + " channels; legal: " + legal(in.channels()));
            }
            record(l, new Folding.Layer(f.simd(), 0));
            return f.simd();
        }
        int simd = inLanes;
        if (pixels * kernel * kernel * (in.channels() / simd) > target) {
            for (int d : Lanes.divisors(in.channels())) {
                if (d >= simd && pixels * kernel * kernel * (in.channels() / d) <= target) {
                    simd = d;
                    break;
                }
            }
        }
        record(l, new Folding.Layer(simd, 0));
        return simd;
    }

    private void maxPool(MaxPoolLayer m) {
        Endpoint in = take(m.input());
        int simd = poolSimd(m, m.in(), m.out(), m.kernel(), in.lanes());
        Endpoint win = window(m.name(), in, simd, m.kernel(), m.stride(), m.padding());
        MaxPoolConfig c = MaxPoolConfig.of(m, simd, w);
        String out = wire(m.name(), simd, w);
        String module = module(m.name(), "pool");
        stage(m.name(), MaxPoolRtl.design(renderer, module, c), c, List.of(win.wire(), out),
                (long) m.out().height() * m.out().width() * m.kernel() * m.kernel() * (m.in().channels() / simd));
        publish(m.name(), new Endpoint(out, simd, w, m.out()));
    }

    private void avgPool(AvgPoolLayer a) {
        Endpoint in = take(a.input());
        int simd = poolSimd(a, a.in(), a.out(), a.kernel(), in.lanes());
        Endpoint win = window(a.name(), in, simd, a.kernel(), a.stride(), a.padding());
        AvgPoolConfig c = AvgPoolConfig.of(a, simd);
        String out = wire(a.name(), simd, w);
        String module = module(a.name(), "pool");
        stage(a.name(), AvgPoolRtl.design(renderer, module, c, a), c, List.of(win.wire(), out),
                (long) a.out().height() * a.out().width() * a.kernel() * a.kernel() * (a.in().channels() / simd));
        publish(a.name(), new Endpoint(out, simd, w, a.out()));
    }

    private void head(HeadLayer h) {
        Endpoint in = take(h.input());
        Folding.Layer f = given.of(h.name());
        if (f != null && f.simd() > 0) {
            throw new GeneratorException("folding of layer " + h.name() + ": the classifier takes only pe, not simd");
        }
        int c = h.in().channels();
        int pe;
        if (f != null && f.pe() > 0) {
            pe = f.pe();
            if (h.classes() % pe != 0) {
                throw new GeneratorException("folding of layer " + h.name() + ": PE = " + pe + " does not divide its "
                        + h.classes() + " classes; legal: " + legal(h.classes()));
            }
        } else {
            pe = h.classes();
            for (int d : Lanes.divisors(h.classes())) {
                if ((long) c * (h.classes() / d) <= target) {
                    pe = d;
                    break;
                }
            }
        }
        record(h, new Folding.Layer(0, pe));
        HeadUnitConfig hc = HeadUnitConfig.of(h, in.lanes(), pe);
        outWire = wire(h.name(), 1, q.logitWidth());
        String module = module(h.name(), "head");
        stage(h.name(), HeadUnitRtl.design(renderer, module, hc, h), hc,
                List.of(in.wire(), outWire), Math.max(in.beatsPerImage(), (long) c * (h.classes() / pe)));
    }
}
