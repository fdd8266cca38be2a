package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.testbench.ClockEstimate;
import org.adabinhw.testbench.EdaTool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code estimate --logic-depth} on the tiny network generated for an xc7z020: every block module synthesised by Yosys,
 * the clock estimate the slowest block's, used for frames/s unless {@code --clock} is given; a Yosys failure is one line
 * and exit code 2.
 */
@Tag("rtl")
class EstimateLogicDepthIT {
    @TempDir
    Path dir;
    Path generated;

    @BeforeEach
    void generate() throws IOException {
        assumeTrue(EdaTool.YOSYS.available(), EdaTool.YOSYS.missingMessage());
        Path json = dir.resolve("net.json");
        NetworkFormat.write(MainTest.tinyNetwork(), json, dir.resolve("weights.safetensors"));
        generated = dir.resolve("accel");
        MainTest.Result g = MainTest.run("generate", "--network", json.toString(), "--out", generated.toString(), "--part",
                "xc7z020");
        assertEquals(0, g.code(), g.err());
    }

    @Test
    void theClockEstimateIsTheSlowestBlocksAndSetsFramesPerSecond() throws IOException {
        Path json = dir.resolve("e.json");
        MainTest.Result r = MainTest.run("estimate", generated.toString(), "--part", "xc7z020", "--logic-depth", "--json",
                json.toString());
        assertEquals(0, r.code(), r.err());
        System.out.println(r.out());
        JsonNode e = new ObjectMapper().readTree(json.toFile());
        JsonNode d = e.path("logic_depth");
        int blocks = e.path("blocks").size() - 1; // without the top's axis_tlast
        assertEquals(blocks, d.path("blocks").size(), d.toString());
        double slowest = 0;
        for (JsonNode b : d.path("blocks")) {
            assertTrue(b.path("delay_ns").asDouble() > 0 && b.path("lut_levels").asInt() >= 0, b.toString());
            assertEquals(1000 / b.path("delay_ns").asDouble(), b.path("fmax_mhz").asDouble(), 1e-9);
            slowest = Math.max(slowest, b.path("delay_ns").asDouble());
        }
        assertEquals(1000 / slowest, d.path("clock_estimate_mhz").asDouble(), 1e-9);
        assertEquals(slowest, d.path("slowest_block").path("delay_ns").asDouble(), 1e-12);
        assertEquals(ClockEstimate.LABEL, d.path("label").asText());
        assertTrue(d.path("assumptions").size() >= 3, d.toString());
        // frames/s at the estimated clock, and the clock's source says so
        assertEquals(d.path("clock_estimate_mhz").asDouble(), e.path("clock_mhz").asDouble(), 1e-9);
        assertTrue(e.path("clock_source").asText().contains("logic depth"), e.path("clock_source").asText());
        assertEquals(e.path("clock_mhz").asDouble() * 1e6 / e.path("interval_cycles").asDouble(), e.path("fps").asDouble(), 1e-6);
        assertTrue(r.out().contains("clock estimate: ") && r.out().contains(ClockEstimate.LABEL), r.out());
        // progress on stderr: one line per block module
        assertEquals(blocks, r.err().lines().filter(l -> l.matches("logic depth: block \\d+/\\d+ .*")).count(), r.err());

        // --clock wins for frames/s; the estimate is still reported
        Path json2 = dir.resolve("e2.json");
        MainTest.Result c = MainTest.run("estimate", generated.toString(), "--part", "xc7z020", "--logic-depth", "--clock", "100",
                "--json", json2.toString());
        assertEquals(0, c.code(), c.err());
        JsonNode e2 = new ObjectMapper().readTree(json2.toFile());
        assertEquals(100, e2.path("clock_mhz").asDouble());
        assertEquals("--clock", e2.path("clock_source").asText());
        assertEquals(d.path("clock_estimate_mhz").asDouble(), e2.path("logic_depth").path("clock_estimate_mhz").asDouble(), 1e-9);

        // without --logic-depth nothing changes
        MainTest.Result plain = MainTest.run("estimate", generated.toString(), "--part", "xc7z020");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.out().contains("logic depth") || plain.err().contains("logic depth"), plain.out() + plain.err());
    }

    @Test
    void aNetworkIsWrittenForThePartsFamilyToATemporaryDirectoryAndSynthesisedThere() throws IOException {
        Path json = dir.resolve("e.json");
        MainTest.Result r = MainTest.run("estimate", "--network", dir.resolve("net.json").toString(), "--part", "xczu3eg",
                "--logic-depth", "--json", json.toString());
        assertEquals(0, r.code(), r.err());
        String tmp = r.err().lines().filter(l -> l.startsWith("logic depth: the RTL of the plan for xilinx-usp written to "))
                .findFirst().orElseThrow(() -> new AssertionError(r.err()));
        Path written = Path.of(tmp.substring(tmp.indexOf(" to ") + 4, tmp.indexOf(" (deleted")));
        assertFalse(Files.exists(written), written + " is left behind");
        assertTrue(r.err().contains("Yosys synth_xilinx -family xcup"), r.err());
        JsonNode d = new ObjectMapper().readTree(json.toFile()).path("logic_depth");
        assertEquals("xilinx-usp", d.path("family").asText());
        assertEquals("xilinx-usp -1", d.path("delays").asText());
        assertTrue(d.path("clock_estimate_mhz").asDouble() > 0, d.toString());
    }

    @Test
    void aYosysFailureIsOneLineAndExitCodeTwo() throws IOException {
        Path wrapper;
        try (var s = Files.list(generated.resolve("rtl"))) {
            wrapper = s.filter(p -> p.getFileName().toString().endsWith("_conv2_mvu.v")).findFirst().orElseThrow();
        }
        Files.writeString(wrapper, Files.readString(wrapper) + "\nthis is not verilog\n");
        Path json = dir.resolve("e.json");
        MainTest.Result r = MainTest.run("estimate", generated.toString(), "--part", "xc7z020", "--logic-depth", "--json",
                json.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        String errors = r.err().lines().filter(l -> !l.startsWith("logic depth: ")).reduce("", (a, b) -> a + b + "\n");
        assertEquals(1, errors.strip().lines().count(), r.err());
        assertTrue(errors.startsWith("error: --logic-depth: yosys synth_xilinx -family xc7 of ") && errors.contains("ERROR"),
                errors);
        assertFalse(Files.exists(json));
    }
}
