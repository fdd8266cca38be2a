package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code simulate}, {@code simulate --size-fifos} and {@code generate --size-fifos} on a tiny residual network. */
class SimulateCommandTest {
    @TempDir
    Path dir;
    Path json;
    Path images;

    @BeforeEach
    void setUp() throws IOException {
        json = dir.resolve("net.json");
        NetworkFormat.write(MainTest.tinyNetwork(), json, dir.resolve("weights.safetensors"));
        images = dir.resolve("images.npy");
        double[] px = new double[3 * 36];
        Random r = new Random(4);
        for (int i = 0; i < px.length; i++) {
            px[i] = r.nextInt(256);
        }
        Npy.write(images, new NdArray(new int[] {3, 1, 6, 6}, px, "uint8"));
    }

    @Test
    void simulatingAGeneratedDirectoryReportsTimesBlocksFifosAndTheBeatLog() throws IOException {
        Path out = dir.resolve("accel");
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--out", out.toString()).code());
        Path log = dir.resolve("log");
        MainTest.Result r = MainTest.run("simulate", out.toString(), "--input", images.toString(), "--stall-rate", "0.3",
                "--log", log.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.contains("image  latency  interval") && o.contains("mean interval") && o.contains("run length"), o);
        assertTrue(o.contains("u_conv2_mvu") && o.contains("binary_mvu") && o.contains("stalled") && o.contains("starved"), o);
        assertTrue(o.contains("u_add2_bypass") && o.contains("peak"), o);
        assertTrue(o.contains("PASS: all 9 beats"), o);
        assertTrue(!r.err().contains("differ from what its plan generates"), r.err());
        for (String f : new String[] {"beats_logits.log", "accepts_.log", "summary.txt", "stall.memb"}) {
            assertTrue(Files.isRegularFile(log.resolve(f)), f);
        }
        assertEquals(9, Files.readAllLines(log.resolve("beats_logits.log")).size());
        assertEquals(3 * 36, Files.readAllLines(log.resolve("accepts_.log")).size());
    }

    @Test
    void anUndersizedBypassFifoGivesTheDeadlockReportAndExitCodeOne() throws IOException {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"layers\": {}, \"fifos\": {\"add2\": 2}}");
        MainTest.Result r = MainTest.run("simulate", "--network", json.toString(), "--folding", plan.toString(), "--input",
                images.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        String o = r.out();
        assertTrue(o.contains("DEADLOCK") && o.contains("full FIFO u_add2_bypass (bypass of add2): depth 2"), o);
        assertTrue(o.matches("(?s).*depth \\d+ avoids the deadlock.*") && o.contains("blocked streams"), o);
    }

    @Test
    void sizedFifosGoIntoThePlanAndGenerateUsesThem() throws IOException {
        Path plan = dir.resolve("sized.json");
        MainTest.Result r = MainTest.run("simulate", "--network", json.toString(), "--input", images.toString(), "--size-fifos",
                plan.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FIFO sizing") && r.out().contains("add2"), r.out());
        JsonNode p = new ObjectMapper().readTree(Files.readString(plan));
        int depth = p.path("fifos").path("add2").asInt();
        assertTrue(depth >= 1 && p.path("layers").has("conv2"), p.toString());
        Path out = dir.resolve("accel");
        assertEquals(0, MainTest.run("generate", "--network", json.toString(), "--folding", plan.toString(), "--out",
                out.toString()).code());
        JsonNode d = new ObjectMapper().readTree(Files.readString(out.resolve("accelerator.json")));
        assertEquals(depth, d.path("fifos").path("add2").asInt(), d.path("fifos").toString());
        String fifo = Files.readString(out.resolve("rtl/tiny_accel_add2_bypass.v"));
        assertTrue(fifo.contains(".DEPTH(" + depth + ")"), fifo);
        // generate --size-fifos gives the same depth in one step.
        Path out2 = dir.resolve("accel2");
        MainTest.Result g = MainTest.run("generate", "--network", json.toString(), "--size-fifos", "--out", out2.toString());
        assertEquals(0, g.code(), g.err());
        JsonNode d2 = new ObjectMapper().readTree(Files.readString(out2.resolve("accelerator.json")));
        assertEquals(depth, d2.path("fifos").path("add2").asInt());
    }

    @Test
    void aFifoDepthForALayerThatIsNotAnAddIsRejectedNamingTheAdds() throws IOException {
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, "{\"layers\": {}, \"fifos\": {\"conv2\": 8}}");
        MainTest.Result r = MainTest.run("simulate", "--network", json.toString(), "--folding", plan.toString(), "--input",
                images.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains(plan.toString()) && r.err().contains("conv2") && r.err().contains("add2"), r.err());
        Files.writeString(plan, "{\"layers\": {}, \"fifos\": {\"add2\": 0}}");
        r = MainTest.run("generate", "--network", json.toString(), "--folding", plan.toString(), "--out", dir.resolve("x").toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("add2") && r.err().contains("positive"), r.err());
    }
}
