package org.adabinhw.cli;

import java.io.PrintWriter;

import org.adabinhw.golden.io.ModelFormatException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code adabin-hw} command line. */
@Command(name = "adabin-hw", mixinStandardHelpOptions = true, version = "adabin-hw 0.1.0",
        description = "Golden models, Verilog and verification for binary neural networks (AdaBin, SD-BNN, XNOR-Net).",
        subcommands = {DemoCommand.class, InferCommand.class, InspectCommand.class, GenerateCommand.class,
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
            cmd.getErr().println("internal error: " + t);
            t.printStackTrace(cmd.getErr());
            return 1;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** An error the user can fix; its message is printed without a stack trace. */
    static final class UserException extends RuntimeException {
        UserException(String message) {
            super(message);
        }
    }

}
