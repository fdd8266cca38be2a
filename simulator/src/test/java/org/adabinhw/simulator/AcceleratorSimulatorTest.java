package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adabinhw.generator.VerilogRenderer;
import org.adabinhw.generator.accelerator.Accelerator;
import org.adabinhw.generator.accelerator.AcceleratorBuilder;
import org.adabinhw.generator.accelerator.Folding;
import org.adabinhw.generator.blocks.AxisFifoConfig;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.io.NdArray;
import org.adabinhw.golden.io.Npy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole-accelerator simulator on the example network: values against the golden model, throughput against
 * the folding's ideal, the per-block statistics, deadlock reports and FIFO sizing. (Cycle equality with
 * Verilator is checked in the testbench's {@code AcceleratorIT}.)
 */
class AcceleratorSimulatorTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "mnist");
    private static IntegerNetwork net;
    private static Accelerator accel;
    private static List<int[]> images;

    @BeforeAll
    static void load() throws IOException {
        net = IntegerCompiler.compile(NetworkFormat.read(EXAMPLE.resolve("network.json")), QuantConfig.DEFAULT);
        accel = AcceleratorBuilder.build(new VerilogRenderer(), net, Folding.DEFAULT, "mnist_accel", Map.of("kind", "test"));
        NdArray a = Npy.read(EXAMPLE.resolve("heldout_u8.npy"));
        int per = a.size() / a.shape()[0];
        images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int[] px = new int[per];
            for (int j = 0; j < per; j++) {
                px[j] = (int) a.data()[i * per + j];
            }
            images.add(px);
        }
    }

    private static List<BigInteger> expected(List<int[]> imgs) {
        IntegerEngine e = new IntegerEngine(net);
        return AcceleratorBeats.logitBeats(imgs.stream().map(e::logits).toArray(int[][]::new), net.q().logitWidth());
    }

    private static AcceleratorSimulator.Result run(AcceleratorSimulator sim, List<int[]> imgs, StallPattern p) {
        return sim.run(AcceleratorBeats.pixelBeats(imgs, 1), imgs.size(), p, AcceleratorSimulator.Options.DEFAULT, null);
    }

    private static List<BigInteger> values(AcceleratorSimulator.Result r) {
        return r.trace().beats().get(AcceleratorBeats.OUTPUT).stream().map(Beat::data).toList();
    }

    @Test
    void everyLogitAndTlastEqualsTheGoldenModelAtTheFoldingsInterval() {
        long t0 = System.nanoTime();
        AcceleratorSimulator.Result r = run(new AcceleratorSimulator(accel), images, StallPattern.none(1, 1));
        System.out.printf("%d cycles in %.3f s%n", r.trace().cycles(), (System.nanoTime() - t0) / 1e9);
        r.stages().forEach(System.out::println);
        assertTrue(r.completed());
        assertNull(r.deadlock());
        assertEquals(expected(images), values(r));
        // Every image after the first leaves exactly one interval after the previous one.
        for (long i : r.times().interval()) {
            assertEquals(accel.cyclesPerImage(), i);
        }
        assertEquals(r.trace().length(), r.window());
        for (AcceleratorSimulator.StageStats s : r.stages()) {
            assertEquals(r.window(), s.busy() + s.stalled() + s.starved(), s.instance());
        }
        // The slowest block (conv3's MVU) is busy at least the cycles its work takes.
        AcceleratorSimulator.StageStats conv3 = r.stages().stream()
                .filter(s -> s.layer().equals("conv3") && s.block().equals("binary_mvu")).findFirst().orElseThrow();
        assertTrue(conv3.busy() >= 3 * accel.cyclesPerImage(), conv3.toString());
        assertEquals(1, r.fifos().size());
        assertTrue(r.fifos().get(0).peak() > 0 && r.fifos().get(0).peak() <= r.fifos().get(0).depth());
    }

    @Test
    void atEveryCandidateIntervalTheStallFreeRunKeepsTheSlowestBlocksPace() {
        // The default lanes run the blocks after each convolution for as much of the interval as its outputs need, with
        // no headroom: the bypass FIFOs and shortcut margins must keep every interval the builder offers.
        List<int[]> three = images.subList(0, 3);
        for (long interval : AcceleratorBuilder.intervals(net)) {
            Accelerator a = AcceleratorBuilder.build(new VerilogRenderer(), net, Folding.DEFAULT, "mnist_accel",
                    Map.of("kind", "test"), interval);
            AcceleratorSimulator.Result r = run(new AcceleratorSimulator(a), three, StallPattern.none(1, 1));
            assertTrue(r.completed(), "interval " + interval);
            assertEquals(expected(three), values(r), "interval " + interval);
            for (long i : r.times().interval()) {
                assertEquals(a.cyclesPerImage(), i, "interval " + interval + ": " + a.folding());
            }
        }
    }

    @Test
    void valuesHoldUnderStallsOnBothSidesAndTheStallsShowInTheStatistics() {
        StallPattern p = StallPattern.random(5, 1, 1, 0.3, 0.3, 200_000);
        AcceleratorSimulator.Result r = run(new AcceleratorSimulator(accel), images.subList(0, 2), p);
        assertEquals(expected(images.subList(0, 2)), values(r));
        AcceleratorSimulator.StageStats head = r.stages().get(r.stages().size() - 1);
        assertEquals("head_unit", head.block());
        assertTrue(head.stalled() > 0, "the output's stalls hold the head back: " + head);
    }

    @Test
    void anUndersizedResidualFifoIsReportedAsADeadlockWithTheDepthItNeeds() {
        String add = AcceleratorSimulator.bypassLayers(accel).get(0);
        AcceleratorSimulator small = new AcceleratorSimulator(accel, Map.of(add, 4));
        AcceleratorSimulator.Result r = run(small, images.subList(0, 1), StallPattern.none(1, 1));
        assertTrue(r.trace().timedOut());
        AcceleratorSimulator.Deadlock d = r.deadlock();
        assertNotNull(d);
        System.out.println(d.report());
        assertEquals(1, d.fullFifos().size());
        AcceleratorSimulator.FullFifo f = d.fullFifos().get(0);
        assertEquals(add, f.fifo().layer());
        assertEquals(4, f.fifo().depth());
        assertTrue(f.needed() > 4, d.report());
        assertTrue(d.report().contains(f.fifo().instance()) && d.report().contains("depth " + f.needed()), d.report());
        assertTrue(d.streams().stream().anyMatch(AcceleratorSimulator.StreamState::blocked), d.report());
        // With the depth the report names, the run completes with the right values.
        AcceleratorSimulator.Result fixed = run(new AcceleratorSimulator(accel, Map.of(add, f.needed())), images.subList(0, 1),
                StallPattern.none(1, 1));
        assertNull(fixed.deadlock());
        assertEquals(expected(images.subList(0, 1)), values(fixed));
    }

    @Test
    void sizedFifosKeepTheIdealThroughputAndOneBeatLessDoesNot() {
        FifoSizing.Result s = FifoSizing.size(accel, System.out::println);
        assertEquals(1, s.entries().size());
        FifoSizing.Entry e = s.entries().get(0);
        assertTrue(e.depth() >= 1 && e.depth() <= e.peak() + 1, e.toString());
        assertEquals(accel.cyclesPerImage(), s.referenceInterval(), accel.cyclesPerImage() * 0.01);
        assertEquals(s.referenceInterval(), s.interval());
        if (e.depth() > 1) {
            List<BigInteger> blank = java.util.Collections.nCopies(FifoSizing.IMAGES * 28 * 28, BigInteger.ZERO);
            AcceleratorSimulator.Result less = new AcceleratorSimulator(accel, Map.of(e.layer(), e.depth() - 1))
                    .run(blank, FifoSizing.IMAGES, StallPattern.none(1, 1), AcceleratorSimulator.Options.DEFAULT.withDiagnose(false),
                            null);
            assertTrue(!less.completed() || less.times().meanInterval() > s.referenceInterval(), "depth " + (e.depth() - 1)
                    + " keeps the interval too");
        }
        // The plan carries the depths into the generated RTL.
        Accelerator sized = AcceleratorBuilder.build(new VerilogRenderer(), net, accel.folding().withFifos(s.depths()),
                "mnist_accel", Map.of("kind", "test"));
        AxisFifoConfig c = (AxisFifoConfig) sized.stages().stream().filter(st -> st.config() instanceof AxisFifoConfig)
                .findFirst().orElseThrow().config();
        assertEquals(e.depth(), c.depth());
        assertTrue(sized.description().contains("\"" + e.layer() + "\" : " + e.depth()), sized.description());
    }

    @Test
    void aDepthForALayerWithoutBypassFifoIsRejectedNamingTheLayers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AcceleratorSimulator(accel, Map.of("conv2", 8)));
        assertTrue(e.getMessage().contains("conv2") && e.getMessage().contains(AcceleratorSimulator.bypassLayers(accel).get(0)),
                e.getMessage());
    }
}
