package org.adabinhw.bench;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import org.adabinhw.golden.arch.Architecture;
import org.adabinhw.golden.arch.OfficialNetworks;
import org.adabinhw.golden.arch.RandomStateDicts;
import org.adabinhw.golden.integer.BinaryConvLayer;
import org.adabinhw.golden.integer.ConvGeometry;
import org.adabinhw.golden.integer.IntegerCompiler;
import org.adabinhw.golden.integer.IntegerEngine;
import org.adabinhw.golden.integer.IntegerNetwork;
import org.adabinhw.golden.integer.QuantConfig;
import org.adabinhw.golden.ir.Network;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Throughput of the integer golden model on random networks of the official shapes.
 * <ul>
 * <li>{@link #network}: {@link IntegerEngine#logits(List)} on a batch of random uint8 images, which runs the
 *     images in parallel on all cores (and each binary conv's output channels in parallel too).</li>
 * <li>{@link #binaryConvKernel}: {@link BinaryConvLayer#apply} of one layer on one core (the layer's parallel
 *     stream runs in a one-thread pool), on the input tensor that layer sees in a real forward pass.</li>
 * </ul>
 * Besides the primary score (calls per second), both report two {@link Counters} rates: {@code images} per
 * second and {@code binaryMacs} per second, a binary MAC being one 1-bit multiply-accumulate of a binary
 * conv: out positions × out channels × in channels × kh × kw per layer, padded taps included (the usual
 * BOPs count). The XNOR-popcount limit to compare with is 64 binary MACs per cycle and core (one 64-bit
 * {@code POPCNT} per cycle); {@code bench/run.sh} prints the ratio.
 *
 * <p>Parameters are random but not BN-calibrated ({@link RandomStateDicts#uncalibrated}): the integer
 * layers do the same work whatever the values, and calibrating an ImageNet network would add about 20 s
 * to every fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GoldenModelBenchmark {

    /** A compiled integer network and a batch of images. */
    @State(Scope.Benchmark)
    public static class Net {
        /** Architecture, by command-line name. */
        @Param({"resnet20", "resnet18-imagenet"})
        public String arch;
        /** Images per call; 0 means four per available processor. */
        @Param("0")
        public int batch;

        IntegerEngine engine;
        List<int[]> images;
        long macsPerImage;

        @Setup(Level.Trial)
        public void setup() {
            Architecture a = Architecture.byName(arch);
            IntegerNetwork inet = compile(a);
            engine = new IntegerEngine(inet);
            int n = batch > 0 ? batch : 4 * Runtime.getRuntime().availableProcessors();
            images = RandomStateDicts.images(a, n, 1);
            macsPerImage = binaryMacs(inet);
            System.out.printf("%n%s: %d binary convs, %,d binary MACs per image, batch of %d%n", arch,
                    inet.binaryConvs().size(), macsPerImage, n);
        }
    }

    /** One binary conv layer, its input, and a one-thread pool to run it in. */
    @State(Scope.Benchmark)
    public static class Kernel {
        /** {@code <architecture>:<layer>}. */
        @Param({"resnet20:layer3.1.conv1", "resnet18-imagenet:layer1.0.conv1", "resnet18-imagenet:layer4.1.conv2"})
        public String layer;

        BinaryConvLayer conv;
        List<int[]> input;
        long macs;
        ForkJoinPool single;

        @Setup(Level.Trial)
        public void setup() {
            String[] p = layer.split(":", 2);
            IntegerNetwork inet = compile(Architecture.byName(p[0]));
            conv = (BinaryConvLayer) inet.layer(p[1]);
            String src = conv.inputs().get(0);
            int[] image = RandomStateDicts.images(Architecture.byName(p[0]), 1, 1).get(0);
            int[] x = new IntegerEngine(inet).run(image, true, null).get(inet.aliases().getOrDefault(src, src));
            input = List.of(x);
            macs = macs(conv.geometry());
            single = new ForkJoinPool(1);
            ConvGeometry g = conv.geometry();
            System.out.printf("%n%s: %s -> %s, %,d binary MACs%n", layer, g.in(), g.out(), macs);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            single.shutdown();
        }
    }

    /** Work done, reported by JMH as rates next to the primary score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        /** Images (for the kernel: one layer's worth of one image). */
        public long images;
        /** Binary multiply-accumulates. */
        public long binaryMacs;

        @Setup(Level.Iteration)
        public void reset() {
            images = 0;
            binaryMacs = 0;
        }
    }

    @Benchmark
    public int[][] network(Net net, Counters c) {
        int[][] logits = net.engine.logits(net.images);
        c.images += net.images.size();
        c.binaryMacs += net.images.size() * net.macsPerImage;
        return logits;
    }

    @Benchmark
    public int[] binaryConvKernel(Kernel k, Counters c) throws InterruptedException, ExecutionException {
        int[] y = k.single.submit(() -> k.conv.apply(k.input, null)).get();
        c.images++;
        c.binaryMacs += k.macs;
        return y;
    }

    static IntegerNetwork compile(Architecture a) {
        int classes = a.imagenet() ? 1000 : 10;
        Network net = OfficialNetworks.build(a, null, RandomStateDicts.uncalibrated(a, classes, 1));
        return IntegerCompiler.compile(net, QuantConfig.DEFAULT);
    }

    /** Binary MACs of one image: the sum of {@link #macs} over the binary convs. */
    static long binaryMacs(IntegerNetwork inet) {
        long sum = 0;
        for (BinaryConvLayer l : inet.binaryConvs()) {
            sum += macs(l.geometry());
        }
        return sum;
    }

    /** Out positions × out channels × in channels × kh × kw. */
    static long macs(ConvGeometry g) {
        return (long) g.out().size() * g.in().channels() * g.kernelH() * g.kernelW();
    }
}
