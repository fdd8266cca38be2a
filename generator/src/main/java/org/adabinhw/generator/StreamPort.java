package org.adabinhw.generator;

import java.util.regex.Pattern;

/**
 * One AXI-Stream port of a generated module. Its signals are {@code s_axis_<name>_tdata/tvalid/tready} for
 * an input and {@code m_axis_<name>_…} for an output ({@code s_axis_tdata} when the name is empty).
 *
 * @param name       the stream's name, a lower-case identifier or empty
 * @param input      true for a slave (input) port, false for a master (output) port
 * @param tdataWidth bits of TDATA, a positive multiple of 8
 * @param dataWidth  bits of TDATA that carry data (the rest is zero padding), 1..tdataWidth
 */
public record StreamPort(String name, boolean input, int tdataWidth, int dataWidth) {
    private static final Pattern NAME = Pattern.compile("([a-z][a-z0-9_]*)?");

    /** Validates the components. */
    public StreamPort {
        if (!NAME.matcher(name).matches()) {
            throw new GeneratorException("stream name '" + name + "' must be empty or a lower-case identifier");
        }
        if (tdataWidth < 8 || tdataWidth % 8 != 0 || dataWidth < 1 || dataWidth > tdataWidth) {
            throw new GeneratorException("stream " + name + ": TDATA width " + tdataWidth + " must be a positive multiple"
                    + " of 8 holding the data width " + dataWidth);
        }
    }

    /** An input port carrying {@code dataWidth} bits in a byte-aligned TDATA. */
    public static StreamPort in(String name, int dataWidth) {
        return new StreamPort(name, true, Lanes.byteAligned(dataWidth), dataWidth);
    }

    /** An output port carrying {@code dataWidth} bits in a byte-aligned TDATA. */
    public static StreamPort out(String name, int dataWidth) {
        return new StreamPort(name, false, Lanes.byteAligned(dataWidth), dataWidth);
    }

    /** The signal prefix, {@code s_axis_<name>} or {@code m_axis_<name>}. */
    public String prefix() {
        return (input ? "s_axis" : "m_axis") + (name.isEmpty() ? "" : "_" + name);
    }

    /** The TDATA signal name. */
    public String tdata() {
        return prefix() + "_tdata";
    }

    /** The TVALID signal name. */
    public String tvalid() {
        return prefix() + "_tvalid";
    }

    /** The TREADY signal name. */
    public String tready() {
        return prefix() + "_tready";
    }

    /** The most significant bit index of TDATA. */
    public int tdataMsb() {
        return tdataWidth - 1;
    }

    /** Zero padding bits at the top of TDATA. */
    public int paddingBits() {
        return tdataWidth - dataWidth;
    }
}
