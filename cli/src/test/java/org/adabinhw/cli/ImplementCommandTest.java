package org.adabinhw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.adabinhw.golden.format.NetworkFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code implement}'s checks of its input, made before any tool runs: one line "error: ...", exit 2, nothing written. The
 * directory is generated for generate's default part, an xc7z020 (family xilinx-7).
 */
class ImplementCommandTest {
    @TempDir
    Path dir;
    Path generated;

    @BeforeEach
    void setUp() throws IOException {
        Path json = dir.resolve("net.json");
        NetworkFormat.write(MainTest.tinyNetwork(), json, dir.resolve("weights.safetensors"));
        generated = dir.resolve("accel");
        MainTest.Result g = MainTest.run("generate", "--network", json.toString(), "--out", generated.toString());
        assertEquals(0, g.code(), g.err());
    }

    private static void assertOneLineUserError(MainTest.Result r, String... fragments) {
        assertEquals(Main.USER_ERROR, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line expected: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "message lacks '" + f + "': " + r.err());
        }
        assertTrue(r.out().isEmpty(), r.out());
    }

    /** Every file under a directory, relative to it. */
    private static List<String> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void anUnknownPartIsRejectedNamingTheKnownOnes() throws IOException {
        List<String> before = files(generated);
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "ice40lp1k");
        assertOneLineUserError(r, "unknown part 'ice40lp1k'", "ice40up5k, ice40hx8k");
        assertEquals(before, files(generated), "implement wrote into the generated directory");
    }

    @Test
    void aPartOfAnotherFamilyIsRejectedNamingTheIce40Parts() throws IOException {
        List<String> before = files(generated);
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "xc7z020");
        assertOneLineUserError(r, "part xc7z020 is a xilinx-7 part", "ice40up5k, ice40hx8k");
        assertEquals(before, files(generated));
    }

    @Test
    void aDirectoryGeneratedForAnotherFamilyIsRejectedSayingHowToGenerateIt() throws IOException {
        // generate's default part is the xc7z020: its memories ask for distributed RAM, which synth_ice40 cannot map.
        List<String> before = files(generated);
        Path out = dir.resolve("impl");
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "ice40up5k", "--out", out.toString());
        assertOneLineUserError(r, generated + " was generated for xilinx-7; generate it for the part with: "
                + "./adabin-hw generate ... --part ice40up5k");
        assertEquals(before, files(generated), "implement wrote into the generated directory");
        assertFalse(Files.exists(out), "implement created " + out);
    }

    @Test
    void aDescriptionWithoutAFamilyIsRejected() throws IOException {
        Path json = generated.resolve("accelerator.json");
        String text = Files.readString(json);
        String without = text.replaceFirst("\\s*\"family\"\\s*:\\s*\"xilinx-7\"\\s*,", "");
        assertTrue(without.length() < text.length() && !without.contains("\"family\""), without);
        Files.writeString(json, without);
        List<String> before = files(generated);
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "ice40hx8k");
        assertOneLineUserError(r, generated + " was generated without a \"family\"", "--part ice40hx8k");
        assertEquals(before, files(generated));
    }

    @Test
    void aDirectoryWithoutAcceleratorJsonIsRejected() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path out = dir.resolve("impl");
        MainTest.Result r = MainTest.run("implement", empty.toString(), "--part", "ice40up5k", "--out", out.toString());
        assertOneLineUserError(r, empty.toString(), "accelerator.json", "generate");
        assertFalse(Files.exists(out), "implement created " + out);
        assertEquals(List.of(), files(empty));
    }

    @Test
    void aMissingDirectoryIsRejected() {
        Path missing = dir.resolve("missing");
        MainTest.Result r = MainTest.run("implement", missing.toString(), "--part", "ice40hx8k");
        assertOneLineUserError(r, missing.toString(), "no such directory");
        assertFalse(Files.exists(missing));
    }

    @Test
    void aMalformedDescriptionIsRejectedNamingTheFile() throws IOException {
        Files.writeString(generated.resolve("accelerator.json"), "{\"format\": \"something else\"}");
        List<String> before = files(generated);
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "ice40up5k");
        assertOneLineUserError(r, "accelerator.json", "not an adabin-hw accelerator description");
        assertEquals(before, files(generated));
    }

    @Test
    void aNonPositiveFrequencyIsRejected() throws IOException {
        List<String> before = files(generated);
        MainTest.Result r = MainTest.run("implement", generated.toString(), "--part", "ice40up5k", "--freq", "0");
        assertOneLineUserError(r, "--freq", "got 0.0");
        assertEquals(before, files(generated));
    }

    @Test
    void helpListsThePartsAndTheWrapper() {
        MainTest.Result r = MainTest.run("implement", "--help");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("ice40up5k") && r.out().contains("ice40hx8k") && r.out().contains("--[no-]wrap")
                && r.out().contains("--freq") && r.out().contains("--seed"), r.out());
        assertTrue(MainTest.run("--help").out().contains("implement"), "implement is not a subcommand");
    }
}
