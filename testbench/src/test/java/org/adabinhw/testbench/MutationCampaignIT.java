package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.COSIM;
import static org.adabinhw.testbench.RtlTestSupport.RENDERER;
import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.accelerator.VerificationBuild;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.adabinhw.simulator.AcceleratorSimulator;
import org.adabinhw.testbench.CoSimulation.Simulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The mutation campaign: single faults injected into generated accelerators, each run through {@code verify}'s check
 * (Verilator, 30 % stalls on the ports and every internal stream, every layer's output and every logit against the
 * golden model, the simulator cycle for cycle). It reports the kill rate and every survivor to
 * {@code target/mutation-report.md} and the survivors to {@code target/mutation-survivors.tsv}, for the campaign's
 * second stage (scripts/mutation-campaign.sh: each core survivor on its block's IT), which judges what survives both
 * against docs/verification.md. This class measures; the script decides.
 * <p>
 * Operators, on the cores in the generated {@code rtl/} and the images in {@code mem/}: relational ({@code == !=},
 * {@code < <=}, {@code > >=} in expressions), logical ({@code && ||}), arithmetic ({@code + -}), constant
 * ({@code 1'b0 1'b1}), a dropped handshake term (the right operand of an {@code &&} on a line about valid or ready),
 * a memory bit flip, and a memory word swap. Sites are drawn with a fixed seed, spread over the files. A mutant that no
 * longer builds (lint {@code -Wall}, compile) is counted apart as invalid.
 * <p>
 * Designs: the MNIST example, and the first random network ({@link RandomNetworks}) with max and average pooling, an
 * unfolded batch norm and an option-A shortcut, so that every block's core is mutated.
 * {@code -Dmutation.mutants=N} mutants per design (0, the default, skips the campaign; the slow profile runs 100).
 */
@Tag("rtl")
class MutationCampaignIT {
    /** The blocks the example lacks. */
    private static final List<String> COVER = List.of("max_pool", "avg_pool", "affine_unit", "shortcut_a");
    private static final Pattern RELATIONAL = Pattern.compile("(==|!=|(?<![<>])<=|(?<![<>])>=|(?<![<>])<(?![<=])|(?<![<>])>(?![>=]))");
    private static final Pattern LOGICAL = Pattern.compile("(&&|\\|\\|)");
    private static final Pattern ARITHMETIC = Pattern.compile("(?<=\\w|\\)|\\]) ([+-]) (?=\\w|\\(|\\{)");
    private static final Pattern CONSTANT = Pattern.compile("1'b[01]");
    private static final Pattern AND_TERM = Pattern.compile("&& ?(!?[A-Za-z_][A-Za-z0-9_\\[\\]:.]*)");

    /** One fault: a file of the generated directory, a line (1-based, 0 for memory edits), its text before and after. */
    record Mutant(String operator, String file, int line, String before, String after) {
    }

    /** A design under the campaign: the plan, its golden network, images. */
    record Design(String name, Accelerator plan, IntegerNetwork network, List<int[]> images, Path pristine) {
    }

    @Test
    void campaign() throws IOException {
        int perDesign = Integer.getInteger("mutation.mutants", 0);
        assumeTrue(perDesign > 0, "the mutation campaign runs with -Dmutation.mutants=N (the slow profile)");
        assumeTrue(EdaTool.VERILATOR.available(), EdaTool.VERILATOR.missingMessage());
        List<Design> designs = List.of(mnist(), covering());
        StringBuilder report = new StringBuilder("# Mutation campaign\n\n");
        int total = 0;
        int killed = 0;
        int invalid = 0;
        List<String> survivors = new ArrayList<>();
        StringBuilder tsv = new StringBuilder();
        long t0 = System.nanoTime();
        for (Design d : designs) {
            List<Mutant> mutants = mutants(d.pristine(), perDesign, new Random(17));
            for (Mutant m : mutants) {
                String outcome = run(d, m);
                total++;
                switch (outcome) {
                    case "killed" -> killed++;
                    case "invalid" -> invalid++;
                    default -> {
                        survivors.add(key(m));
                        tsv.append(m.file()).append('\t').append(m.line()).append('\t').append(m.before()).append('\t')
                                .append(m.after()).append('\n');
                    }
                }
                System.out.printf(Locale.ROOT, "[%d] %s %s: %s%n", total, d.name(), describe(m), outcome);
            }
        }
        int valid = total - invalid;
        report.append(String.format(Locale.ROOT, "%d mutants in %.0f s: %d killed, %d survived, %d invalid (no longer build); "
                        + "kill rate %.1f %% of the valid ones%n%n", total, (System.nanoTime() - t0) / 1e9, killed, survivors.size(),
                invalid, valid == 0 ? 0 : 100.0 * killed / valid));
        report.append("## Survivors\n\n");
        survivors.forEach(s -> report.append("- ").append(s).append('\n'));
        Files.writeString(TARGET.resolve("mutation-survivors.tsv"), tsv.toString(), StandardCharsets.UTF_8);
        Path out = TARGET.resolve("mutation-report.md");
        Files.writeString(out, report.toString(), StandardCharsets.UTF_8);
        System.out.print(report);
        System.out.println("report: " + out);
    }

    /**
     * A survivor as the report lists it: file (a memory image without its design's prefix), text before and after (no
     * line number, which edits move).
     */
    static String key(Mutant m) {
        return m.file().replaceFirst("^(mem/)mut_[a-z0-9]+_", "$1") + ": `" + squeeze(m.before()) + "` -> `" + squeeze(m.after()) + "`";
    }

    /** Runs of white space as one space, trimmed: how the report and docs/verification.md write a line of code. */
    static String squeeze(String code) {
        return code.strip().replaceAll("\\s+", " ");
    }

    private static String describe(Mutant m) {
        return m.operator() + " " + m.file() + (m.line() > 0 ? ":" + m.line() : "") + ": `" + m.before().strip() + "` -> `"
                + m.after().strip() + "`";
    }

    /** Applies the mutant to a copy of the design and runs the check: killed, survived, or invalid. */
    private static String run(Design d, Mutant m) throws IOException {
        Path dir = TARGET.resolve("mutation").resolve(d.name());
        GeneratedFiles.deleteRecursively(dir);
        copy(d.pristine(), dir);
        Path f = dir.resolve(m.file());
        List<String> lines = new ArrayList<>(Files.readAllLines(f, StandardCharsets.UTF_8));
        if (m.line() > 0) {
            lines.set(m.line() - 1, m.after());
        } else {
            lines = memoryEdit(lines, m);
        }
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        AcceleratorVerification.Generated g;
        try {
            g = AcceleratorVerification.load(dir);
        } catch (RuntimeException e) {
            return "killed"; // refused before simulation (a malformed image, say)
        }
        IntegerEngine e = new IntegerEngine(d.network());
        int[][] golden = d.images().stream().map(e::logits).toArray(int[][]::new);
        long seed = 5;
        AcceleratorVerification.Gated build = g.gated(d.plan(), new AcceleratorSimulator(d.plan()), RENDERER, seed,
                VerificationBuild.rate(0.3));
        try {
            AcceleratorVerification.Result r = AcceleratorVerification.run(build, d.images(), golden, seed, 0.3,
                    Simulator.VERILATOR, COSIM, RENDERER);
            return r.passed() ? "survived" : "killed";
        } catch (ToolException x) {
            String msg = String.valueOf(x.getMessage());
            return msg.contains("Verilator build") || msg.contains("lint") ? "invalid" : "killed";
        }
    }

    /** Memory edits: "flip B W" flips bit B of data word W; "swap W V" swaps two data words. */
    private static List<String> memoryEdit(List<String> lines, Mutant m) {
        String[] op = m.after().split(" ");
        if (op[0].equals("flip")) {
            return flip(lines, Integer.parseInt(op[2]), Integer.parseInt(op[1]));
        }
        List<Integer> data = dataLines(lines);
        List<String> out = new ArrayList<>(lines);
        int a = data.get(Integer.parseInt(op[1]));
        int b = data.get(Integer.parseInt(op[2]));
        out.set(a, lines.get(b));
        out.set(b, lines.get(a));
        return out;
    }

    /** A memory image's lines with bit {@code bit} of data word {@code word} flipped. */
    static List<String> flip(List<String> lines, int word, int bit) {
        List<String> out = new ArrayList<>(lines);
        int i = dataLines(lines).get(word);
        String w = out.get(i);
        out.set(i, String.format("%0" + w.length() + "x", new BigInteger(w, 16).flipBit(bit)));
        return out;
    }

    /** The indices of a memory image's data lines (not comments, not blank). */
    private static List<Integer> dataLines(List<String> lines) {
        List<Integer> data = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("//") && !lines.get(i).isBlank()) {
                data.add(i);
            }
        }
        return data;
    }

    /** Draws {@code count} mutants of a generated directory, spread over its cores and images. */
    static List<Mutant> mutants(Path dir, int count, Random r) throws IOException {
        List<Mutant> rtl = new ArrayList<>();
        List<Mutant> mem = new ArrayList<>();
        try (var files = Files.list(dir.resolve("rtl"))) {
            for (Path p : files.sorted().toList()) {
                String name = "rtl/" + p.getFileName();
                // Wrappers and the top are generated per design; the cores are the shared logic under test.
                if (Files.readString(p).contains("Generated by adabin-hw")) {
                    continue;
                }
                rtl.addAll(rtlMutants(name, Files.readAllLines(p, StandardCharsets.UTF_8)));
            }
        }
        try (var files = Files.list(dir.resolve("mem"))) {
            for (Path p : files.sorted().toList()) {
                List<String> words = Files.readAllLines(p).stream().filter(l -> !l.startsWith("//") && !l.isBlank()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                String name = "mem/" + p.getFileName();
                int bits = words.get(0).length() * 4;
                int w = r.nextInt(words.size());
                mem.add(new Mutant("memory bit flip", name, 0, "word " + w, "flip " + r.nextInt(bits) + " " + w));
                if (words.size() > 1) {
                    int a = r.nextInt(words.size());
                    int b = (a + 1 + r.nextInt(words.size() - 1)) % words.size();
                    if (!words.get(a).equals(words.get(b))) {
                        mem.add(new Mutant("memory word swap", name, 0, "words " + a + ", " + b, "swap " + a + " " + b));
                    }
                }
            }
        }
        Collections.shuffle(rtl, r);
        Collections.shuffle(mem, r);
        int nMem = Math.min(mem.size(), count / 5);
        List<Mutant> out = new ArrayList<>(mem.subList(0, nMem));
        out.addAll(rtl.subList(0, Math.min(rtl.size(), count - nMem)));
        return out;
    }

    /** Every mutant site of a core, one mutant per site and operator, on expression lines only. */
    static List<Mutant> rtlMutants(String file, List<String> lines) {
        List<Mutant> out = new ArrayList<>();
        boolean inGenerateCheck = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String code = line.contains("//") ? line.substring(0, line.indexOf("//")) : line;
            String t = code.strip();
            // The illegal-parameter checks only stop a simulation; they are not the logic under test.
            if (t.contains("g_illegal_parameters")) {
                inGenerateCheck = true;
            }
            if (inGenerateCheck) {
                if (t.equals("end")) {
                    inGenerateCheck = false;
                }
                continue;
            }
            boolean expression = t.startsWith("assign ") || t.startsWith("wire ") && t.contains("=")
                    || t.startsWith("if (") || t.startsWith("end else if (") || t.contains(" ? ");
            // A generate if chooses the structure at elaboration ("if (...) begin : g_name"): not logic.
            boolean generateIf = t.matches(".*\\bbegin\\s*:\\s*g_\\w+.*");
            if (!expression || generateIf || t.startsWith("localparam") || t.startsWith("parameter")) {
                continue;
            }
            // In a wire or assign, "<=" is a comparison; elsewhere only within parentheses of an if.
            String region = t.startsWith("if (") || t.startsWith("end else if (") ? code.substring(0, code.lastIndexOf(')') + 1)
                    : code.substring(code.indexOf('=') + 1);
            int offset = code.indexOf(region);
            mutateAll(out, file, i, line, code, offset, region, RELATIONAL, "relational", MutationCampaignIT::flipRelational);
            mutateAll(out, file, i, line, code, offset, region, LOGICAL, "logical", s -> s.equals("&&") ? "||" : "&&");
            mutateAll(out, file, i, line, code, offset, region, ARITHMETIC, "arithmetic", s -> s.contains("+") ? " - " : " + ");
            mutateAll(out, file, i, line, code, offset, region, CONSTANT, "constant", s -> s.endsWith("0") ? "1'b1" : "1'b0");
            if (t.contains("valid") || t.contains("ready")) {
                mutateAll(out, file, i, line, code, offset, region, AND_TERM, "dropped handshake term", s -> "");
            }
        }
        return out;
    }

    private static String flipRelational(String op) {
        return switch (op) {
            case "==" -> "!=";
            case "!=" -> "==";
            case "<=" -> "<";
            case ">=" -> ">";
            case "<" -> "<=";
            default -> ">=";
        };
    }

    private static void mutateAll(List<Mutant> out, String file, int i, String line, String code, int offset, String region,
                                  Pattern p, String operator, java.util.function.UnaryOperator<String> f) {
        Matcher m = p.matcher(region);
        while (m.find()) {
            String found = m.group(0);
            int start = offset + m.start();
            int end = offset + m.end();
            String after = code.substring(0, start) + f.apply(found) + code.substring(end) + line.substring(code.length());
            if (!after.equals(line)) {
                out.add(new Mutant(operator, file, i + 1, line, after));
            }
        }
    }

    private static Design mnist() throws IOException {
        Network net = NetworkFormat.read(AcceleratorIT.example().resolve("network.json"));
        return design("mnist", net, Folding.DEFAULT, AcceleratorIT.images(AcceleratorIT.example().resolve("heldout_u8.npy"), 2));
    }

    private static Design covering() throws IOException {
        long seed = 1;
        RandomNetworks.Case c;
        while (true) {
            c = RandomNetworks.of(seed);
            Accelerator a = AcceleratorBuilder.build(RENDERER, IntegerCompiler.compile(c.network(), QuantConfig.DEFAULT), c.folding(),
                    "probe", Map.of());
            if (a.stages().stream().map(Accelerator.Stage::block).toList().containsAll(COVER)) {
                break;
            }
            if (++seed > 100_000) {
                throw new AssertionError("no random network up to seed 100000 has all of " + COVER);
            }
        }
        Random r = new Random(seed);
        List<int[]> images = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int[] px = new int[c.network().input().shape().size()];
            for (int j = 0; j < px.length; j++) {
                px[j] = r.nextInt(256);
            }
            images.add(px);
        }
        return design("random" + seed, c.network(), c.folding(), images);
    }

    private static Design design(String name, Network net, Folding folding, List<int[]> images) {
        IntegerNetwork inet = IntegerCompiler.compile(net, QuantConfig.DEFAULT);
        Accelerator a = AcceleratorBuilder.build(RENDERER, inet, folding, "mut_" + name, Map.of("kind", "mutation campaign"));
        Path dir = TARGET.resolve("mutation-pristine").resolve(name);
        GeneratedFiles.deleteRecursively(dir);
        a.writeTo(dir);
        return new Design(name, a, inet, images, dir);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }
}
