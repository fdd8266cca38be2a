package org.adabinhw.generator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The generated RTL of one design: its top module, its AXI-Stream ports, and its files (static cores,
 * rendered wrappers, memory images). All files sit in one directory; memory images are named relative to
 * it, so tools run with that directory as their working directory.
 *
 * @param top     the top module's name
 * @param ports   the top's streams, inputs first, each direction in port order
 * @param sources the Verilog files in compile order (paths within {@link #files})
 * @param files   every file, Verilog and data
 */
public record RtlDesign(String top, List<StreamPort> ports, List<String> sources, GeneratedFiles files) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    /** Validates the components and copies the lists. */
    public RtlDesign {
        checkModuleName(top);
        ports = List.copyOf(ports);
        sources = List.copyOf(sources);
        for (String s : sources) {
            files.content(s);
        }
        boolean outputs = false;
        for (StreamPort p : ports) {
            if (p.input() && outputs) {
                throw new GeneratorException("design " + top + ": list input streams before output streams");
            }
            outputs |= !p.input();
        }
    }

    /**
     * Checks that a generated module's name is a lower-case Verilog identifier.
     *
     * @param name the name
     * @return the name
     * @throws GeneratorException naming the value otherwise
     */
    public static String checkModuleName(String name) {
        if (name == null || !IDENTIFIER.matcher(name).matches() || name.length() > 200) {
            throw new GeneratorException("module name '" + name + "' must be a lower-case Verilog identifier"
                    + " ([a-z][a-z0-9_]*, at most 200 characters)");
        }
        return name;
    }

    /** The input streams in port order. */
    public List<StreamPort> inputs() {
        return ports.stream().filter(StreamPort::input).toList();
    }

    /** The output streams in port order. */
    public List<StreamPort> outputs() {
        return ports.stream().filter(p -> !p.input()).toList();
    }

    /** The files that are not Verilog sources (memory images), in the order they were added. */
    public List<String> dataFiles() {
        List<String> data = new ArrayList<>(files.paths());
        data.removeAll(sources);
        return data;
    }

    /** The compile-order file list, one path per line relative to the design directory. */
    public String filelist() {
        return String.join("\n", sources) + "\n";
    }

    /** Writes every file and {@code filelist.f} into {@code dir}, all or nothing (see {@link GeneratedFiles}). */
    public void writeTo(Path dir) {
        new GeneratedFiles().addAll(files).add("filelist.f", filelist()).writeTo(dir);
    }
}
