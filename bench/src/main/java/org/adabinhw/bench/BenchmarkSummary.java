package org.adabinhw.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the given command-line options (as {@code org.openjdk.jmh.Main} would), then prints the
 * {@link GoldenModelBenchmark} results against the XNOR-popcount limit of this machine: 64 binary MACs
 * per cycle and core (one 64-bit {@code POPCNT} per cycle), × cores for the multi-threaded network
 * benchmark, × 1 for the single-threaded kernel, × the clock read from {@code /proc/cpuinfo}.
 */
public final class BenchmarkSummary {
    private BenchmarkSummary() {
    }

    public static void main(String[] args) throws Exception {
        Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
        int cores = Runtime.getRuntime().availableProcessors();
        Clock clock = Clock.read(Path.of("/proc/cpuinfo"));
        System.out.println();
        System.out.printf(Locale.ROOT, "Popcount limit: 64 binary MACs/cycle/core × %.3f GHz (%s) = %.1f GMAC/s "
                + "per core, %.1f GMAC/s on %d cores%n", clock.ghz, clock.source, 64 * clock.ghz,
                64 * clock.ghz * cores, cores);
        String row = "%-18s %-44s %12s %14s %12s %12s %9s%n";
        System.out.printf(Locale.ROOT, row, "benchmark", "case", "images/s", "MACs/image", "bin GMAC/s", "limit",
                "of limit");
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            bench = bench.substring(bench.lastIndexOf('.') + 1);
            boolean kernel = bench.equals("binaryConvKernel");
            String label = kernel ? r.getParams().getParam("layer") + " (1 thread)"
                    : r.getParams().getParam("arch") + " (" + cores + " cores)";
            Result<?> images = r.getSecondaryResults().get("images");
            Result<?> macs = r.getSecondaryResults().get("binaryMacs");
            if (images == null || macs == null) {
                continue;
            }
            double gmacs = macs.getScore() / 1e9;
            double limit = 64 * clock.ghz * (kernel ? 1 : cores);
            System.out.printf(Locale.ROOT, row, bench, label, String.format(Locale.ROOT, "%.2f", images.getScore()),
                    String.format(Locale.ROOT, "%,.0f", macs.getScore() / images.getScore()),
                    String.format(Locale.ROOT, "%.2f", gmacs), String.format(Locale.ROOT, "%.1f", limit),
                    String.format(Locale.ROOT, "%.1f%%", 100 * gmacs / limit));
        }
        System.out.println("(kernel rows: 'images/s' is layer applications per second; MACs count padded taps.)");
    }

    /** The clock used for the limit and where it came from. */
    record Clock(double ghz, String source) {
        /** The largest 'cpu MHz' of {@code cpuinfo}, or 1 GHz (said so) if there is none. */
        static Clock read(Path cpuinfo) {
            List<String> lines;
            try {
                lines = Files.readAllLines(cpuinfo);
            } catch (IOException e) {
                return new Clock(1, "no " + cpuinfo + ": assumed 1 GHz, scale the limit yourself");
            }
            TreeSet<Double> mhz = new TreeSet<>();
            for (String l : lines) {
                if (l.startsWith("cpu MHz")) {
                    mhz.add(Double.parseDouble(l.substring(l.indexOf(':') + 1).trim()));
                }
            }
            if (mhz.isEmpty()) {
                return new Clock(1, "no 'cpu MHz' in " + cpuinfo + ": assumed 1 GHz, scale the limit yourself");
            }
            String all = mhz.size() == 1 ? "" : "; all cores: " + mhz;
            return new Clock(mhz.last() / 1000, "largest 'cpu MHz' in " + cpuinfo + " = " + mhz.last() + all);
        }
    }
}
