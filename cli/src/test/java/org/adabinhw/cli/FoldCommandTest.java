package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.estimate.Estimate;
import org.adabinhw.generator.estimate.Part;
import org.adabinhw.generator.estimate.Parts;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fold} on the embedded example: the plans it writes, against the estimate of their neighbours. */
class FoldCommandTest {
    @TempDir
    Path dir;

    private static IntegerNetwork example() throws Exception {
        return IntegerCompiler.compile(NetworkOptions.Example.network(), QuantConfig.DEFAULT);
    }

    @Test
    void aTargetFrameRateGetsTheLongestIntervalThatReachesItAndAPlanGenerateTakes() throws Exception {
        Path plan = dir.resolve("plan.json");
        MainTest.Result r = MainTest.run("fold", "--part", "xc7z020", "--target-fps", "5000", "--clock", "100", "--out", plan.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("(bottleneck)") && r.out().contains("<- chosen") && r.out().contains("frontier"), r.out());
        // 100 MHz / 5000 = 20,000 cycles: the longest candidate interval within it is 14,112.
        List<Long> intervals = AcceleratorBuilder.intervals(example());
        long best = intervals.stream().filter(t -> t <= 20_000).max(Long::compare).orElseThrow();
        assertEquals(14_112, best);
        Path gen = dir.resolve("gen");
        MainTest.Result g = MainTest.run("generate", "--folding", plan.toString(), "--out", gen.toString());
        assertEquals(0, g.code(), g.err());
        assertTrue(g.err().contains("14112 cycles per image"), g.err());
        // Every layer explicit, and the bypass FIFO sized.
        Folding f = Folding.read(plan);
        assertEquals(5, f.layers().size(), f.toJson());
        assertTrue(f.fifo("add3") != null && f.fifo("add3") < 2048, f.toJson());
    }

    @Test
    void theFastestPlanWithinTheBudgetFitsItAndTheNextFasterDoesNot() throws Exception {
        Path plan = dir.resolve("max.json");
        MainTest.Result r = MainTest.run("fold", "--part", "ice40up5k", "--max-fps", "--budget", "1.0", "--no-size-fifos", "--out",
                plan.toString());
        Part p = Parts.of("ice40up5k");
        IntegerNetwork net = example();
        List<Long> intervals = AcceleratorBuilder.intervals(net);
        VerilogRenderer renderer = new VerilogRenderer(p.family());
        // What the binary search must find: the shortest interval whose plan fits the part.
        Long expected = null;
        for (long t : intervals) {
            Accelerator a = AcceleratorBuilder.build(renderer, net, Folding.DEFAULT, "t", Map.of(), t);
            if (Estimate.of(a, p, 0, null, List.of()).fits()) {
                expected = t;
                break;
            }
        }
        if (expected == null) {
            assertEquals(Main.USER_ERROR, r.code(), r.err());
            assertTrue(r.err().contains("does not fit") && r.err().contains("ice40up5k"), r.err());
            assertFalse(Files.exists(plan));
        } else {
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains(String.format("interval %,d allowed", expected)), r.out());
        }
    }

    @Test
    void badGoalsAreOneLineErrorsAndWriteNothing() {
        Path plan = dir.resolve("none.json");
        MainTest.Result r = MainTest.run("fold", "--part", "xc7z020", "--target-fps", "1e9", "--out", plan.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertTrue(r.err().contains("fastest folding") && r.err().contains("7,056"), r.err());
        r = MainTest.run("fold", "--part", "xc7z020", "--max-fps", "--budget", "0", "--out", plan.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        r = MainTest.run("fold", "--part", "nope", "--max-fps", "--out", plan.toString());
        assertEquals(Main.USER_ERROR, r.code(), r.err());
        assertFalse(Files.exists(plan));
        // A frame rate whose plan does not fit: the verdict, and what the part can do (here: nothing).
        MainTest.Result small = MainTest.run("fold", "--part", "ice40up5k", "--target-fps", "10", "--no-size-fifos", "--out",
                dir.resolve("small.json").toString());
        assertEquals(2, small.code(), small.err());
        assertTrue(small.err().contains("does not fit ice40up5k") && small.err().contains("no folding of it fits ice40up5k"),
                small.err());
        assertFalse(Files.exists(dir.resolve("small.json")));
    }
}
