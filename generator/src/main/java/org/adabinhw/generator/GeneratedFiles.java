package org.adabinhw.generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A set of generated text files, written all or nothing.
 * <p>
 * {@link #writeTo(Path)} writes every file into a fresh temporary directory beside the target and then
 * moves it into place, so a failure leaves no partial output and an existing target unchanged. The target
 * also receives {@value #MANIFEST}, the sorted list of the files with their SHA-256; an existing target is
 * replaced only when it is empty or holds exactly the files its manifest lists (that is, earlier output),
 * never a directory with files of the user's. The same files give byte-identical output.
 */
public final class GeneratedFiles {
    /** The manifest written beside the files. */
    public static final String MANIFEST = ".adabin-hw-manifest";

    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*");

    private final Map<String, String> files = new LinkedHashMap<>();

    /** An empty set. */
    public GeneratedFiles() {
    }

    /**
     * Adds a file.
     *
     * @param path    relative path with {@code /} separators, letters, digits, {@code _ . -} only
     * @param content text, written as UTF-8
     * @return this
     * @throws GeneratorException when the path is not a plain relative path or was added before
     */
    public GeneratedFiles add(String path, String content) {
        if (!SAFE_PATH.matcher(path).matches() || path.equals(MANIFEST) || path.contains("..")) {
            throw new GeneratorException("generated file name '" + path
                    + "' is not a plain relative path (letters, digits, '_', '.', '-', '/' separators)");
        }
        if (files.putIfAbsent(path, content) != null) {
            throw new GeneratorException("generated file " + path + " is added twice");
        }
        return this;
    }

    /** Adds every file of another set. */
    public GeneratedFiles addAll(GeneratedFiles other) {
        other.files.forEach(this::add);
        return this;
    }

    /** The paths in the order they were added. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    /** The content of one file, or an exception naming the missing path. */
    public String content(String path) {
        String c = files.get(path);
        if (c == null) {
            throw new GeneratorException("no generated file " + path + "; have " + files.keySet());
        }
        return c;
    }

    /** The files by path, sorted. */
    public Map<String, String> asMap() {
        return Collections.unmodifiableMap(new TreeMap<>(files));
    }

    /** The manifest text: one line per file, sorted by path, {@code sha256  path}. */
    public String manifest() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
            sb.append(sha256(e.getValue().getBytes(StandardCharsets.UTF_8))).append("  ").append(e.getKey()).append('\n');
        }
        return sb.toString();
    }

    /** A SHA-256 over the manifest: equal for equal file sets. */
    public String hash() {
        return sha256(manifest().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes the files into {@code dir}, replacing earlier output there (see the class comment).
     *
     * @param dir the target directory; its parent is created if missing
     * @throws GeneratorException when {@code dir} holds files that are not earlier output, or on an I/O error
     *                            (the target is then as it was)
     */
    public void writeTo(Path dir) {
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        try {
            Files.createDirectories(parent);
            checkReplaceable(target);
            Path tmp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            try {
                for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
                    Path f = tmp.resolve(e.getKey());
                    Files.createDirectories(f.getParent());
                    Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
                }
                Files.writeString(tmp.resolve(MANIFEST), manifest(), StandardCharsets.UTF_8);
                replace(tmp, target);
            } finally {
                deleteRecursively(tmp);
            }
        } catch (IOException e) {
            throw new GeneratorException("cannot write generated files to " + target + ": " + e, e);
        }
    }

    private static void replace(Path tmp, Path target) throws IOException {
        if (!Files.exists(target)) {
            move(tmp, target);
            return;
        }
        Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(old);
        move(target, old);
        try {
            move(tmp, target);
        } catch (IOException e) {
            move(old, target);
            throw e;
        }
        deleteRecursively(old);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException | DirectoryNotEmptyException e) {
            throw new IOException("cannot move " + from + " to " + to + " atomically: " + e.getMessage(), e);
        }
    }

    private static void checkReplaceable(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new GeneratorException("output " + target + " exists and is not a directory");
        }
        Set<String> present = new java.util.TreeSet<>();
        try (Stream<Path> walk = Files.walk(target)) {
            walk.filter(Files::isRegularFile).forEach(p -> present.add(target.relativize(p).toString().replace('\\', '/')));
        }
        if (present.isEmpty()) {
            return;
        }
        Path manifest = target.resolve(MANIFEST);
        Set<String> listed = new java.util.TreeSet<>();
        if (Files.isRegularFile(manifest)) {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                int sep = line.indexOf("  ");
                if (sep > 0) {
                    listed.add(line.substring(sep + 2));
                }
            }
            listed.add(MANIFEST);
        }
        present.removeAll(listed);
        if (!present.isEmpty()) {
            List<String> some = new ArrayList<>(present).subList(0, Math.min(5, present.size()));
            throw new GeneratorException("output directory " + target + " holds files that adabin-hw did not write ("
                    + String.join(", ", some) + (present.size() > 5 ? ", ..." : "")
                    + "); choose an empty or new directory");
        }
    }

    /** Deletes a file or a directory tree; does nothing if it does not exist. */
    public static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + p, e);
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
