package org.adabinhw.generator.accelerator;

import java.util.List;

import org.adabinhw.generator.StreamPort;
import org.adabinhw.generator.TemplateContext;

/**
 * The variables of {@code rtl/accelerator/accelerator_top.v.vm}: the top module of an accelerator.
 *
 * @param moduleName  the top's name
 * @param networkName the network's name, for the header
 * @param in          the pixel input ({@code s_axis})
 * @param inWire      the stream the input drives
 * @param out         the logit output ({@code m_axis}, plus {@code m_axis_tlast})
 * @param outWire     the stream that drives the output
 * @param classes     logits per image
 * @param wires       every stream between blocks
 * @param instances   every block instance
 * @param gates       stall gates of a verification build ({@link VerificationBuild}), none in the product RTL
 * @param taps        stream taps of a verification build ({@link VerificationBuild#taps}), none in the product RTL
 */
public record AcceleratorTop(String moduleName, String networkName, StreamPort in, String inWire, StreamPort out, String outWire,
                      int classes, List<WireDecl> wires, List<Instance> instances, List<Gate> gates, List<Tap> taps)
        implements TemplateContext {
    @Override
    public String template() {
        return "rtl/accelerator/accelerator_top.v.vm";
    }

    /** The last class index. */
    public int lastClass() {
        return classes - 1;
    }

    /**
     * One stream's signals.
     *
     * @param name       signal prefix
     * @param tdataWidth bits of TDATA
     */
    public record WireDecl(String name, int tdataWidth) {
        /** The most significant TDATA bit. */
        public int msb() {
            return tdataWidth - 1;
        }
    }

    /**
     * One block instance.
     *
     * @param module      the block's wrapper module
     * @param name        the instance name
     * @param connections its stream ports, in port order
     */
    public record Instance(String module, String name, List<Connection> connections) {
    }

    /**
     * A stall gate of a verification build: between the producer's side of a stream ({@code <wire>_*}) and the
     * consumer's ({@code <wire>_g_*}).
     *
     * @param instance   the gate's instance name
     * @param wire       the stream
     * @param tdataWidth bits of TDATA
     * @param seed       the gate's register after reset, 8 hex digits
     * @param rate       stalled cycles in 256
     */
    public record Gate(String instance, String wire, int tdataWidth, String seed, int rate) {
        /** The most significant TDATA bit. */
        public int msb() {
            return tdataWidth - 1;
        }
    }

    /**
     * A tap of a verification build: writes the beats that move on a stream (on its producer's side) to a file.
     *
     * @param instance   the tap's instance name
     * @param wire       the stream
     * @param tdataWidth bits of TDATA
     * @param file       the file, relative to the simulator's directory
     */
    public record Tap(String instance, String wire, int tdataWidth, String file) {
    }

    /**
     * One stream port of an instance.
     *
     * @param port the port's signal prefix ({@code s_axis_window}, …)
     * @param wire the stream connected to it
     */
    public record Connection(String port, String wire) {
    }
}
