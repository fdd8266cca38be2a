package org.adabinhw.testbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.RtlDesign;
import org.adabinhw.generator.VerilogRenderer;

/**
 * Builds Verilator models of designs with the generated harness ({@code verilator --cc --exe --build -Wall}),
 * caching them under a directory by a hash of everything that goes into the build: Verilator's version,
 * the flags, the harness and the Verilog sources. Memory images are not part of the key: the model reads
 * them at run time from its working directory, so one build serves every ROM content and every stimulus
 * of a configuration.
 * <p>
 * Verilator's runtime library ({@code verilated.cpp} and friends) dominates a small model's build time; it
 * is compiled once per cache and Verilator version into {@code runtime-<hash>/libverilated.a} and linked
 * into every model instead of being compiled again. Builds happen in a temporary directory that is moved
 * into place when complete, so an interrupted build never leaves a broken cache entry. Thread-safe.
 */
public final class VerilatorBuilder {
    /** Bumped when the build recipe changes, so that old cache entries are not reused. */
    private static final String RECIPE = "adabin-hw verilator build 1";
    /** Links the prebuilt runtime instead of compiling Verilator's global sources again. */
    private static final String MAKEFLAGS_RUNTIME = " VM_GLOBAL_FAST= VM_GLOBAL_SLOW=";
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final ConcurrentHashMap<String, Object> LOCKS = new ConcurrentHashMap<>();

    /** How hard the C++ compiler optimises a model: a trade between build time and simulation speed. */
    public enum Optimisation {
        /**
         * {@code -O0}: builds fastest (a 65-lane threshold unit in 1.6 s instead of 13.5 s at {@code -O1});
         * right for block tests of a few thousand cycles.
         */
        BUILD_FAST("-O0"),
        /** {@code -O2}: simulates fastest; for long runs such as whole networks. */
        RUN_FAST("-O2");

        private final String flag;

        Optimisation(String flag) {
            this.flag = flag;
        }

        String makeflags() {
            return "OPT_FAST=" + flag + " OPT_SLOW=-O0" + MAKEFLAGS_RUNTIME;
        }
    }

    private final Path cacheDir;
    private final VerilogRenderer renderer;
    private final int jobs;
    private final Optimisation optimisation;
    private volatile java.util.function.Consumer<String> progress;
    private volatile boolean repeatProgress;

    /**
     * A builder over a cache directory.
     *
     * @param cacheDir     the cache directory, for example {@code target/verilator-cache}
     * @param renderer     renders the harness
     * @param jobs         parallel compile jobs per build, ≥ 1
     * @param optimisation the C++ optimisation of the models (part of the cache key)
     */
    public VerilatorBuilder(Path cacheDir, VerilogRenderer renderer, int jobs, Optimisation optimisation) {
        this.cacheDir = cacheDir.toAbsolutePath().normalize();
        this.renderer = renderer;
        this.jobs = Math.max(1, jobs);
        this.optimisation = optimisation;
    }

    /** The cache directory. */
    public Path cacheDir() {
        return cacheDir;
    }

    /**
     * Reports every Verilator build (not the cached ones) on {@code out}: a line when it starts, naming its log, and
     * one when it ends; with {@code repeat}, a line every few seconds in between ({@link Ticker}). Returns this.
     */
    public VerilatorBuilder withProgress(java.util.function.Consumer<String> out, boolean repeat) {
        this.progress = out;
        this.repeatProgress = repeat;
        return this;
    }

    /**
     * The model of a design, built unless the cache has it.
     *
     * @param design the design
     * @param trace  whether to build with {@code --trace} (a separate cache entry)
     * @return the model
     * @throws ToolException when Verilator is missing, lint fails ({@code -Wall}) or the build fails
     */
    public VerilatorModel build(RtlDesign design, boolean trace) {
        EdaTool.VERILATOR.require();
        String version = EdaTool.VERILATOR.version().orElseThrow();
        String main = renderer.render(VerilatorHarness.of(design));
        String header = Resources.read("harness/axis_harness.h");
        MessageDigest md = sha256();
        for (String part : List.of(RECIPE, version, Boolean.toString(trace), optimisation.makeflags(), main, header)) {
            update(md, part);
        }
        for (String s : design.sources()) {
            update(md, s);
            update(md, design.files().content(s));
        }
        String key = HexFormat.of().formatHex(md.digest()).substring(0, 20);
        Path dir = cacheDir.resolve(design.top() + (trace ? "-trace-" : "-") + optimisation.flag.substring(1) + "-" + key);
        Path binary = dir.resolve("obj").resolve("V" + design.top());
        synchronized (LOCKS.computeIfAbsent(dir.toString(), k -> new Object())) {
            if (Files.isExecutable(binary)) {
                return new VerilatorModel(design, binary, trace, true, Duration.ZERO);
            }
            Path runtime = runtime(version, trace);
            long start = System.nanoTime();
            Path tmp = tempDir(dir);
            try {
                for (String s : design.sources()) {
                    Path f = tmp.resolve(s);
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, design.files().content(s), StandardCharsets.UTF_8);
                }
                Files.writeString(tmp.resolve("harness_main.cpp"), main, StandardCharsets.UTF_8);
                Files.writeString(tmp.resolve("axis_harness.h"), header, StandardCharsets.UTF_8);
                List<String> cmd = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-Wall",
                        "-j", Integer.toString(jobs), "--top-module", design.top(), "--Mdir", "obj",
                        "-MAKEFLAGS", optimisation.makeflags(), "-LDFLAGS", runtime.toString()));
                if (trace) {
                    cmd.add("--trace");
                }
                cmd.addAll(design.sources());
                cmd.add("harness_main.cpp");
                try (Ticker t = Ticker.start(progress, "verilator: building " + design.top() + " (cached for later runs)",
                        tmp.resolve("build.log"), repeatProgress)) {
                    ToolRun.run(cmd, tmp, BUILD_TIMEOUT, tmp.resolve("build.log")).requireSuccess("Verilator build of "
                            + design.top());
                }
                publish(tmp, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Verilator build of " + design.top() + " in " + tmp, e);
            } finally {
                GeneratedFiles.deleteRecursively(tmp);
            }
            return new VerilatorModel(design, binary, trace, false, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** The runtime archive for a Verilator version and trace setting, built on first use. */
    private Path runtime(String version, boolean trace) {
        MessageDigest md = sha256();
        update(md, RECIPE);
        update(md, version);
        update(md, Boolean.toString(trace));
        Path dir = cacheDir.resolve("runtime-" + (trace ? "trace-" : "") + HexFormat.of().formatHex(md.digest()).substring(0, 16));
        Path archive = dir.resolve("libverilated.a");
        synchronized (LOCKS.computeIfAbsent(dir.toString(), k -> new Object())) {
            if (Files.isRegularFile(archive)) {
                return archive;
            }
            Path tmp = tempDir(dir);
            try {
                Files.writeString(tmp.resolve("adabin_runtime.v"), """
                        // A trivial design whose build compiles Verilator's runtime library.
                        module adabin_runtime (
                            input  wire ap_clk,
                            input  wire d,
                            output reg  q
                        );
                            always @(posedge ap_clk) q <= d;
                        endmodule
                        """, StandardCharsets.UTF_8);
                Files.writeString(tmp.resolve("runtime_main.cpp"), """
                        #include "Vadabin_runtime.h"
                        int main() {
                            VerilatedContext context;
                            Vadabin_runtime model{&context};
                            model.eval();
                            model.final();
                            return 0;
                        }
                        """, StandardCharsets.UTF_8);
                List<String> cmd = new ArrayList<>(List.of("verilator", "--cc", "--exe", "--build", "-Wall", "-j",
                        Integer.toString(jobs), "--Mdir", "obj"));
                if (trace) {
                    cmd.add("--trace");
                }
                cmd.addAll(List.of("adabin_runtime.v", "runtime_main.cpp"));
                try (Ticker t = Ticker.start(progress, "verilator: building its runtime library (once per Verilator version)",
                        tmp.resolve("build.log"), repeatProgress)) {
                    ToolRun.run(cmd, tmp, BUILD_TIMEOUT, tmp.resolve("build.log")).requireSuccess("Verilator runtime build");
                }
                List<String> ar = new ArrayList<>(List.of("ar", "rcs", "libverilated.a"));
                try (Stream<Path> objs = Files.list(tmp.resolve("obj"))) {
                    objs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("verilated") && n.endsWith(".o"))
                            .sorted().forEach(n -> ar.add("obj/" + n));
                }
                if (ar.size() == 3) {
                    throw new ToolException("the Verilator runtime build in " + tmp + " left no verilated*.o");
                }
                ToolRun.run(ar, tmp, Duration.ofMinutes(1), null).requireSuccess("archiving the Verilator runtime");
                publish(tmp, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Verilator runtime build in " + tmp, e);
            } finally {
                GeneratedFiles.deleteRecursively(tmp);
            }
            return archive;
        }
    }

    private Path tempDir(Path target) {
        try {
            Files.createDirectories(cacheDir);
            return Files.createTempDirectory(cacheDir, "." + target.getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a build directory under " + cacheDir, e);
        }
    }

    /** Moves a finished build into place; another process may have published the same entry meanwhile. */
    private static void publish(Path tmp, Path dir) throws IOException {
        try {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // Built concurrently elsewhere: equal inputs, equal result; keep the published one.
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move " + tmp + " to " + dir + " atomically", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update(Integer.toString(b.length).getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(b);
    }
}
