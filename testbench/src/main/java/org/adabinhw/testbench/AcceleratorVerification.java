package org.adabinhw.testbench;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.GeneratorException;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorDescription;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.simulator.AcceleratorBeats;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.simulator.Beat;
import org.adabinhw.simulator.RunTrace;
import org.adabinhw.simulator.StallPattern;

/**
 * Verifies a generated accelerator directory (the output of {@code generate}) against the golden model: the
 * RTL is read back from the directory as it is on disk (so an edited memory image is what runs), wrapped in a
 * verification top whose output TDATA carries {@code {tlast, logit}}, fed with images under a seeded random
 * stall pattern on both sides, and every output beat is compared with the golden model's logit and the
 * expected {@code tlast}. Reports per image the latency and the interval.
 */
public final class AcceleratorVerification {
    /** The verification top's name suffix. */
    public static final String SHIM_SUFFIX = "_verify";
    /** The output stream's name in the verification top. */
    public static final String LOGITS = AcceleratorBeats.OUTPUT;

    private AcceleratorVerification() {
    }

    /**
     * A generated directory read back.
     *
     * @param dir         the directory
     * @param description {@code accelerator.json}
     * @param design      the accelerator as on disk: sources from {@code filelist.f}, every file under
     *                    {@code rtl/} and {@code mem/}
     * @param channels    input channels (bytes per input beat)
     * @param pixels      pixels per image
     * @param classes     logits per image
     * @param logitWidth  bits of a logit
     */
    public record Generated(Path dir, JsonNode description, RtlDesign design, int channels, int pixels, int classes,
                            int logitWidth) {
        /** The expected cycles per image without stalls, from the description. */
        public long cyclesPerImage() {
            return description.path("cycles_per_image").asLong();
        }

        /** The same directory with another design, e.g. its verification build with stall gates ({@code VerificationBuild}). */
        public Generated withDesign(RtlDesign other) {
            return new Generated(dir, description, other, channels, pixels, classes, logitWidth);
        }

        /**
         * The verification build of this directory ({@link VerificationBuild#design}): a tap on every stream that carries
         * a layer's output and, when {@code rate > 0}, a stall gate on every stream between two blocks, seeded by
         * {@code seed}; the plan's simulator gets the same gates.
         */
        public Gated gated(Accelerator plan, AcceleratorSimulator model, VerilogRenderer renderer, long seed, int rate) {
            String top = "rtl/" + design.top() + ".v";
            if (!design.files().paths().contains(top) || !plan.design().files().paths().contains(top)
                    || !design.files().content(top).equals(plan.design().files().content(top))) {
                // An edited top runs as it is: the build's gates and taps would replace it.
                return new Gated(this, plan, model, false);
            }
            return new Gated(withDesign(VerificationBuild.design(plan, design, renderer, seed, rate)), plan,
                    model == null || rate == 0 ? model : model.withGating(new AcceleratorSimulator.Gating(seed, rate)), true);
        }
    }

    /**
     * A verification build, the plan it was built from (whose layers its taps check), and the simulator that mirrors
     * it (null: no cross-check); {@code instrumented} false when the directory's top module differs from the plan's,
     * so that it runs as it is, without stall gates and taps.
     */
    public record Gated(Generated generated, Accelerator plan, AcceleratorSimulator model, boolean instrumented) {
    }

    /**
     * Reads a generated directory.
     *
     * @throws GeneratorException naming the file when something is missing or malformed
     */
    public static Generated load(Path dir) {
        Path json = dir.resolve(Accelerator.DESCRIPTION);
        JsonNode d;
        try {
            d = new ObjectMapper().readTree(Files.readString(json));
        } catch (IOException e) {
            throw new GeneratorException(json + ": cannot read the accelerator description (is " + dir
                    + " the output of generate?): " + e.getMessage(), e);
        }
        if (d == null || !AcceleratorDescription.FORMAT.equals(d.path("format").asText())) {
            throw new GeneratorException(json + ": not an adabin-hw accelerator description (format "
                    + (d == null ? "missing" : d.path("format")) + ")");
        }
        String top = d.path("top").asText();
        int channels = d.path("input").path("channels").asInt();
        int pixels = d.path("input").path("height").asInt() * d.path("input").path("width").asInt();
        int classes = d.path("output").path("classes").asInt();
        int logitWidth = d.path("formats").path("logit_width").asInt();
        if (top.isEmpty() || channels < 1 || pixels < 1 || classes < 1 || logitWidth < 2) {
            throw new GeneratorException(json + ": lacks top, input channels/height/width, output classes or formats.logit_width");
        }
        Path list = dir.resolve(Accelerator.FILELIST);
        List<String> sources;
        GeneratedFiles files = new GeneratedFiles();
        try {
            sources = Files.readAllLines(list, StandardCharsets.UTF_8).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .toList();
            for (String sub : List.of("rtl", "mem")) {
                Path root = dir.resolve(sub);
                if (!Files.isDirectory(root)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        files.add(dir.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (IOException e) {
            throw new GeneratorException(dir + ": cannot read the generated files: " + e, e);
        }
        for (String s : sources) {
            if (!files.paths().contains(s)) {
                throw new GeneratorException(list + " names " + s + ", which is not in " + dir);
            }
        }
        RtlDesign design = new RtlDesign(top, List.of(StreamPort.in("", channels * 8), StreamPort.out("", logitWidth)),
                sources, files);
        return new Generated(dir, d, design, channels, pixels, classes, logitWidth);
    }

    /**
     * The variables of {@code harness/accelerator_shim.v.vm}.
     *
     * @param moduleName the verification top's name
     * @param top        the accelerator's top
     * @param in         the pixel input
     * @param out        the output, {@code {tlast, logit}}
     * @param logitWidth bits of a logit
     */
    public record Shim(String moduleName, String top, StreamPort in, StreamPort out, int logitWidth)
            implements TemplateContext {
        @Override
        public String template() {
            return "harness/accelerator_shim.v.vm";
        }

        /** The logit's most significant bit. */
        public int logitMsb() {
            return logitWidth - 1;
        }
    }

    /** The verification top around a generated accelerator. */
    public static RtlDesign shim(VerilogRenderer renderer, Generated g) {
        String name = g.design().top() + SHIM_SUFFIX;
        StreamPort in = StreamPort.in("", g.channels() * 8);
        StreamPort out = StreamPort.out(LOGITS, g.logitWidth() + 1);
        String file = "rtl/" + name + ".v";
        GeneratedFiles files = new GeneratedFiles().addAll(g.design().files())
                .add(file, renderer.render(new Shim(name, g.design().top(), in, out, g.logitWidth())));
        List<String> sources = new ArrayList<>(g.design().sources());
        sources.add(file);
        return new RtlDesign(name, List.of(in, out), sources, files);
    }

    /**
     * The outcome of a verification run.
     *
     * @param report     the co-simulation's report (run directory, VCD on failure, traces)
     * @param mismatches every difference from the golden model, by image and class, with the cycle; empty when every
     *                   beat matched
     * @param crossCheck every difference between the Java cycle simulator and the RTL (value or cycle of a beat,
     *                   cycle of an accepted pixel); empty when they agree; null when the simulator did not run
     * @param latency    per image, cycles from its first accepted pixel to its last logit, inclusive
     * @param interval   per image after the first, cycles between its last logit and the previous image's
     * @param layerMismatches per tapped stream whose beats differ from its layer's golden tensor, the first difference
     *                   (layer, stream, image, channels, position, expected and actual values, cycle); empty when all
     *                   agree or nothing was tapped
     */
    public record Result(CoSimReport report, List<String> mismatches, List<String> crossCheck, long[] latency,
                         long[] interval, List<String> layerMismatches) {
        /** A result without per-layer checks. */
        public Result(CoSimReport report, List<String> mismatches, List<String> crossCheck, long[] latency, long[] interval) {
            this(report, mismatches, crossCheck, latency, interval, List.of());
        }

        /**
         * Whether every beat matched the golden model, every tapped layer's output too, and, when it ran, the simulator
         * agreed with the RTL.
         */
        public boolean passed() {
            return mismatches.isEmpty() && layerMismatches.isEmpty() && report.passed() && (crossCheck == null || crossCheck.isEmpty());
        }

        /** The mean interval over the images after the first, or the latency with one image. */
        public double meanInterval() {
            return new AcceleratorBeats.ImageTimes(latency, interval).meanInterval();
        }
    }

    /**
     * Runs the accelerator on images and checks every output beat.
     *
     * @param g         the generated directory
     * @param images    uint8 images, each C × H × W
     * @param logits    the golden model's raw logits of each image
     * @param seed      seeds the stall pattern and the RTL's random initial register values
     * @param stallRate probability that the input withholds a beat and that the output withholds tready, per cycle
     * @param simulator Verilator or Icarus
     * @param cosim     the co-simulation driver (work directory, build cache)
     * @param renderer  renders the verification top
     */
    public static Result run(Generated g, List<int[]> images, int[][] logits, long seed, double stallRate,
                             CoSimulation.Simulator simulator, CoSimulation cosim, VerilogRenderer renderer) {
        return run(g, images, logits, seed, stallRate, simulator, cosim, renderer, null);
    }

    /**
     * Runs the accelerator on images, checks every output beat, and cross-checks the Java cycle simulator: under
     * the same stall pattern it must agree with the RTL on the value and the cycle of every output beat and the
     * cycle of every accepted pixel.
     *
     * @param model the simulator of the accelerator's plan (rebuilt from the directory's description), or null to
     *              skip the cross-check
     * @see #run(Generated, List, int[][], long, double, CoSimulation.Simulator, CoSimulation, VerilogRenderer)
     */
    public static Result run(Generated g, List<int[]> images, int[][] logits, long seed, double stallRate,
                             CoSimulation.Simulator simulator, CoSimulation cosim, VerilogRenderer renderer,
                             AcceleratorSimulator model) {
        if (images.size() != logits.length) {
            throw new IllegalArgumentException(images.size() + " images but " + logits.length + " golden results");
        }
        RtlDesign design = shim(renderer, g);
        List<BigInteger> in = AcceleratorBeats.pixelBeats(images, g.channels());
        List<BigInteger> expected = AcceleratorBeats.logitBeats(logits, g.logitWidth());
        StallPattern pattern = AcceleratorBeats.stalls(seed, stallRate, images.size(), g.cyclesPerImage(), g.pixels());
        Scenario.ModelBinding binding = model == null ? null : run -> model.bind(run, in, images.size());
        Scenario s = new Scenario(g.design().top(), design, Map.of(AcceleratorBeats.INPUT, in), Map.of(LOGITS, expected),
                pattern, seed, binding);
        CoSimReport report = cosim.run(s, simulator);
        RunTrace rtl = report.rtl();
        List<String> crossCheck = report.model() == null ? null : Scoreboard.cycles(report.model(), rtl);
        List<Beat<BigInteger>> beats = rtl.beats().getOrDefault(LOGITS, List.of());
        List<String> mismatches = AcceleratorBeats.compare(expected, beats, g.classes(), g.logitWidth(),
                rtl.timedOut() ? "timed out after " + rtl.cycles() + " cycles" : "the run ended");
        AcceleratorBeats.ImageTimes times = AcceleratorBeats.ImageTimes.of(rtl, g.pixels(), g.classes(), images.size());
        return new Result(report, mismatches, crossCheck, times.latency(), times.interval());
    }

    /**
     * Runs a verification build ({@link Generated#gated}) and checks, besides every output beat and the simulator, the
     * beats of every tapped stream against the golden model's output tensor of its layer.
     */
    public static Result run(Gated build, List<int[]> images, int[][] logits, long seed, double stallRate,
                             CoSimulation.Simulator simulator, CoSimulation cosim, VerilogRenderer renderer) {
        Result r = run(build.generated(), images, logits, seed, stallRate, simulator, cosim, renderer, build.model());
        List<String> layers = build.instrumented() ? LayerCheck.compare(build.plan(), images, r.report().runDir()) : List.of();
        return new Result(r.report(), r.mismatches(), r.crossCheck(), r.latency(), r.interval(), layers);
    }
}
