package org.adabinhw.simulator;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.generator.blocks.AffineUnitConfig;
import org.adabinhw.generator.blocks.AvgPoolConfig;
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.generator.blocks.AxisTlastConfig;
import org.adabinhw.generator.blocks.BinaryMvuConfig;
import org.adabinhw.generator.blocks.HeadUnitConfig;
import org.adabinhw.generator.blocks.MaxPoolConfig;
import org.adabinhw.generator.blocks.PiecewiseUnitConfig;
import org.adabinhw.generator.blocks.RealMvuConfig;
import org.adabinhw.generator.blocks.ShortcutAConfig;
import org.adabinhw.generator.blocks.SlidingWindowConfig;
import org.adabinhw.generator.blocks.StreamAddConfig;
import org.adabinhw.generator.blocks.StreamDwcConfig;
import org.adabinhw.generator.blocks.StreamForkConfig;
import org.adabinhw.generator.blocks.ThresholdUnitConfig;
import org.adabinhw.golden.integer.AffineLayer;
import org.adabinhw.golden.integer.AvgPoolLayer;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.HeadLayer;
import org.adabinhw.golden.integer.IntLayer;
import org.adabinhw.golden.integer.PiecewiseLayer;
import org.adabinhw.golden.integer.RealConvLayer;

/**
 * The cycle-level simulator of a whole generated accelerator: one cycle model per block instance of
 * {@link Accelerator#stages()}, built from the same configuration records and golden-model layers the generator
 * rendered, connected by the same streams as the top module, with the top's {@code axis_tlast} on the output.
 * A run feeds pixels under a {@link StallPattern} exactly as the Verilator harness does (input column 0,
 * output column 0, the verification top's output TDATA {@code {tlast, logit}}), so the two beat logs can be
 * compared cycle for cycle.
 * <p>
 * Besides the beat log a run reports, over the cycles from the first accepted pixel to the last expected logit,
 * how many cycles each block was busy, stalled (an output held a beat its consumer did not take) or starved
 * (not stalled, and an input was ready without a beat); the peak occupancy of every FIFO; and, when no beat
 * moved anywhere for {@link Options#deadlockCycles()} cycles, a {@link Deadlock} report.
 */
public final class AcceleratorSimulator {
    /** The least bound on cycles without any transfer before a run is declared deadlocked. */
    public static final long MIN_DEADLOCK_CYCLES = 10_000;

    private final Accelerator accelerator;
    private final Map<String, Integer> fifoDepths;
    private final Map<String, IntLayer> layers = new HashMap<>();
    private final int pixels;
    private final int classes;
    private final int logitWidth;
    /** The stall gates on the streams between blocks ({@link VerificationBuild}), or null for none. */
    private final Gating gating;

    /**
     * Random back-pressure on every stream between two blocks, as the verification build has it
     * ({@link VerificationBuild#design}).
     *
     * @param seed the run's seed, from which each gate's seed is drawn
     * @param rate stalled cycles in 256 ({@link VerificationBuild#rate})
     */
    public record Gating(long seed, int rate) {
    }

    /**
     * Options of a run.
     *
     * @param deadlockCycles cycles without any transfer on any stream after which the run stops as deadlocked, ≥ 1;
     *                       0 for the default, {@link #defaultDeadlockCycles()}
     * @param maxCycles      the cycle limit, ≥ 1; 0 for the default (generous for the images fed)
     * @param diagnose       on a deadlock, run again with the full FIFOs unbounded to find the depth they need
     */
    public record Options(long deadlockCycles, long maxCycles, boolean diagnose) {
        /** The defaults: the default deadlock bound and cycle limit, diagnosis on. */
        public static final Options DEFAULT = new Options(0, 0, true);

        /** Rejects illegal values. */
        public Options {
            if (deadlockCycles < 0 || maxCycles < 0) {
                throw new IllegalArgumentException("deadlock cycles and the cycle limit must be >= 0 (0: the default), got "
                        + deadlockCycles + ", " + maxCycles);
            }
        }

        /** These options with diagnosis on or off. */
        public Options withDiagnose(boolean on) {
            return new Options(deadlockCycles, maxCycles, on);
        }

        /** These options with another deadlock bound. */
        public Options withDeadlockCycles(long n) {
            return new Options(n, maxCycles, diagnose);
        }
    }

    /**
     * What one block did over a run's window (the cycles from the first accepted pixel to the last expected logit);
     * busy + stalled + starved = the window.
     *
     * @param instance the instance name in the top
     * @param layer    the layer (or tensor, for a fork) it belongs to
     * @param block    the block's name
     * @param busy     cycles neither stalled nor starved: moving beats or working on them
     * @param stalled  cycles in which an output held a beat that its consumer did not take
     * @param starved  cycles, not stalled, in which an input was ready and had no beat
     */
    public record StageStats(String instance, String layer, String block, long busy, long stalled, long starved) {
    }

    /**
     * One FIFO of the design: the bypass FIFO ({@code axis_fifo}) of a residual add.
     *
     * @param instance the instance name
     * @param layer    the add layer it belongs to (the key of its depth in the plan)
     * @param depth    its depth in this run
     * @param peak     the most beats it held at once
     */
    public record FifoStats(String instance, String layer, int depth, int peak) {
    }

    /**
     * A stream that was not moving when a deadlock was declared.
     *
     * @param stream   the wire's name in the top
     * @param producer the instance driving it
     * @param consumer the instance taking it
     * @param blocked  true: the producer holds a beat the consumer does not take; false: the consumer is ready and
     *                 waits for a beat
     */
    public record StreamState(String stream, String producer, String consumer, boolean blocked) {
        /** One line for a report. */
        public String describe() {
            return blocked ? stream + ": " + producer + " holds a beat that " + consumer + " does not take (not ready)"
                    : stream + ": " + consumer + " is ready and waits for a beat from " + producer;
        }
    }

    /**
     * A FIFO that was full when a deadlock was declared.
     *
     * @param fifo   the FIFO and its occupancy (= its depth)
     * @param needed the depth with which the same run completes without the FIFO ever filling (its peak occupancy
     *               with the depth unbounded, plus one), or 0 when it was not diagnosed
     */
    public record FullFifo(FifoStats fifo, int needed) {
    }

    /**
     * No transfer on any stream for the deadlock bound.
     *
     * @param cycle        the cycle the run stopped
     * @param lastTransfer the last cycle in which a beat moved
     * @param received     output beats received of those expected
     * @param expected     output beats expected
     * @param streams      the streams that were stopped with a beat waiting or a consumer waiting
     * @param fullFifos    the FIFOs that were full, with the depth that would have avoided the deadlock
     */
    public record Deadlock(long cycle, long lastTransfer, int received, int expected, List<StreamState> streams,
                           List<FullFifo> fullFifos) {
        /** Copies the lists. */
        public Deadlock {
            streams = List.copyOf(streams);
            fullFifos = List.copyOf(fullFifos);
        }

        /** The report, several lines. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append("DEADLOCK: no beat moved on any stream from cycle ").append(lastTransfer + 1).append(" to cycle ")
                    .append(cycle).append("; ").append(received).append(" of ").append(expected)
                    .append(" output beats had arrived\n");
            for (FullFifo f : fullFifos) {
                sb.append("  full FIFO ").append(f.fifo().instance()).append(" (bypass of ").append(f.fifo().layer())
                        .append("): depth ").append(f.fifo().depth());
                if (f.needed() > 0) {
                    sb.append("; depth ").append(f.needed()).append(" avoids the deadlock (set \"fifos\": {\"")
                            .append(f.fifo().layer()).append("\": ").append(f.needed()).append("} in the plan)");
                }
                sb.append('\n');
            }
            sb.append("  blocked streams (a beat waiting, the consumer not ready):\n");
            streams.stream().filter(StreamState::blocked).forEach(s -> sb.append("    ").append(s.describe()).append('\n'));
            sb.append("  starved streams (the consumer ready, no beat):\n");
            streams.stream().filter(s -> !s.blocked()).forEach(s -> sb.append("    ").append(s.describe()).append('\n'));
            return sb.toString();
        }
    }

    /**
     * The outcome of a run.
     *
     * @param trace    the beat log, in the format of every tool ({@link RunTrace#write})
     * @param times    latency and interval per image
     * @param window   cycles from the first accepted pixel to the last expected logit (0 if it never arrived)
     * @param stages   per block, in the order of {@link Accelerator#stages()}
     * @param fifos    every bypass FIFO
     * @param deadlock the deadlock report, or null
     * @param evaluated block evaluations (compute and commit of one block in one cycle) the run made; the others were
     *                  skipped as idle
     */
    public record Result(RunTrace trace, AcceleratorBeats.ImageTimes times, long window, List<StageStats> stages,
                         List<FifoStats> fifos, Deadlock deadlock, long evaluated) {
        /** Copies the lists. */
        public Result {
            stages = List.copyOf(stages);
            fifos = List.copyOf(fifos);
        }

        /** Whether every expected beat arrived. */
        public boolean completed() {
            return !trace.timedOut();
        }
    }

    /**
     * A simulator of an accelerator with the depths it was generated with.
     *
     * @param accelerator the accelerator
     */
    public AcceleratorSimulator(Accelerator accelerator) {
        this(accelerator, Map.of());
    }

    /**
     * A simulator of an accelerator with other bypass FIFO depths.
     *
     * @param accelerator the accelerator
     * @param fifoDepths  add layer → the depth of its bypass FIFO, overriding the generated one
     * @throws IllegalArgumentException naming the layer when it has no bypass FIFO or the depth is illegal
     */
    public AcceleratorSimulator(Accelerator accelerator, Map<String, Integer> fifoDepths) {
        this(accelerator, fifoDepths, null);
    }

    private AcceleratorSimulator(Accelerator accelerator, Map<String, Integer> fifoDepths, Gating gating) {
        this.accelerator = accelerator;
        this.gating = gating;
        this.fifoDepths = Collections.unmodifiableMap(new LinkedHashMap<>(fifoDepths));
        for (IntLayer l : accelerator.network().layers()) {
            layers.put(l.name(), l);
        }
        List<String> fifoLayers = bypassLayers(accelerator);
        for (Map.Entry<String, Integer> e : fifoDepths.entrySet()) {
            if (!fifoLayers.contains(e.getKey())) {
                throw new IllegalArgumentException("FIFO depths: layer " + e.getKey() + " has no bypass FIFO; layers with one: "
                        + String.join(", ", fifoLayers));
            }
            if (e.getValue() < 1 || e.getValue() > AxisFifoConfig.MAX_DEPTH) {
                throw new IllegalArgumentException("FIFO depths: layer " + e.getKey() + ": depth " + e.getValue()
                        + " is illegal; legal: 1.." + AxisFifoConfig.MAX_DEPTH);
            }
        }
        var shape = accelerator.network().input().shape();
        this.pixels = shape.height() * shape.width();
        IntLayer last = accelerator.network().layers().get(accelerator.network().layers().size() - 1);
        this.classes = ((HeadLayer) last).classes();
        this.logitWidth = accelerator.network().q().logitWidth();
    }

    /**
     * The same simulator with a stall gate on every stream between two blocks, as {@link VerificationBuild#design} puts in
     * the verification build of the RTL; null: none.
     */
    public AcceleratorSimulator withGating(Gating g) {
        return new AcceleratorSimulator(accelerator, fifoDepths, g);
    }

    /** The stall gates of this simulator, or null. */
    public Gating gating() {
        return gating;
    }

    /** The add layers that have a bypass FIFO, in data-flow order. */
    public static List<String> bypassLayers(Accelerator a) {
        return a.stages().stream().filter(s -> s.config() instanceof AxisFifoConfig).map(Accelerator.Stage::layer).toList();
    }

    /** The accelerator. */
    public Accelerator accelerator() {
        return accelerator;
    }

    /** Input beats (pixels) per image. */
    public int pixelsPerImage() {
        return pixels;
    }

    /** Output beats (logits) per image. */
    public int classes() {
        return classes;
    }

    /** Bits of a logit; the output beat carries {@code tlast} above them. */
    public int logitWidth() {
        return logitWidth;
    }

    /**
     * The default deadlock bound: twice the cycles per image plus {@value #MIN_DEADLOCK_CYCLES}. Without stalls a
     * healthy run moves a beat somewhere at least once per image interval (every block moves one per image).
     */
    public long defaultDeadlockCycles() {
        return 2 * accelerator.cyclesPerImage() + MIN_DEADLOCK_CYCLES;
    }

    /** A generous cycle limit for a run of {@code images} images. */
    public long defaultMaxCycles(int images) {
        return AcceleratorBeats.runBound(images, accelerator.cyclesPerImage(), pixels);
    }

    /** Where the models go: a standalone {@link Simulation} or a {@link SimulationRun}. */
    private interface Host {
        Stream<BigInteger> stream(String name);

        void add(Block block);

        static Host of(Function<String, Stream<BigInteger>> streams, Consumer<Block> blocks) {
            return new Host() {
                @Override
                public Stream<BigInteger> stream(String name) {
                    return streams.apply(name);
                }

                @Override
                public void add(Block block) {
                    blocks.accept(block);
                }
            };
        }
    }

    /** The models and streams of one run. */
    private final class Build {
        final Map<String, Stream<BigInteger>> streams = new LinkedHashMap<>();
        final Map<String, String> producer = new HashMap<>();
        final Map<String, String> consumer = new HashMap<>();
        final List<AxisFifoModel<BigInteger>> fifos = new ArrayList<>();
        final List<String> fifoLayers = new ArrayList<>();
        final Stream<BigInteger>[][] ins;
        final Stream<BigInteger>[][] outs;

        /**
         * Adds every block's model to a host.
         *
         * @param input  the stream of pixels, the top's {@code s_axis} (its producer is the host's)
         * @param output the stream of {@code {tlast, logit}}, the top's {@code m_axis} (its consumer is the host's)
         */
        @SuppressWarnings("unchecked")
        Build(Host host, Stream<BigInteger> input, Stream<BigInteger> output) {
            String inWire = accelerator.wires().get(0).name();
            for (Accelerator.Wire w : accelerator.wires()) {
                streams.put(w.name(), w.name().equals(inWire) ? input : host.stream(w.name()));
            }
            // With gating, a gated stream's consumer reads the gate's side of it.
            Map<String, Stream<BigInteger>> consumerSide = new HashMap<>(streams);
            if (gating != null) {
                List<String> gated = VerificationBuild.gatedWires(accelerator);
                for (int i = 0; i < gated.size(); i++) {
                    String w = gated.get(i);
                    Stream<BigInteger> g = host.stream(VerificationBuild.consumerSide(w));
                    consumerSide.put(w, g);
                    host.add(new AxisStallGateModel("u_gate_" + w, streams.get(w), g, VerificationBuild.seed(gating.seed(), i),
                            gating.rate()));
                }
            }
            List<Accelerator.Stage> stages = accelerator.stages();
            ins = new Stream[stages.size()][];
            outs = new Stream[stages.size()][];
            producer.put(inWire, "the input (testbench)");
            String headWire = null;
            for (int k = 0; k < stages.size(); k++) {
                Accelerator.Stage s = stages.get(k);
                List<Stream<BigInteger>> in = new ArrayList<>();
                List<Stream<BigInteger>> out = new ArrayList<>();
                var ports = s.design().ports();
                for (int i = 0; i < ports.size(); i++) {
                    String w = s.streams().get(i);
                    if (ports.get(i).input()) {
                        in.add(consumerSide.get(w));
                        consumer.put(w, s.instance());
                    } else {
                        out.add(streams.get(w));
                        producer.put(w, s.instance());
                        if (s.config() instanceof HeadUnitConfig) {
                            headWire = w;
                        }
                    }
                }
                ins[k] = in.toArray(new Stream[0]);
                outs[k] = out.toArray(new Stream[0]);
                host.add(model(s, in, out));
            }
            if (headWire == null) {
                throw new IllegalStateException(accelerator.top() + ": no head_unit stage");
            }
            host.add(new AxisTlastModel("u_tlast", new AxisTlastConfig(logitWidth, classes), streams.get(headWire), output));
            consumer.put(headWire, "u_tlast");
        }

        private Block model(Accelerator.Stage s, List<Stream<BigInteger>> in, List<Stream<BigInteger>> out) {
            String n = s.instance();
            IntLayer layer = layers.get(s.layer());
            return switch (s.config()) {
                case AxisFifoConfig c -> {
                    Integer d = fifoDepths.get(s.layer());
                    AxisFifoModel<BigInteger> f = new AxisFifoModel<>(n, d == null ? c : new AxisFifoConfig(c.dataWidth(), d),
                            in.get(0), out.get(0));
                    fifos.add(f);
                    fifoLayers.add(s.layer());
                    yield f;
                }
                case ThresholdUnitConfig c -> new ThresholdUnitModel(n, c, ((BinaryConvLayer) layer).threshold(), in.get(0),
                        out.get(0));
                case SlidingWindowConfig c -> new SlidingWindowModel(n, c, in.get(0), out.get(0));
                case BinaryMvuConfig c -> new BinaryMvuModel(n, c, (BinaryConvLayer) layer, in.get(0), out.get(0));
                case RealMvuConfig c -> new RealMvuModel(n, c, (RealConvLayer) layer, in.get(0), out.get(0));
                case PiecewiseUnitConfig c -> new PiecewiseUnitModel(n, c, (PiecewiseLayer) layer, in.get(0), out.get(0));
                case AffineUnitConfig c -> new AffineUnitModel(n, c, (AffineLayer) layer, in.get(0), out.get(0));
                case StreamAddConfig c -> new StreamAddModel(n, c, in.get(0), in.get(1), out.get(0));
                case StreamForkConfig c -> new StreamForkModel(n, c, in.get(0), out);
                case StreamDwcConfig c -> new StreamDwcModel(n, c, in.get(0), out.get(0));
                case ShortcutAConfig c -> new ShortcutAModel(n, c, in.get(0), out.get(0));
                case MaxPoolConfig c -> new MaxPoolModel(n, c, in.get(0), out.get(0));
                case AvgPoolConfig c -> new AvgPoolModel(n, c, (AvgPoolLayer) layer, in.get(0), out.get(0));
                case HeadUnitConfig c -> new HeadUnitModel(n, c, (HeadLayer) layer, in.get(0), out.get(0));
                default -> throw new IllegalStateException(n + ": no cycle model for block " + s.block());
            };
        }

        /**
         * The stages on either end of every stream between blocks, indexed by the stream's {@link Stream#tag}, which
         * this sets (the streams of the testbench side keep tag -1).
         */
        int[][] touching() {
            IdentityHashMap<Stream<?>, List<Integer>> m = new IdentityHashMap<>();
            for (int k = 0; k < ins.length; k++) {
                for (Stream<BigInteger> s : ins[k]) {
                    m.computeIfAbsent(s, x -> new ArrayList<>()).add(k);
                }
                for (Stream<BigInteger> s : outs[k]) {
                    m.computeIfAbsent(s, x -> new ArrayList<>()).add(k);
                }
            }
            int[][] r = new int[m.size()][];
            int i = 0;
            for (Map.Entry<Stream<?>, List<Integer>> e : m.entrySet()) {
                e.getKey().tag = i;
                r[i++] = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            }
            return r;
        }

        List<FifoStats> fifoStats() {
            List<FifoStats> l = new ArrayList<>();
            for (int i = 0; i < fifos.size(); i++) {
                AxisFifoModel<BigInteger> f = fifos.get(i);
                l.add(new FifoStats(f.name(), fifoLayers.get(i), f.config().depth(), f.peakOccupancy()));
            }
            return l;
        }
    }

    /**
     * Runs images through the accelerator.
     *
     * @param pixelBeats the input beats ({@link AcceleratorBeats#pixelBeats})
     * @param images     images they hold
     * @param pattern    the stall pattern, one input and one output column
     * @param options    deadlock bound, cycle limit
     * @param progress   called now and then with the cycle reached (may be null)
     */
    public Result run(List<BigInteger> pixelBeats, int images, StallPattern pattern, Options options, LongConsumer progress) {
        if (pattern.inputs() != 1 || pattern.outputs() != 1) {
            throw new IllegalArgumentException("an accelerator has one input and one output; the stall pattern has "
                    + pattern.inputs() + " input and " + pattern.outputs() + " output columns");
        }
        if ((long) images * pixels != pixelBeats.size()) {
            throw new IllegalArgumentException(pixelBeats.size() + " input beats are not " + images + " images of " + pixels
                    + " pixels");
        }
        int expected = images * classes;
        long maxCycles = options.maxCycles() > 0 ? options.maxCycles() : defaultMaxCycles(images);
        long deadlockCycles = options.deadlockCycles() > 0 ? options.deadlockCycles() : defaultDeadlockCycles();
        Simulation sim = new Simulation();
        Stream<BigInteger> input = sim.stream(accelerator.wires().get(0).name());
        Stream<BigInteger> output = sim.stream(AcceleratorBeats.OUTPUT);
        StreamSource<BigInteger> source = sim.add(new StreamSource<>("input", input, pixelBeats, pattern, 0));
        StreamSink<BigInteger> sink = sim.add(new StreamSink<>("output", output, pattern, 0));
        Build b = new Build(Host.of(sim::stream, sim::add), input, output);
        List<Accelerator.Stage> stages = accelerator.stages();
        int n = stages.size();
        // The statistics are kept by event: a block's state (busy, stalled, starved) is a function of the signals on its
        // streams, so it is evaluated again only for the blocks on the streams driven in a cycle.
        int[] status = new int[n];
        long[] since = new long[n];
        long[][] cyclesIn = new long[3][n];
        int[][] touching = b.touching();
        boolean[] marked = new boolean[n];
        int[] markedList = new int[n];

        sim.reset();
        boolean started = false;
        boolean finished = false;
        long firstCycle = -1;
        long doneCycle = -1;
        long lastTransfer = -1;
        Deadlock deadlock = null;
        boolean timedOut = false;
        long c;
        while (true) {
            c = sim.cycle();
            if (!started && input.fire()) {
                started = true;
                firstCycle = c;
                for (int k = 0; k < n; k++) {
                    status[k] = state(b, k);
                    since[k] = c;
                }
            }
            sim.step();
            List<Stream<?>> advanced = sim.advanced();
            for (int i = 0; i < advanced.size(); i++) {
                if (advanced.get(i).firedLast()) {
                    lastTransfer = c;
                    break;
                }
            }
            if (!finished && sink.received() >= expected) {
                finished = true;
                doneCycle = c;
                if (started) {
                    close(status, since, cyclesIn, c + 1);
                }
            } else if (started && !finished) {
                int m = 0;
                for (int i = 0; i < advanced.size(); i++) {
                    Stream<?> st = advanced.get(i);
                    int tag = st.tag;
                    if (tag < 0 || !st.handshakeChangedLast()) {
                        continue;
                    }
                    int[] ks = touching[tag];
                    for (int k : ks) {
                        if (!marked[k]) {
                            marked[k] = true;
                            markedList[m++] = k;
                        }
                    }
                }
                for (int i = 0; i < m; i++) {
                    int k = markedList[i];
                    marked[k] = false;
                    int st = state(b, k);
                    if (st != status[k]) {
                        cyclesIn[status[k]][k] += c + 1 - since[k];
                        status[k] = st;
                        since[k] = c + 1;
                    }
                }
            }
            if (finished && c >= doneCycle + SimulationRun.DRAIN_CYCLES) {
                break;
            }
            if (!finished && c - lastTransfer >= deadlockCycles) {
                deadlock = deadlockReport(b, sink.received(), c, lastTransfer, expected, pixelBeats, images, pattern, options);
                timedOut = true;
                break;
            }
            if (c + 1 >= maxCycles) {
                timedOut = !finished;
                break;
            }
            if (progress != null && (c & 0xFFFF) == 0) {
                progress.accept(c);
            }
        }
        if (started && !finished) {
            close(status, since, cyclesIn, c + 1);
        }
        List<StageStats> stats = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Accelerator.Stage s = stages.get(k);
            stats.add(new StageStats(s.instance(), s.layer(), s.block(), cyclesIn[BUSY][k], cyclesIn[STALLED][k],
                    cyclesIn[STARVED][k]));
        }
        long window = finished && firstCycle >= 0 ? doneCycle - firstCycle + 1 : 0;
        Map<String, List<Long>> acc = new LinkedHashMap<>();
        acc.put(AcceleratorBeats.INPUT, source.accepted());
        Map<String, List<Beat<BigInteger>>> beats = new LinkedHashMap<>();
        beats.put(AcceleratorBeats.OUTPUT, sink.beats());
        RunTrace trace = new RunTrace(acc, beats, sim.cycle(), timedOut);
        return new Result(trace, AcceleratorBeats.ImageTimes.of(trace, pixels, classes, images),
                window, stats, b.fifoStats(), deadlock, sim.evaluations());
    }

    /**
     * Adds the accelerator's models to a {@link SimulationRun}, for the co-simulation harness: input
     * {@link AcceleratorBeats#INPUT} (the pixels), output {@link AcceleratorBeats#OUTPUT} ({@code {tlast, logit}}),
     * the streams of the verification top, so the run's trace compares beat for beat with the RTL's.
     *
     * @param run        the run
     * @param pixelBeats the input beats
     * @param images     images they hold
     */
    public void bind(SimulationRun run, List<BigInteger> pixelBeats, int images) {
        Stream<BigInteger> input = run.input(AcceleratorBeats.INPUT, pixelBeats);
        Stream<BigInteger> output = run.output(AcceleratorBeats.OUTPUT, images * classes, x -> x);
        new Build(Host.of(run::stream, run::add), input, output);
    }

    private static final int BUSY = 0;
    private static final int STALLED = 1;
    private static final int STARVED = 2;

    /** A block's state in the current cycle: stalled if an output is blocked, else starved if an input waits, else busy. */
    private static int state(Build b, int k) {
        return anyBlocked(b.outs[k]) ? STALLED : anyWaiting(b.ins[k]) ? STARVED : BUSY;
    }

    private static void close(int[] status, long[] since, long[][] cyclesIn, long end) {
        for (int k = 0; k < status.length; k++) {
            cyclesIn[status[k]][k] += end - since[k];
            since[k] = end;
        }
    }

    private static boolean anyBlocked(Stream<BigInteger>[] outs) {
        for (Stream<BigInteger> s : outs) {
            if (s.valid() && !s.ready()) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyWaiting(Stream<BigInteger>[] ins) {
        for (Stream<BigInteger> s : ins) {
            if (s.ready() && !s.valid()) {
                return true;
            }
        }
        return false;
    }

    private Deadlock deadlockReport(Build b, int received, long cycle, long lastTransfer, int expected, List<BigInteger> pixelBeats,
                                    int images, StallPattern pattern, Options options) {
        List<StreamState> states = new ArrayList<>();
        for (Map.Entry<String, Stream<BigInteger>> e : b.streams.entrySet()) {
            Stream<BigInteger> s = e.getValue();
            String p = b.producer.getOrDefault(e.getKey(), "?");
            String q = b.consumer.getOrDefault(e.getKey(), "?");
            if (s.valid() && !s.ready()) {
                states.add(new StreamState(e.getKey(), p, q, true));
            } else if (s.ready() && !s.valid()) {
                states.add(new StreamState(e.getKey(), p, q, false));
            }
        }
        List<FifoStats> full = new ArrayList<>();
        for (int i = 0; i < b.fifos.size(); i++) {
            AxisFifoModel<BigInteger> f = b.fifos.get(i);
            if (f.occupancy() >= f.config().depth()) {
                full.add(new FifoStats(f.name(), b.fifoLayers.get(i), f.config().depth(), f.occupancy()));
            }
        }
        Map<String, Integer> needed = options.diagnose() && !full.isEmpty()
                ? neededDepths(full, pixelBeats, images, pattern, options) : Map.of();
        List<FullFifo> fullFifos = full.stream().map(f -> new FullFifo(f, needed.getOrDefault(f.layer(), 0))).toList();
        return new Deadlock(cycle, lastTransfer, received, expected, states, fullFifos);
    }

    /**
     * The depth each full FIFO needs: runs again with those FIFOs (and any others that fill in turn) unbounded and
     * takes their peak occupancy plus one, the depth at which they never fill, so the run is the unbounded one.
     */
    private Map<String, Integer> neededDepths(List<FifoStats> full, List<BigInteger> pixelBeats, int images,
                                              StallPattern pattern, Options options) {
        Map<String, Integer> depths = new LinkedHashMap<>(fifoDepths);
        List<String> unbounded = new ArrayList<>();
        for (FifoStats f : full) {
            unbounded.add(f.layer());
        }
        for (int attempt = 0; attempt <= bypassLayers(accelerator).size(); attempt++) {
            for (String l : unbounded) {
                depths.put(l, AxisFifoConfig.MAX_DEPTH);
            }
            Result r = new AcceleratorSimulator(accelerator, depths)
                    .run(pixelBeats, images, pattern, new Options(options.deadlockCycles(), options.maxCycles(), false), null);
            if (r.deadlock() == null) {
                Map<String, Integer> needed = new HashMap<>();
                for (FifoStats f : r.fifos()) {
                    if (unbounded.contains(f.layer())) {
                        needed.put(f.layer(), f.peak() + 1);
                    }
                }
                return needed;
            }
            boolean more = false;
            for (FullFifo f : r.deadlock().fullFifos()) {
                if (!unbounded.contains(f.fifo().layer())) {
                    unbounded.add(f.fifo().layer());
                    more = true;
                }
            }
            if (!more) {
                break;
            }
        }
        return Map.of();
    }
}
