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
import picocli.CommandLine.Spec;

/** Where the network comes from: a PyTorch checkpoint, the generic format, or the embedded example. */
final class NetworkOptions {
    /** The command this is a mixin of (null when built by hand): where the fallback to the example is said. */
    @Spec(Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec mixee;

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
        if (mixee != null) {
            mixee.commandLine().getErr().println("note: no --checkpoint or --network given: using the embedded example network "
                    + "(mnist-adabin, examples/mnist, input 1x28x28)");
            mixee.commandLine().getErr().flush();
        }
        return Example.network();
    }

    /**
     * Where the chosen network comes from, for a generated accelerator's description: {@code kind}
     * (checkpoint, network or example), the absolute {@code path}, {@code arch} and the file's {@code sha256}.
     */
    java.util.Map<String, String> describe() throws IOException {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        if (checkpoint != null) {
            m.put("kind", "checkpoint");
            m.put("path", checkpoint.toAbsolutePath().normalize().toString());
            if (arch != null) {
                m.put("arch", arch);
            }
            m.put("sha256", sha256(checkpoint));
        } else if (network != null) {
            m.put("kind", "network");
            m.put("path", network.toAbsolutePath().normalize().toString());
            m.put("sha256", sha256(network));
        } else {
            m.put("kind", "example");
        }
        return m;
    }

    /**
     * The options that load the network a description's {@code source} names; fails when the file is gone
     * or has changed since the accelerator was generated.
     */
    static NetworkOptions fromSource(com.fasterxml.jackson.databind.JsonNode source, Path description) throws IOException {
        NetworkOptions o = new NetworkOptions();
        String kind = source.path("kind").asText();
        switch (kind) {
            case "example" -> {
                return o;
            }
            case "checkpoint", "network" -> {
                Path p = Path.of(source.path("path").asText());
                if (!Files.isRegularFile(p)) {
                    throw new Main.UserException(description + ": the network it was generated from, " + p
                            + ", is missing; give it with --checkpoint or --network");
                }
                String want = source.path("sha256").asText();
                if (!want.isEmpty() && !want.equals(sha256(p))) {
                    throw new Main.UserException(description + ": " + p + " has changed since the accelerator was generated"
                            + " (SHA-256 differs); generate again, or give the network with --checkpoint or --network");
                }
                if (kind.equals("checkpoint")) {
                    o.checkpoint = p;
                    o.arch = source.hasNonNull("arch") ? source.get("arch").asText() : null;
                } else {
                    o.network = p;
                }
                return o;
            }
            default -> throw new Main.UserException(description + ": unknown network source kind '" + kind + "'");
        }
    }

    /** Whether a network was chosen explicitly. */
    boolean given() {
        return checkpoint != null || network != null;
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new Main.UserException(p + ": no such file");
        }
    }

    /**
     * Rejects an output file whose folder does not exist or that names a folder, before any work is done (the
     * output is written all or nothing at the end).
     *
     * @param option the option that names it, for the message
     */
    static void requireOutputFile(Path p, String option) {
        if (p == null) {
            return;
        }
        Path parent = p.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new Main.UserException(option + " " + p + ": the folder " + parent + " does not exist");
        }
        if (Files.isDirectory(p)) {
            throw new Main.UserException(option + " " + p + ": is a folder, not a file");
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
