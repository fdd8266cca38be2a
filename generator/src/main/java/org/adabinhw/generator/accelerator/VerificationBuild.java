package org.adabinhw.generator.accelerator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StaticCores;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.blocks.HeadUnitConfig;

/**
 * The verification build of an accelerator: the same accelerator with an {@code axis_tap} on every stream that
 * carries a layer's output ({@link #taps}, for the per-layer check) and, with a stall rate above 0, random
 * back-pressure inside it: an {@code axis_stall_gate} on every stream between two blocks (rtl/accelerator/axis_stall_gate.v), each with a seed
 * of its own drawn from the run's seed, stalling {@code rate}/256 of the cycles. The product RTL never has them; the
 * simulator's {@code AxisStallGateModel} computes the same register sequence ({@link #next}), so that a run of the
 * gated RTL and of the gated model agree cycle for cycle.
 */
public final class VerificationBuild {
    /** The gate's core in a generated directory. */
    public static final String CORE = "axis_stall_gate.v";
    /** The tap's core in a generated directory. */
    public static final String TAP_CORE = "axis_tap.v";

    /**
     * A stream that carries a layer's output tensor from a block of that layer to a block of another.
     *
     * @param wire  the stream
     * @param layer the layer whose output it carries
     * @param file  the file its tap writes, relative to the simulator's directory
     */
    public record LayerTap(String wire, String layer, String file) {
    }

    private VerificationBuild() {
    }

    /** Stalled cycles in 256 of a stall probability 0..1: {@code round(256·p)}, at most 255. */
    public static int rate(double probability) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a stall probability is 0..1, got " + probability);
        }
        return (int) Math.min(255, Math.round(probability * 256));
    }

    /** The register of gate {@code index} after reset, from the run's seed: a 32-bit value, never 0 (SplitMix64). */
    public static int seed(long runSeed, int index) {
        long z = runSeed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        int s = (int) (z ^ (z >>> 32));
        return s == 0 ? 1 : s;
    }

    /** The gate's register one cycle later: xorshift32 (13, 17, 5). */
    public static int next(int x) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        return x;
    }

    /** Whether a gate whose register holds {@code x} stalls a cycle (unless it holds a beat shown the cycle before). */
    public static boolean stalls(int x, int rate) {
        return (x & 0xFF) < rate;
    }

    /** The layers of the blocks at the two ends of a stream; null at an end that is no block (a port, axis_tlast). */
    private record Ends(String producer, String consumer) {
    }

    /** Every stream's ends, in wire order. */
    private static Map<String, Ends> ends(Accelerator a) {
        Map<String, String> producer = new HashMap<>();
        Map<String, String> consumer = new HashMap<>();
        for (Accelerator.Stage s : a.stages()) {
            List<StreamPort> ports = s.design().ports();
            for (int i = 0; i < ports.size(); i++) {
                (ports.get(i).input() ? consumer : producer).put(s.streams().get(i), s.layer());
            }
        }
        Map<String, Ends> ends = new LinkedHashMap<>();
        for (Accelerator.Wire w : a.wires()) {
            ends.put(w.name(), new Ends(producer.get(w.name()), consumer.get(w.name())));
        }
        return ends;
    }

    /** The streams that get a gate: every one a block produces and a block consumes, in wire order. */
    public static List<String> gatedWires(Accelerator a) {
        List<String> gated = new ArrayList<>();
        ends(a).forEach((w, e) -> {
            if (e.producer() != null && e.consumer() != null) {
                gated.add(w);
            }
        });
        return gated;
    }

    /**
     * The streams that carry a layer's output: produced by a block of the layer, consumed by a block of another (the
     * head's output, which goes to the top's port, is checked there). Each in wire order.
     */
    public static List<LayerTap> taps(Accelerator a) {
        List<LayerTap> taps = new ArrayList<>();
        ends(a).forEach((w, e) -> {
            if (e.producer() != null && e.consumer() != null && !e.producer().equals(e.consumer())) {
                taps.add(new LayerTap(w, e.producer(), "tap_" + w + ".log"));
            }
        });
        return taps;
    }

    private static List<AcceleratorTop.Tap> tapDecls(Accelerator a) {
        List<AcceleratorTop.Tap> l = new ArrayList<>();
        for (LayerTap t : taps(a)) {
            l.add(new AcceleratorTop.Tap("u_tap_" + t.wire(), t.wire(), a.wire(t.wire()).tdataWidth(), t.file()));
        }
        return l;
    }

    /** The consumer's side of a gated stream in the verification top. */
    public static String consumerSide(String wire) {
        return wire + "_g";
    }

    /**
     * The verification build of a generated directory's files ({@code d}, which may differ from what the plan
     * {@code a} generates in its cores and memory images): its top replaced by the plan's top (same module name and
     * ports) with the taps and, when {@code rate > 0}, the gates, and their cores added.
     */
    public static RtlDesign design(Accelerator a, RtlDesign d, VerilogRenderer renderer, long runSeed, int rate) {
        if (rate < 0 || rate > 255) {
            throw new IllegalArgumentException("stalled cycles in 256: 0..255, got " + rate);
        }
        List<String> gated = rate == 0 ? List.of() : gatedWires(a);
        Set<String> set = new HashSet<>(gated);
        List<AcceleratorTop.Gate> gates = new ArrayList<>();
        for (int i = 0; i < gated.size(); i++) {
            String w = gated.get(i);
            gates.add(new AcceleratorTop.Gate("u_gate_" + w, w, a.wire(w).tdataWidth(),
                    String.format(Locale.ROOT, "%08x", seed(runSeed, i)), rate));
        }
        // The head's output: the stream a block produces and no block consumes (axis_tlast does).
        String outWire = ends(a).entrySet().stream().filter(e -> e.getValue().producer() != null && e.getValue().consumer() == null)
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalStateException(a.top() + ": no stream leaves the blocks"));
        int classes = a.stages().stream().map(Accelerator.Stage::config).filter(HeadUnitConfig.class::isInstance)
                .map(c -> ((HeadUnitConfig) c).classes()).findFirst()
                .orElseThrow(() -> new IllegalStateException(a.top() + ": no head_unit stage"));
        AcceleratorTop ctx = new AcceleratorTop(d.top(), a.network().name(), d.ports().get(0), a.wires().get(0).name(),
                d.ports().get(1), outWire, classes, AcceleratorBuilder.wireDecls(a.wires()),
                AcceleratorBuilder.instances(a.stages(), w -> set.contains(w) ? consumerSide(w) : w), gates, tapDecls(a));
        String topFile = "rtl/" + d.top() + ".v";
        GeneratedFiles files = new GeneratedFiles();
        for (String p : d.files().paths()) {
            files.add(p, p.equals(topFile) ? renderer.render(ctx) : d.files().content(p));
        }
        List<String> sources = new ArrayList<>();
        for (String c : List.of(CORE, TAP_CORE)) {
            files.add("rtl/" + c, StaticCores.read(AcceleratorBuilder.TLAST_BLOCK, c));
            sources.add("rtl/" + c);
        }
        sources.addAll(d.sources());
        return new RtlDesign(d.top(), d.ports(), sources, files);
    }
}
