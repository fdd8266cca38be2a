package org.adabinhw.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFilesTest {
    @TempDir
    Path tmp;

    private static GeneratedFiles sample() {
        return new GeneratedFiles().add("b.v", "module b;\nendmodule\n").add("a.memh", "00\n").add("sub/c.v", "// c\n");
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileAndAManifest() throws IOException {
        Path out = tmp.resolve("out");
        sample().writeTo(out);
        assertEquals("module b;\nendmodule\n", Files.readString(out.resolve("b.v")));
        assertEquals("// c\n", Files.readString(out.resolve("sub/c.v")));
        assertTrue(Files.readString(out.resolve(GeneratedFiles.MANIFEST)).contains("  sub/c.v\n"));
        assertEquals(List.of("out"), children(tmp), "no temporary directory is left");
    }

    @Test
    void theSameFilesGiveTheSameBytes() throws IOException {
        sample().writeTo(tmp.resolve("x"));
        sample().writeTo(tmp.resolve("y"));
        for (String f : List.of("a.memh", "b.v", "sub/c.v", GeneratedFiles.MANIFEST)) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("x").resolve(f)), Files.readAllBytes(tmp.resolve("y").resolve(f)), f);
        }
        assertEquals(sample().hash(), sample().hash());
    }

    @Test
    void replacesEarlierOutputCompletely() throws IOException {
        Path out = tmp.resolve("out");
        sample().writeTo(out);
        new GeneratedFiles().add("only.v", "x\n").writeTo(out);
        assertEquals(List.of("", GeneratedFiles.MANIFEST, "only.v"), listing(out));
    }

    @Test
    void refusesADirectoryWithFilesItDidNotWrite() throws IOException {
        Path out = tmp.resolve("out");
        sample().writeTo(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        GeneratorException e = assertThrows(GeneratorException.class, () -> sample().writeTo(out));
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWas() throws IOException {
        Path out = tmp.resolve("out");
        sample().writeTo(out);
        List<String> before = listing(out);
        // "x" as a file and as a directory: the second write fails half-way.
        GeneratedFiles broken = new GeneratedFiles().add("new.v", "n\n").add("x", "file\n").add("x/y.v", "y\n");
        assertThrows(GeneratorException.class, () -> broken.writeTo(out));
        assertEquals(before, listing(out));
        assertEquals(List.of("out"), children(tmp), "no temporary directory is left");
        assertFalse(Files.exists(out.resolve("new.v")));
    }

    @Test
    void rejectsUnsafeOrDuplicatePaths() {
        for (String bad : List.of("../x.v", "/abs.v", "a//b", "a b.v", "", GeneratedFiles.MANIFEST, "a/../b")) {
            assertThrows(GeneratorException.class, () -> new GeneratedFiles().add(bad, ""), bad);
        }
        GeneratorException e = assertThrows(GeneratorException.class, () -> new GeneratedFiles().add("a.v", "").add("a.v", ""));
        assertTrue(e.getMessage().contains("a.v"));
    }
}
