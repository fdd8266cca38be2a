package org.adabinhw.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run of a design under a stall pattern produced, in the one format that the Java simulator, the
 * Verilator harness and the Icarus testbench all write:
 * <ul>
 * <li>{@code accepts_<input>.log}: per input stream, one line per transferred beat, its cycle;</li>
 * <li>{@code beats_<output>.log}: per output stream, one line per transferred beat, {@code <cycle> <hex TDATA>};</li>
 * <li>{@code summary.txt}: {@code cycles <n>} (cycles evaluated, from cycle 0) and {@code status ok|timeout}.</li>
 * </ul>
 *
 * @param accepts  per input stream, the cycles of its transfers
 * @param beats    per output stream, its beats as TDATA
 * @param cycles   cycles evaluated (cycle 0 to {@code cycles − 1})
 * @param timedOut whether the run stopped at its cycle limit before every expected beat arrived
 */
public record RunTrace(Map<String, List<Long>> accepts, Map<String, List<Beat<BigInteger>>> beats, long cycles,
                       boolean timedOut) {
    /** Copies the maps, keeping their order. */
    public RunTrace {
        accepts = Collections.unmodifiableMap(new LinkedHashMap<>(accepts));
        beats = Collections.unmodifiableMap(new LinkedHashMap<>(beats));
    }

    /**
     * The run's length as every tool reports it: from the cycle in which the first input beat was accepted
     * to the cycle in which the last output beat was accepted, inclusive; 0 without beats.
     */
    public long length() {
        long first = accepts.values().stream().filter(l -> !l.isEmpty()).mapToLong(l -> l.get(0)).min().orElse(-1);
        long last = beats.values().stream().filter(l -> !l.isEmpty()).mapToLong(l -> l.get(l.size() - 1).cycle()).max()
                .orElse(-1);
        return first < 0 || last < 0 ? 0 : last - first + 1;
    }

    /** Writes the log files into {@code dir}, TDATA in as few hex digits as it takes. */
    public void write(Path dir) {
        write(dir, Map.of());
    }

    /**
     * Writes the log files into {@code dir}, byte for byte as the RTL harnesses write them when every output's
     * TDATA width is given: TDATA zero-padded to {@code ⌈width / 4⌉} hex digits.
     *
     * @param tdataWidths output stream → bits of its TDATA (outputs left out are not padded)
     */
    public void write(Path dir, Map<String, Integer> tdataWidths) {
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, List<Long>> e : accepts.entrySet()) {
                StringBuilder sb = new StringBuilder();
                e.getValue().forEach(c -> sb.append(c).append('\n'));
                Files.writeString(dir.resolve("accepts_" + e.getKey() + ".log"), sb, StandardCharsets.UTF_8);
            }
            for (Map.Entry<String, List<Beat<BigInteger>>> e : beats.entrySet()) {
                StringBuilder sb = new StringBuilder();
                int digits = (tdataWidths.getOrDefault(e.getKey(), 0) + 3) / 4;
                for (Beat<BigInteger> b : e.getValue()) {
                    String hex = b.data().toString(16);
                    sb.append(b.cycle()).append(' ');
                    for (int k = hex.length(); k < digits; k++) {
                        sb.append('0');
                    }
                    sb.append(hex).append('\n');
                }
                Files.writeString(dir.resolve("beats_" + e.getKey() + ".log"), sb, StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve("summary.txt"), "cycles " + cycles + "\nstatus " + (timedOut ? "timeout" : "ok")
                    + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run trace to " + dir, e);
        }
    }

    /**
     * Reads the log files of a run.
     *
     * @param dir     the run directory
     * @param inputs  the input stream names
     * @param outputs the output stream names
     * @throws UncheckedIOException when a file is missing, or a line is malformed (naming file and line)
     */
    public static RunTrace read(Path dir, List<String> inputs, List<String> outputs) {
        Map<String, List<Long>> acc = new LinkedHashMap<>();
        Map<String, List<Beat<BigInteger>>> out = new LinkedHashMap<>();
        for (String in : inputs) {
            List<Long> cycles = new ArrayList<>();
            forLines(dir.resolve("accepts_" + in + ".log"), (line, f) -> cycles.add(Long.parseLong(f[0])), 1);
            acc.put(in, cycles);
        }
        for (String o : outputs) {
            List<Beat<BigInteger>> bs = new ArrayList<>();
            forLines(dir.resolve("beats_" + o + ".log"), (line, f) -> bs.add(new Beat<>(Long.parseLong(f[0]),
                    new BigInteger(f[1], 16))), 2);
            out.put(o, bs);
        }
        long[] cycles = {-1};
        boolean[] timeout = {false};
        boolean[] status = {false};
        forLines(dir.resolve("summary.txt"), (line, f) -> {
            switch (f[0]) {
                case "cycles" -> cycles[0] = Long.parseLong(f[1]);
                case "status" -> {
                    status[0] = true;
                    timeout[0] = f[1].equals("timeout");
                }
                default -> throw new NumberFormatException("unknown key " + f[0]);
            }
        }, 2);
        if (cycles[0] < 0 || !status[0]) {
            throw new UncheckedIOException(new IOException(dir.resolve("summary.txt") + " lacks 'cycles' or 'status'"));
        }
        return new RunTrace(acc, out, cycles[0], timeout[0]);
    }

    private interface LineHandler {
        void accept(String line, String[] fields);
    }

    private static void forLines(Path file, LineHandler handler, int fields) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            try {
                if (f.length != fields) {
                    throw new NumberFormatException("expected " + fields + " fields");
                }
                handler.accept(line, f);
            } catch (RuntimeException e) {
                throw new UncheckedIOException(new IOException(file + " line " + (i + 1) + " '" + line + "': " + e.getMessage(), e));
            }
        }
    }
}
