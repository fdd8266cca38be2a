package org.adabinhw.testbench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One finished run of an external program: its exit code and its merged stdout and stderr.
 *
 * @param command  the command line
 * @param exitCode the exit code
 * @param output   stdout and stderr, interleaved
 * @param elapsed  wall-clock time
 */
public record ToolRun(List<String> command, int exitCode, String output, Duration elapsed) {
    /**
     * Runs a program to completion.
     *
     * @param command the command line
     * @param dir     the working directory
     * @param timeout the time limit; the process and its children are killed after it
     * @param log     a file that receives the output, or null
     * @return the finished run, whatever its exit code
     * @throws ToolException when the program cannot start or times out
     */
    public static ToolRun run(List<String> command, Path dir, Duration timeout, Path log) {
        long start = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ToolException("cannot start " + String.join(" ", command) + " in " + dir + ": " + e.getMessage(), e);
        }
        try {
            // Read the output on another thread so that a full pipe never blocks the program.
            StringBuilder out = new StringBuilder();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append("\n[output lost: ").append(e.getMessage()).append("]\n");
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                reader.join(Duration.ofSeconds(10));
                throw new ToolException(String.join(" ", command) + " in " + dir + " timed out after " + timeout.toSeconds()
                        + " s; output:\n" + tail(out.toString()));
            }
            reader.join();
            ToolRun r = new ToolRun(List.copyOf(command), p.exitValue(), out.toString(),
                    Duration.ofNanos(System.nanoTime() - start));
            if (log != null) {
                Files.writeString(log, "$ " + String.join(" ", command) + "\n" + r.output, StandardCharsets.UTF_8);
            }
            return r;
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ToolException("interrupted while running " + String.join(" ", command), e);
        } catch (IOException e) {
            throw new ToolException("cannot write " + log + ": " + e.getMessage(), e);
        }
    }

    /** Fails unless the exit code is 0, showing the output's tail. */
    public ToolRun requireSuccess(String what) {
        if (exitCode != 0) {
            throw new ToolException(what + " failed (exit code " + exitCode + "): " + String.join(" ", command)
                    + "\n" + tail(output));
        }
        return this;
    }

    /** The last 60 lines of a text. */
    static String tail(String text) {
        List<String> lines = text.lines().toList();
        int from = Math.max(0, lines.size() - 60);
        return (from > 0 ? "[... " + from + " lines]\n" : "") + String.join("\n", lines.subList(from, lines.size()));
    }
}
