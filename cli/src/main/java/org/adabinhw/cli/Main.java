package org.adabinhw.cli;

import java.io.PrintWriter;

import org.adabinhw.golden.io.ModelFormatException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code adabin-hw} command line. */
@Command(name = "adabin-hw", mixinStandardHelpOptions = true, version = "adabin-hw 0.1.0",
        description = "Golden models, Verilog and verification for binary neural networks (AdaBin, SD-BNN, XNOR-Net).",
        subcommands = {DemoCommand.class, InferCommand.class, InspectCommand.class, GenerateCommand.class, FoldCommand.class,
                VerifyCommand.class, SimulateCommand.class, EstimateCommand.class, ImplementCommand.class, CalibrateCommand.class,
                BenchSimulatorCommand.class})
public final class Main {
    /** Exit code of a user error (bad file, bad option value). */
    static final int USER_ERROR = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given output streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            Throwable t = e;
            if (t instanceof ModelFormatException || t instanceof UserException || t instanceof IllegalArgumentException
                    || t instanceof org.adabinhw.generator.GeneratorException
                    || t instanceof java.io.IOException) {
                String msg = t.getMessage();
                if (t instanceof java.nio.file.NoSuchFileException) {
                    msg = t.getMessage() + ": no such file";
                }
                cmd.getErr().println("error: " + msg);
                return USER_ERROR;
            }
            if (t instanceof org.adabinhw.testbench.ToolException) {
                cmd.getErr().println("error: " + toolFailure(t.getMessage()));
                return USER_ERROR;
            }
            // A bug of adabin-hw: the trace helps whoever fixes it; the code is a tool error's, not a failed check's.
            cmd.getErr().println("internal error: " + t);
            t.printStackTrace(cmd.getErr());
            return USER_ERROR;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * One line for a failed tool run (Verilator, Icarus, Yosys, nextpnr): what failed, and the tool's first error
     * line, which names the file and the cause. The message's first line is {@code "<what> failed (exit code N):
     * <command>"}, the tool's output follows.
     */
    static String toolFailure(String message) {
        String[] lines = message.split("\n");
        String head = lines[0];
        int cmd = head.indexOf("): ");
        if (cmd >= 0) {
            head = head.substring(0, cmd + 1);
        }
        for (String l : lines) {
            String t = l.strip();
            if (t.startsWith("%Error") || t.startsWith("ERROR") || t.toLowerCase(java.util.Locale.ROOT).contains(": error")
                    || t.startsWith("Error") || t.contains("syntax error")) {
                return head + ": " + t.replaceFirst("^%Error(-[A-Z]+)?: ", "");
            }
        }
        for (int i = lines.length - 1; i > 0; i--) {
            if (!lines[i].isBlank()) {
                return head + ": " + lines[i].strip();
            }
        }
        return head;
    }

    /** An error the user can fix; its message is printed without a stack trace. */
    static final class UserException extends RuntimeException {
        UserException(String message) {
            super(message);
        }
    }

}
