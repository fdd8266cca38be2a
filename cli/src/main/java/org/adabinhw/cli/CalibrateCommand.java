package org.adabinhw.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.blocks.AxisTlastConfig;
import org.adabinhw.generator.blocks.AxisTlastRtl;
import org.adabinhw.generator.blocks.BlockConfig;
import org.adabinhw.generator.estimate.CalibrationTable;
import org.adabinhw.generator.estimate.CostModel;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.generator.estimate.Resources;
import org.adabinhw.generator.estimate.SynthesisCells;
import org.adabinhw.golden.arch.OfficialNetworks;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.testbench.EdaTool;
import org.adabinhw.testbench.Synthesis;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code calibrate}: synthesises the blocks of a grid of accelerators one by one with Yosys, fits the cost
 * model's LUT and FF coefficients on the fit set, checks the estimate on the check set (configurations not in
 * the fit set) and writes the table and the report. Synthesis results are kept in a cache keyed by the
 * SHA-256 of each design's files, so a second run only fits.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Synthesise every block of a grid of accelerators with Yosys, fit the cost model's LUT and FF "
                + "coefficients, check the estimate on configurations not used for the fit, and write the calibration table "
                + "and its report.")
final class CalibrateCommand implements Callable<Integer> {
    /** The example's foldings of the fit set: {conv1 simd, pe, conv2 simd, pe, conv3 simd, pe, conv4 simd, pe, fc pe}. */
    static final int[][] FIT_FOLDINGS = {
        {1, 4, 4, 4, 8, 8, 8, 16, 2},
        {1, 8, 16, 16, 32, 8, 32, 16, 5},
        {1, 16, 8, 2, 4, 32, 16, 64, 10},
        {1, 2, 2, 32, 16, 4, 4, 8, 1},
        {1, 16, 16, 4, 32, 32, 32, 32, 2},
        {1, 1, 1, 8, 2, 16, 2, 2, 1},
    };
    /**
     * The foldings of {@link CalibrationNetworks#pools}: {conv1 simd, pe, pool1 simd, conv2 simd, pe, pool2 simd, conv3
     * simd, pe, fc pe}; the first four are fit set, the last check set (with the default folding).
     */
    static final int[][] POOLS_FOLDINGS = {
        {1, 4, 4, 4, 4, 4, 8, 8, 2},
        {3, 16, 16, 16, 8, 8, 16, 16, 5},
        {1, 2, 2, 2, 16, 32, 4, 32, 1},
        {3, 8, 8, 8, 2, 2, 32, 2, 10},
        {1, 16, 16, 16, 16, 16, 16, 4, 2},
    };

    /** More foldings of the fit set for the stem (three channels in parallel, few PEs), as POOLS_FOLDINGS. */
    static final int[][] POOLS_STEM_FOLDINGS = {{3, 2, 2, 4, 4, 4, 8, 8, 2}, {3, 4, 4, 8, 8, 8, 8, 16, 5}};

    /** More foldings of the check set: the example's (as {@link #FIT_FOLDINGS}) and the small network's. */
    static final int[][] EXAMPLE_CHECK_FOLDINGS = {{1, 4, 8, 8, 16, 16, 16, 8, 2}, {1, 2, 4, 16, 8, 4, 8, 32, 5}};
    static final int[][] POOLS_CHECK_FOLDINGS = {{3, 2, 2, 8, 4, 16, 4, 16, 5}, {1, 8, 8, 2, 16, 4, 8, 4, 10},
        {3, 4, 1, 1, 2, 1, 2, 2, 2}, {3, 8, 2, 4, 8, 8, 16, 8, 2}, {1, 16, 8, 16, 4, 2, 8, 16, 1}};

    /**
     * The foldings of {@link CalibrationNetworks#checks}, as POOLS_FOLDINGS: of the check set (the last two wide), and
     * of the fit set (the last wide), whose SIMDs and PEs are none of the check set's.
     */
    static final int[][] CHECKS_FOLDINGS = {{1, 4, 2, 4, 4, 4, 8, 8, 1}, {3, 8, 4, 8, 8, 8, 16, 12, 2},
        {1, 6, 8, 12, 16, 4, 16, 16, 5}, {3, 4, 6, 4, 8, 16, 8, 8, 2}, {1, 8, 12, 8, 4, 12, 16, 4, 1}};
    static final int[][] CHECKS_FIT_FOLDINGS = {{1, 2, 1, 2, 2, 2, 2, 2, 1}, {3, 12, 3, 6, 6, 6, 6, 6, 10},
        {1, 24, 24, 24, 24, 48, 48, 24, 2}, {3, 3, 3, 3, 12, 24, 12, 12, 5}};

    /** A middle format of the fit and the check set: 20-bit stream, 13 fraction bits, the default constants. */
    static final QuantConfig MID = new QuantConfig(20, 13, 27, 24, 32);

    /** The narrow formats of the fit set's small-part designs: 12-bit stream, 6 fraction bits, 10-bit constants. */
    static final QuantConfig NARROW = new QuantConfig(12, 6, 10, 10, 32);

    @Option(names = "--family", defaultValue = "xilinx-7", paramLabel = "FAMILY",
            description = "xilinx-7, xilinx-usp or ice40 (default: ${DEFAULT-VALUE}).")
    String family;

    @Option(names = "--samples", defaultValue = "bench/calibration", paramLabel = "DIR",
            description = "The cache of synthesis results, samples-<family>.jsonl (default: ${DEFAULT-VALUE}).")
    Path samples;

    @Option(names = "--table", paramLabel = "FILE",
            description = "Where the table goes (default: the generator's resource calibration-<family>.json).")
    Path table;

    @Option(names = "--report", paramLabel = "FILE", description = "Where the report goes (default: docs/calibration-<family>.md).")
    Path report;

    @Option(names = "--checkpoint", paramLabel = "FILE", defaultValue = "../shared/models/adabin-resnet20-cifar10-official.th",
            description = "The official ResNet-20, whose default folding is the check set (default: ${DEFAULT-VALUE}).")
    Path resnet20;

    @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory for the syntheses (default: a temporary one).")
    Path work;

    @Option(names = "--jobs", defaultValue = "1", description = "Yosys runs at once (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--fit-only", description = "Fit and report from the cached syntheses only; designs not in the cache are left out.")
    boolean fitOnly;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** One block instance of an accelerator of the grid. */
    record Sample(String set, String source, Accelerator.Stage stage, String key) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        Family f;
        try {
            f = Family.of(family);
        } catch (IllegalArgumentException e) {
            throw new Main.UserException(e.getMessage());
        }
        if (jobs < 1) {
            throw new Main.UserException("--jobs must be at least 1, got " + jobs);
        }
        EdaTool.YOSYS.require();
        String yosys = EdaTool.YOSYS.version().orElse("yosys");
        Path tableFile = table != null ? table
                : Path.of("generator/src/main/resources/org/adabinhw/generator/estimate").resolve(CalibrationTable.resource(f));
        Path reportFile = report != null ? report : Path.of("docs/calibration-" + f.id() + ".md");
        Path cacheFile = samples.resolve("samples-" + f.id() + ".jsonl");
        Path scratch = work != null ? work : Files.createTempDirectory("adabin-hw-calibrate");

        List<Sample> grid = grid(f, err);
        Map<String, SynthesisCells> cache = readCache(cacheFile);
        List<Sample> todo = new ArrayList<>();
        Set<String> queued = new LinkedHashSet<>();
        for (Sample s : grid) {
            if (!cache.containsKey(s.key()) && queued.add(s.key())) {
                todo.add(s);
            }
        }
        err.printf(Locale.ROOT, "calibrate %s: %d block instances, %d distinct designs, %d to synthesise (%s); cache %s%n", f.id(),
                grid.size(), grid.stream().map(Sample::key).distinct().count(), todo.size(), yosys, cacheFile);
        if (fitOnly) {
            if (!todo.isEmpty()) {
                err.printf(Locale.ROOT, "calibrate: --fit-only: %d designs without a synthesis are left out%n", todo.size());
            }
            grid.removeIf(s -> !cache.containsKey(s.key()));
        } else {
            synthesise(todo, f, scratch, cache, cacheFile, err);
        }

        // Fit on the fit set, one sample per distinct configuration.
        Map<String, List<Map<String, Double>>> terms = new TreeMap<>();
        Map<String, List<Resources>> measured = new TreeMap<>();
        Set<String> fitConfigs = new LinkedHashSet<>();
        for (Sample s : grid) {
            BlockConfig c = (BlockConfig) s.stage().config();
            if (s.set().equals("fit") && fitConfigs.add(configKey(c))) {
                terms.computeIfAbsent(c.block(), k -> new ArrayList<>()).add(CostModel.terms(c, f, CostModel.images(s.stage().design())));
                measured.computeIfAbsent(c.block(), k -> new ArrayList<>()).add(cache.get(s.key()).resources(f));
            }
        }
        Map<String, Map<String, Map<String, Double>>> coef = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String b : terms.keySet()) {
            coef.put(b, CostModel.fit(terms.get(b), measured.get(b)));
            counts.put(b, terms.get(b).size());
        }
        CostModel.borrowUnseenTerms(coef, terms);
        CalibrationTable t = new CalibrationTable(f, yosys, LocalDate.now().toString(),
                "./adabin-hw calibrate --family " + f.id(), coef, counts);
        Files.createDirectories(tableFile.toAbsolutePath().getParent());
        Files.writeString(tableFile, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(t.toJson()) + "\n");
        err.println("wrote " + tableFile);

        CalibrationReport r = CalibrationReport.of(t, grid, cache, fitConfigs);
        Files.createDirectories(reportFile.toAbsolutePath().getParent());
        Files.writeString(reportFile, r.markdown());
        err.println("wrote " + reportFile);
        out.print(r.summary());
        return 0;
    }

    /** The accelerators of the grid and their block instances. */
    List<Sample> grid(Family f, PrintWriter err) throws IOException {
        List<Sample> l = new ArrayList<>();
        VerilogRenderer renderer = new VerilogRenderer(f);
        Network example = NetworkOptions.Example.network();
        IntegerNetwork mnist = IntegerCompiler.compile(example, QuantConfig.DEFAULT);
        for (int i = 0; i < FIT_FOLDINGS.length; i++) {
            int[] v = FIT_FOLDINGS[i];
            add(l, "fit", "example F" + (i + 1), AcceleratorBuilder.build(renderer, mnist, folding(v, EXAMPLE_LAYERS),
                    "cal_f" + (i + 1), Map.of("kind", "example")), renderer);
        }
        IntegerNetwork pools = IntegerCompiler.compile(CalibrationNetworks.pools(), QuantConfig.DEFAULT);
        for (int i = 0; i < POOLS_FOLDINGS.length; i++) {
            int[] v = POOLS_FOLDINGS[i];
            boolean fit = i < POOLS_FOLDINGS.length - 1;
            add(l, fit ? "fit" : "check", "pools P" + (i + 1), AcceleratorBuilder.build(renderer, pools,
                    folding(v, POOLS_LAYERS), "cal_p" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        // Convolutions whose output lanes are their PE (no shared output stages; element-wise blocks as wide as the
        // MVU), as a plan with "lanes" asks for: the lanes' range in the fit and the check set.
        for (int i : new int[] {0, 1, 3}) {
            add(l, "fit", "example F" + (i + 1) + " wide", AcceleratorBuilder.build(renderer, mnist,
                    folding(FIT_FOLDINGS[i], true, EXAMPLE_LAYERS), "cal_fw" + (i + 1), Map.of("kind", "example")), renderer);
        }
        for (int i : new int[] {1, 3}) {
            add(l, "fit", "pools P" + (i + 1) + " wide", AcceleratorBuilder.build(renderer, pools,
                    folding(POOLS_FOLDINGS[i], true, POOLS_LAYERS), "cal_pw" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        for (int i = 0; i < 3; i++) {
            add(l, "check", "pools C" + (i + 1) + " wide", AcceleratorBuilder.build(renderer, pools,
                    folding(POOLS_CHECK_FOLDINGS[i], true, POOLS_LAYERS), "cal_pcw" + (i + 1), Map.of("kind", "calibration")),
                    renderer);
        }
        for (int i = 0; i < EXAMPLE_CHECK_FOLDINGS.length; i++) {
            add(l, "check", "example C" + (i + 1) + " wide", AcceleratorBuilder.build(renderer, mnist,
                    folding(EXAMPLE_CHECK_FOLDINGS[i], true, EXAMPLE_LAYERS), "cal_fcw" + (i + 1), Map.of("kind", "example")),
                    renderer);
        }
        for (int i = 0; i < POOLS_STEM_FOLDINGS.length; i++) {
            add(l, "fit", "pools S" + (i + 1), AcceleratorBuilder.build(renderer, pools,
                    folding(POOLS_STEM_FOLDINGS[i], i == 1, POOLS_LAYERS), "cal_ps" + (i + 1), Map.of("kind", "calibration")),
                    renderer);
        }
        // Narrow formats (12-bit stream, 10-bit constants and multipliers), as small parts need them.
        IntegerNetwork narrow = IntegerCompiler.compile(CalibrationNetworks.pools(), NARROW);
        for (int i : new int[] {0, 2}) {
            int[] v = POOLS_FOLDINGS[i];
            add(l, "fit", "pools narrow P" + (i + 1), AcceleratorBuilder.build(renderer, narrow, folding(v, POOLS_LAYERS),
                    "cal_n" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        // The middle format (20-bit stream) for the fit set too, so that the check set's 20-bit designs are not an
        // extrapolation from 28 and 12 bits.
        IntegerNetwork mid = IntegerCompiler.compile(CalibrationNetworks.pools(), MID);
        for (int i : new int[] {0, 2}) {
            add(l, "fit", "pools 20-bit P" + (i + 1), AcceleratorBuilder.build(renderer, mid, folding(POOLS_FOLDINGS[i],
                    POOLS_LAYERS), "cal_pm" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        for (int i = 0; i < POOLS_CHECK_FOLDINGS.length; i++) {
            add(l, "check", "pools C" + (i + 1), AcceleratorBuilder.build(renderer, pools, folding(POOLS_CHECK_FOLDINGS[i],
                    POOLS_LAYERS), "cal_pc" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        for (int i = 0; i < EXAMPLE_CHECK_FOLDINGS.length; i++) {
            add(l, "check", "example C" + (i + 1), AcceleratorBuilder.build(renderer, mnist, folding(EXAMPLE_CHECK_FOLDINGS[i],
                    EXAMPLE_LAYERS), "cal_fc" + (i + 1), Map.of("kind", "example")), renderer);
        }
        IntegerNetwork checks = IntegerCompiler.compile(CalibrationNetworks.checks(), QuantConfig.DEFAULT);
        for (int i = 0; i < CHECKS_FIT_FOLDINGS.length; i++) {
            boolean wide = i == CHECKS_FIT_FOLDINGS.length - 1;
            add(l, "fit", "checks G" + (i + 1) + (wide ? " wide" : ""), AcceleratorBuilder.build(renderer, checks,
                    folding(CHECKS_FIT_FOLDINGS[i], wide, POOLS_LAYERS), "cal_g" + (i + 1), Map.of("kind", "calibration")),
                    renderer);
        }
        for (int i = 0; i < CHECKS_FOLDINGS.length; i++) {
            boolean wide = i >= CHECKS_FOLDINGS.length - 2;
            add(l, "check", "checks K" + (i + 1) + (wide ? " wide" : ""), AcceleratorBuilder.build(renderer, checks,
                    folding(CHECKS_FOLDINGS[i], wide, POOLS_LAYERS), "cal_k" + (i + 1), Map.of("kind", "calibration")),
                    renderer);
        }
        // The same in a 20-bit stream (13 fraction bits), a width neither the fit set's 28 nor its 12: every element-wise
        // block, converter and fork gets configurations of its own.
        IntegerNetwork checks20 = IntegerCompiler.compile(CalibrationNetworks.checks(), MID);
        for (int i : new int[] {1, 2, 3, 4}) {
            add(l, "check", "checks 20-bit K" + (i + 1), AcceleratorBuilder.build(renderer, checks20,
                    folding(CHECKS_FOLDINGS[i], POOLS_LAYERS), "cal_m" + (i + 1), Map.of("kind", "calibration")), renderer);
        }
        add(l, "check", "checks 20-bit (default folding)", AcceleratorBuilder.build(renderer, checks20, Folding.DEFAULT,
                "cal_m0", Map.of("kind", "calibration")), renderer);
        add(l, "check", "checks (default folding)", AcceleratorBuilder.build(renderer, checks, Folding.DEFAULT, "cal_checks",
                Map.of("kind", "calibration")), renderer);
        add(l, "check", "pools (default folding)", AcceleratorBuilder.build(renderer, pools, Folding.DEFAULT, "cal_pools",
                Map.of("kind", "calibration")), renderer);
        add(l, "check", "example (default folding)", AcceleratorBuilder.build(renderer, mnist, Folding.DEFAULT, "cal_mnist",
                Map.of("kind", "example")), renderer);
        if (Files.isRegularFile(resnet20)) {
            Network r20 = OfficialNetworks.fromCheckpoint(resnet20, null);
            add(l, "check", "ResNet-20 (default folding)", AcceleratorBuilder.build(renderer,
                    IntegerCompiler.compile(r20, QuantConfig.DEFAULT), Folding.DEFAULT, "cal_r20", Map.of("kind", "checkpoint")), renderer);
        } else {
            err.println("calibrate: no " + resnet20 + "; the check set is the example's default folding only");
        }
        return l;
    }

    /** The example's foldable layers and what a row of {@link #FIT_FOLDINGS} gives each: SIMD ({@code s}), PE ({@code p}). */
    private static final String[] EXAMPLE_LAYERS = {"conv1:sp", "conv2:sp", "conv3:sp", "conv4:sp", "fc:p"};
    /** The same for {@link CalibrationNetworks#pools} and {@link #POOLS_FOLDINGS}. */
    private static final String[] POOLS_LAYERS = {"conv1:sp", "pool1:s", "conv2:sp", "pool2:s", "conv3:sp", "fc:p"};

    /** A plan from a row of values, taken in order by the layers ({@code name:s}, {@code name:p} or {@code name:sp}). */
    static Folding folding(int[] values, String... layers) {
        return folding(values, false, layers);
    }

    /** The same, with every convolution's output lanes its PE when {@code wide} (else the builder's default). */
    static Folding folding(int[] values, boolean wide, String... layers) {
        Map<String, Folding.Layer> m = new LinkedHashMap<>();
        int k = 0;
        for (String spec : layers) {
            String[] p = spec.split(":");
            int simd = p[1].contains("s") ? values[k++] : 0;
            int pe = p[1].contains("p") ? values[k++] : 0;
            m.put(p[0], new Folding.Layer(simd, pe, wide && p[1].equals("sp") ? pe : 0));
        }
        return new Folding(m, Map.of());
    }

    private static void add(List<Sample> l, String set, String source, Accelerator a, VerilogRenderer renderer) {
        for (Accelerator.Stage s : a.stages()) {
            l.add(new Sample(set, source, s, key(s)));
        }
        // The top's own block, which adds tlast to the logits.
        int classes = a.network().layers().get(a.network().layers().size() - 1).outShape().size();
        AxisTlastConfig c = new AxisTlastConfig(a.network().q().logitWidth(), classes);
        Accelerator.Stage tlast = new Accelerator.Stage("top", c.block(), "u_tlast",
                AxisTlastRtl.design(renderer, a.top() + "_tlast", c), c, List.of("in", "out"), 0);
        l.add(new Sample(set, source, tlast, key(tlast)));
    }

    /**
     * The SHA-256 of a stage's design files, its module names made neutral (the same block in two tops is one design)
     * and its comments and blank lines left out (they do not change what synthesis makes).
     */
    static String key(Accelerator.Stage s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            GeneratedFiles files = s.design().files();
            String top = s.design().top();
            for (String p : files.paths()) {
                md.update(p.replace(top, "TOP").getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(significant(files.content(p)).replace(top, "TOP").getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A source file without {@code //} comments, trailing blanks and blank lines. */
    static String significant(String text) {
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            int c = line.indexOf("//");
            String code = (c >= 0 ? line.substring(0, c) : line).stripTrailing();
            if (!code.isEmpty()) {
                b.append(code).append('\n');
            }
        }
        return b.toString();
    }

    /** A configuration's identity: block and JSON form. */
    static String configKey(BlockConfig c) {
        return c.block() + c.toJson();
    }

    private static Map<String, SynthesisCells> readCache(Path file) throws IOException {
        Map<String, SynthesisCells> m = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return m;
        }
        ObjectMapper om = new ObjectMapper();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode j = om.readTree(line);
            Map<String, Long> cells = new TreeMap<>();
            j.path("cells").fields().forEachRemaining(e -> cells.put(e.getKey(), e.getValue().asLong()));
            m.put(j.path("key").asText(), new SynthesisCells(cells, j.path("depth").asInt(-1)));
        }
        return m;
    }

    private void synthesise(List<Sample> todo, Family f, Path scratch, Map<String, SynthesisCells> cache, Path cacheFile,
                                   PrintWriter err) throws Exception {
        if (todo.isEmpty()) {
            return;
        }
        Files.createDirectories(cacheFile.toAbsolutePath().getParent());
        ObjectMapper om = new ObjectMapper();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<?>> fs = new ArrayList<>();
            int[] done = {0};
            for (Sample s : todo) {
                fs.add(pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Path dir = scratch.resolve(s.key().substring(0, 16));
                    SynthesisCells c = Synthesis.run(s.stage().design(), f, dir);
                    GeneratedFiles.deleteRecursively(dir);
                    double secs = (System.nanoTime() - t0) / 1e9;
                    ObjectNode o = om.createObjectNode();
                    o.put("key", s.key());
                    o.put("block", s.stage().block());
                    o.put("source", s.source() + " " + s.stage().instance());
                    o.set("config", ((BlockConfig) s.stage().config()).toJson());
                    o.put("seconds", Math.round(secs * 10) / 10.0);
                    o.put("depth", c.depth());
                    o.set("cells", om.valueToTree(new TreeMap<>(c.cells())));
                    synchronized (cache) {
                        cache.put(s.key(), c);
                        Files.writeString(cacheFile, om.writeValueAsString(o) + "\n", StandardCharsets.UTF_8,
                                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                        done[0]++;
                        err.printf(Locale.ROOT, "  [%d/%d] %-15s %-28s %6.1f s  (%.0f s in all)%n", done[0], todo.size(),
                                s.stage().block(), s.source() + " " + s.stage().instance(), secs, (System.nanoTime() - start) / 1e9);
                        err.flush();
                    }
                    return null;
                }));
            }
            for (Future<?> x : fs) {
                x.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
