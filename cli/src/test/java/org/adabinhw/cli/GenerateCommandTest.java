package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.golden.format.NetworkFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code generate} and the checks {@code verify} makes before it runs a simulator. */
class GenerateCommandTest {
    @TempDir
    Path dir;
    Path json;

    @BeforeEach
    void setUp() throws IOException {
        json = dir.resolve("net.json");
        NetworkFormat.write(MainTest.tinyNetwork(), json, dir.resolve("weights.safetensors"));
    }

    @Test
    void writesTheRtlFileListDescriptionAndMemoryImagesByteIdenticallyTwice() throws IOException {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        MainTest.Result r = MainTest.run("generate", "--network", json.toString(), "--out", a.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("top tiny_accel"), r.err());
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--out", b.toString()).code());
        for (String f : new String[] {"accelerator.json", "filelist.f", "rtl/tiny_accel.v", ".adabin-hw-manifest"}) {
            assertTrue(Files.isRegularFile(a.resolve(f)), f);
            assertEquals(Files.readString(a.resolve(f)), Files.readString(b.resolve(f)), f);
        }
        String list = Files.readString(a.resolve("filelist.f"));
        assertTrue(list.lines().allMatch(l -> l.startsWith("rtl/") && Files.isRegularFile(a.resolve(l))), list);
        try (var mem = Files.list(a.resolve("mem"))) {
            assertTrue(mem.anyMatch(p -> p.getFileName().toString().endsWith("_weights.memh")));
        }
        String desc = Files.readString(a.resolve("accelerator.json"));
        assertTrue(desc.contains("\"top\" : \"tiny_accel\"") && desc.contains("\"kind\" : \"network\""), desc);
    }

    @Test
    void anIllegalFoldingIsRejectedBeforeAnyFileIsWritten() throws IOException {
        Path folding = dir.resolve("folding.json");
        Files.writeString(folding, "{\"layers\": {\"conv2\": {\"simd\": 3, \"pe\": 4}}}");
        Path out = dir.resolve("out");
        MainTest.Result r = MainTest.run("generate", "--network", json.toString(), "--folding", folding.toString(),
                "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains(folding.toString()) && r.err().contains("conv2") && r.err().contains("SIMD = 3")
                && r.err().contains("legal: 1, 2, 4"), r.err());
        assertFalse(Files.exists(out), "generate left " + out + " behind");
    }

    @Test
    void aPlanWhoseFifoDeadlocksIsRefusedWithTheDepthItNeeds() throws IOException {
        Path plan = dir.resolve("fifo.json");
        Files.writeString(plan, "{\"layers\": {}, \"fifos\": {\"add3\": 1}}");
        Path out = dir.resolve("deadlock");
        MainTest.Result r = MainTest.run("generate", "--folding", plan.toString(), "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("add3") && r.err().contains("depth 1") && r.err().contains("deadlocks")
                && r.err().contains("needs"), r.err());
        assertTrue(!Files.exists(out), "nothing may be written");
    }

    @Test
    void verifyRefusesAnEditedDescriptionOrMemoryImageNamingTheFieldOrLine() throws IOException {
        Path a = dir.resolve("edited");
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--out", a.toString()).code());
        Path desc = a.resolve("accelerator.json");
        String original = Files.readString(desc);
        Files.writeString(desc, original.replaceFirst("\"classes\" : (\\d+)", "\"classes\" : 99"));
        MainTest.Result r = MainTest.run("verify", a.toString(), "--input", json.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("accelerator.json") && r.err().contains("classes") && r.err().contains("99"), r.err());
        Files.writeString(desc, original);
        Path image;
        try (var s = Files.list(a.resolve("mem"))) {
            image = s.filter(p -> p.toString().endsWith("_weights.memh")).sorted().findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(image);
        Files.write(image, lines.subList(0, lines.size() - 1));
        r = MainTest.run("verify", a.toString(), "--input", json.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains(image.getFileName().toString()) && r.err().contains("words"), r.err());
        List<String> bad = new java.util.ArrayList<>(lines);
        bad.set(bad.size() - 1, "xyz");
        Files.write(image, bad);
        r = MainTest.run("verify", a.toString(), "--input", json.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("line " + lines.size()) && r.err().contains("'xyz'"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aToolFailureIsOneLineWithTheToolsFirstError() {
        String msg = "Verilator build of top_verify failed (exit code 1): verilator --cc rtl/a.v\n"
                + "%Warning-DECLFILENAME: rtl/a.v:10:8: Filename 'a' does not match\n"
                + "%Error: rtl/b.v:59:41: Can't find definition of variable: 'valuez'\n%Error: Exiting due to 1 error(s)\n";
        assertEquals("Verilator build of top_verify failed (exit code 1): rtl/b.v:59:41: Can't find definition of variable: 'valuez'",
                Main.toolFailure(msg));
    }

    @Test
    void generateDoesNotReplaceADirectoryOfTheUsers() throws IOException {
        Path out = dir.resolve("mine");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep");
        MainTest.Result r = MainTest.run("generate", "--network", json.toString(), "--out", out.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertEquals("keep", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void verifyNamesWhatIsMissing() throws IOException {
        MainTest.Result r = MainTest.run("verify", dir.resolve("none").toString(), "--input", json.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("no such directory"), r.err());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        r = MainTest.run("verify", empty.toString(), "--input", json.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("accelerator.json"), r.err());
        Path out = dir.resolve("gen");
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--out", out.toString()).code());
        r = MainTest.run("verify", out.toString(), "--input", json.toString(), "--stall-rate", "1.5");
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("--stall-rate"), r.err());
        Files.delete(json);
        r = MainTest.run("verify", out.toString(), "--input", out.resolve("accelerator.json").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("is missing") && r.err().contains("net.json"), r.err());
    }
}
