package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.adabinhw.testbench.EdaTool;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} then {@code verify} as a user runs them: a pass, and a failure after editing a memory image. */
@Tag("rtl")
class GenerateVerifyIT {
    @TempDir
    Path dir;

    @Test
    void verifyPassesOnTheGeneratedRtlAndFailsWhenAWeightBitIsFlipped() throws IOException {
        assumeTrue(EdaTool.VERILATOR.available(), EdaTool.VERILATOR.missingMessage());
        Path json = dir.resolve("net.json");
        NetworkFormat.write(MainTest.tinyNetwork(), json, dir.resolve("weights.safetensors"));
        Path images = dir.resolve("images.npy");
        double[] px = new double[3 * 36];
        Random r = new Random(9);
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(256);
        }
        Npy.write(images, new NdArray(new int[] {3, 1, 6, 6}, px, "uint8"));
        Path out = dir.resolve("accel");
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--out", out.toString()).code());
        Path work = dir.resolve("work");
        MainTest.Result ok = MainTest.run("verify", out.toString(), "--input", images.toString(), "--stall-rate", "0.4",
                "--seed", "3", "--work", work.toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("PASS: all 9 beats") && ok.out().contains("latency"), ok.out());
        assertTrue(ok.out().contains("PASS: the Java simulator agrees with verilator on the value and the cycle of all 9 output beats"),
                ok.out());
        // The same run with --json: the README's keys, the text on standard error.
        MainTest.Result js = MainTest.run("verify", out.toString(), "--input", images.toString(), "--stall-rate", "0.4",
                "--seed", "3", "--work", dir.resolve("work-json").toString(), "--json");
        assertEquals(0, js.code(), js.out() + js.err());
        var doc = DocumentedJsonKeys.check("verify", js.out());
        assertTrue(doc.path("passed").asBoolean() && doc.path("cross_check").path("passed").asBoolean(), js.out());
        assertEquals(9, doc.path("beats").asLong());
        assertTrue(js.err().contains("PASS: all 9 beats"), js.err());
        // simulate, with the same seed and stall rate, writes the beat log that the Verilator run wrote.
        Path log = dir.resolve("simlog");
        MainTest.Result sim = MainTest.run("simulate", out.toString(), "--input", images.toString(), "--stall-rate", "0.4",
                "--seed", "3", "--log", log.toString());
        assertEquals(0, sim.code(), sim.out() + sim.err());
        Path rtlRun;
        try (var runs = Files.walk(work)) {
            rtlRun = runs.filter(p -> p.getFileName().toString().equals("beats_logits.log") && !p.toString().contains("simulator"))
                    .findFirst().orElseThrow().getParent();
        }
        for (String f : List.of("beats_logits.log", "accepts_.log", "summary.txt")) {
            assertEquals(Files.readString(rtlRun.resolve(f)), Files.readString(log.resolve(f)), f);
        }

        Path mem;
        try (var s = Files.list(out.resolve("mem"))) {
            mem = s.filter(p -> p.getFileName().toString().endsWith("conv2_mvu_weights.memh")).findFirst().orElseThrow();
        }
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(mem));
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (!l.startsWith("//") && !l.isBlank()) {
                lines.set(i, String.format("%0" + l.length() + "x", new java.math.BigInteger(l, 16).flipBit(0)));
                break;
            }
        }
        Files.write(mem, lines);
        MainTest.Result bad = MainTest.run("verify", out.toString(), "--input", images.toString(), "--stall-rate", "0.4",
                "--seed", "3", "--work", work.toString());
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("MISMATCH image ") && bad.out().contains("FAIL:"), bad.out());
        // The simulator models the plan, not the edited image: it disagrees with the RTL on the values.
        assertTrue(bad.err().contains("differ from what its plan generates") && bad.out().contains("CYCLE output logits beat"),
                bad.out() + bad.err());
    }
}
