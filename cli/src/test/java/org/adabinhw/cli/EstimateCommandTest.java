package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code estimate}: the verdict and the figures on the example, and one line with exit code 2 for bad input. */
class EstimateCommandTest {
    @TempDir
    Path dir;

    private static long files(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }

    @Test
    void unknownPartListsTheKnownOnes() throws Exception {
        MainTest.Result r = MainTest.run("estimate", "--part", "xc7z999", "--json", dir.resolve("e.json").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("unknown part 'xc7z999'") && r.err().contains("xc7z020") && r.err().contains("ice40up5k"), r.err());
        assertEquals(0, files(dir));
    }

    @Test
    void directoryWithoutDescription() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        MainTest.Result r = MainTest.run("estimate", empty.toString(), "--part", "xc7z020", "--json", dir.resolve("e.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("accelerator.json"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(dir.resolve("e.json")));
    }

    @Test
    void illegalPlan() throws Exception {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"layers\": {\"conv2\": {\"simd\": 5, \"pe\": 8}}}");
        MainTest.Result r = MainTest.run("estimate", "--folding", plan.toString(), "--part", "xc7z020", "--html",
                dir.resolve("e.html").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("conv2") && r.err().contains("SIMD = 5"), r.err());
        // One line of error (after the note that the embedded example is in use).
        assertEquals(1, r.err().strip().lines().filter(l -> !l.startsWith("note: ")).count(), r.err());
        assertFalse(Files.exists(dir.resolve("e.html")));
    }

    @Test
    void logicDepthOnAnIce40PartPointsToImplementWithoutRunningYosys() throws Exception {
        MainTest.Result r = MainTest.run("estimate", "--part", "ice40up5k", "--logic-depth", "--json",
                dir.resolve("e.json").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: --logic-depth is for Xilinx parts; for ice40up5k use ./adabin-hw implement DIR "
                + "--part ice40up5k"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        assertEquals(0, files(dir));
    }

    @Test
    void missingOutputFolder() {
        MainTest.Result r = MainTest.run("estimate", "--part", "xc7z020", "--json", dir.resolve("no/e.json").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
    }

    @Test
    void exampleOnAZynqWithJsonAndHtml() throws Exception {
        Path json = dir.resolve("e.json");
        Path html = dir.resolve("e.html");
        MainTest.Result r = MainTest.run("estimate", "--part", "xc7z020", "--clock", "100", "--json", json.toString(), "--html",
                html.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("verdict: fits xc7z020") && r.out().contains("frames/s at 100.0 MHz"), r.out());
        JsonNode e = new ObjectMapper().readTree(json.toFile());
        assertEquals("adabin-hw-estimate", e.path("format").asText());
        assertEquals(7056, e.path("cycles_per_image").asLong());
        assertEquals(100e6 / e.path("interval_cycles").asDouble(), e.path("fps").asDouble(), 1e-6);
        long lut = 0;
        for (JsonNode b : e.path("blocks")) {
            lut += b.path("resources").path("lut").asLong() + b.path("resources").path("lutram").asLong();
        }
        assertEquals(lut, e.path("totals").path("lut").asLong());
        // 40 DSP48E1: the stem's 16 multipliers, 4 per shared affine stage of the binary convolutions (1 lane each of
        // conv2, conv3 and conv4), 2 per Maxout lane (2 + 1 + 1 + 1 lanes) and the head's 2. The example fits a
        // Zynq-7020 at its default folding.
        assertEquals(40, e.path("totals").path("dsp").asLong());
        assertTrue(e.path("fits").asBoolean());
        // Not an iCE40 UP5K: 8 SB_MAC16.
        MainTest.Result small = MainTest.run("estimate", "--part", "ice40up5k");
        assertEquals(0, small.code(), small.err());
        assertTrue(small.out().contains("verdict: does not fit ice40up5k"), small.out());
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<svg"), page.substring(0, 100));
    }

    @Test
    void estimateOfAGeneratedDirectoryEqualsThatOfItsNetwork() throws Exception {
        Path gen = dir.resolve("gen");
        assertEquals(0, MainTest.run("generate", "--out", gen.toString()).code());
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        assertEquals(0, MainTest.run("estimate", gen.toString(), "--part", "xczu7ev", "--json", a.toString()).code());
        assertEquals(0, MainTest.run("estimate", "--part", "xczu7ev", "--json", b.toString()).code());
        assertEquals(Files.readString(b), Files.readString(a));
    }
}
