package org.adabinhw.testbench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The external EDA tools the testbench drives, found on the {@code PATH}. */
public enum EdaTool {
    /** Verilator 5: lint and the C++ model. */
    VERILATOR("verilator", "verilator", List.of("--version")),
    /** Icarus Verilog's compiler. */
    IVERILOG("iverilog", "iverilog", List.of("-V")),
    /** Icarus Verilog's runtime. */
    VVP("vvp", "iverilog", List.of("-V")),
    /** Yosys: synthesis. */
    YOSYS("yosys", "yosys", List.of("-V")),
    /** nextpnr for iCE40: placement, routing and timing analysis. */
    NEXTPNR_ICE40("nextpnr-ice40", "nextpnr-ice40", List.of("--version")),
    /** IceStorm's bitstream packer. */
    ICEPACK("icepack", "fpga-icestorm", List.of("-h"));

    private static final ConcurrentHashMap<EdaTool, Optional<String>> VERSIONS = new ConcurrentHashMap<>();

    private final String command;
    private final String debianPackage;
    private final List<String> versionArgs;

    EdaTool(String command, String debianPackage, List<String> versionArgs) {
        this.command = command;
        this.debianPackage = debianPackage;
        this.versionArgs = versionArgs;
    }

    /** The executable's name. */
    public String command() {
        return command;
    }

    /** The executable on the {@code PATH}, if any. */
    public Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, command);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether the tool is on the {@code PATH} and answers its version query. */
    public boolean available() {
        return version().isPresent();
    }

    /** The first line of the tool's version output, if it runs. */
    public Optional<String> version() {
        return VERSIONS.computeIfAbsent(this, t -> {
            if (t.find().isEmpty()) {
                return Optional.empty();
            }
            try {
                List<String> cmd = new java.util.ArrayList<>();
                cmd.add(t.command);
                cmd.addAll(t.versionArgs);
                ToolRun r = ToolRun.run(cmd, Path.of("."), Duration.ofSeconds(30), null);
                String first = r.output().strip().lines().findFirst().orElse("");
                return r.exitCode() == 0 || !first.isEmpty() ? Optional.of(first) : Optional.empty();
            } catch (ToolException e) {
                return Optional.empty();
            }
        });
    }

    /** Why the tool cannot be used and how to get it, for skipped tests and errors. */
    public String missingMessage() {
        return command + " is not on the PATH: install it (Debian: apt-get install -y " + debianPackage
                + "), or run ./run-tests, which installs the EDA tools when missing";
    }

    /** Fails with {@link #missingMessage()} unless the tool is available. */
    public void require() {
        if (!available()) {
            throw new ToolException(missingMessage());
        }
    }
}
