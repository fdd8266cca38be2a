package org.adabinhw.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.adabinhw.golden.arch.Architecture;
import org.adabinhw.golden.arch.OfficialNetworks;
import org.adabinhw.golden.format.NetworkFormat;
import org.adabinhw.golden.ir.Network;

import picocli.CommandLine.Option;

/** Where the network comes from: a PyTorch checkpoint, the generic format, or the embedded example. */
final class NetworkOptions {
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "PyTorch checkpoint of an official AdaBin architecture.")
    Path checkpoint;

    @Option(names = "--arch", paramLabel = "NAME",
            description = "Architecture of the checkpoint: resnet20, resnet18-cifar, resnet18-imagenet, resnet34-imagenet (default: detected from the keys).")
    String arch;

    @Option(names = "--network", paramLabel = "FILE", description = "Network in the generic format (JSON + safetensors, see docs/network-format.md).")
    Path network;

    /** Loads the chosen network; without options, the embedded MNIST example. */
    Network load() throws IOException {
        if (checkpoint != null && network != null) {
            throw new Main.UserException("give either --checkpoint or --network, not both");
        }
        if (arch != null && checkpoint == null) {
            throw new Main.UserException("--arch goes with --checkpoint");
        }
        if (checkpoint != null) {
            requireFile(checkpoint);
            Architecture a = null;
            if (arch != null) {
                try {
                    a = Architecture.byName(arch);
                } catch (IllegalArgumentException e) {
                    throw new Main.UserException(e.getMessage());
                }
            }
            return OfficialNetworks.fromCheckpoint(checkpoint, a);
        }
        if (network != null) {
            requireFile(network);
            return NetworkFormat.read(network);
        }
        return Example.network();
    }

    static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new Main.UserException(p + ": no such file");
        }
    }

    /** The embedded example network (examples/mnist), unpacked from the jar on first use. */
    static final class Example {
        static final String RESOURCE = "/examples/mnist/";
        private static Path dir;

        private Example() {
        }

        static synchronized Path dir() throws IOException {
            if (dir == null) {
                Path d = Files.createTempDirectory("adabin-hw-example");
                d.toFile().deleteOnExit();
                for (String f : new String[] {"network.json", "weights.safetensors", "heldout_u8.npy", "heldout_labels.npy"}) {
                    try (InputStream in = NetworkOptions.class.getResourceAsStream(RESOURCE + f)) {
                        if (in == null) {
                            throw new IllegalStateException("the embedded example lacks " + f + "; rebuild the tool");
                        }
                        Path p = d.resolve(f);
                        Files.copy(in, p, StandardCopyOption.REPLACE_EXISTING);
                        p.toFile().deleteOnExit();
                    }
                }
                dir = d;
            }
            return dir;
        }

        static Network network() throws IOException {
            return NetworkFormat.read(dir().resolve("network.json"));
        }
    }
}
