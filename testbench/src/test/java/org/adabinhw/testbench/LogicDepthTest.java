package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.adabinhw.generator.estimate.Family;
import org.adabinhw.testbench.LogicDepth.Delays;
import org.adabinhw.testbench.LogicDepth.Worst;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogicDepth} on small netlists written by hand in Yosys's JSON form, and its delay tables. */
class LogicDepthTest {
    @TempDir
    Path dir;

    /** A module {@code m} with a clock and the given cells, as {@code write_json} writes it. */
    private Path netlist(String cells) throws IOException {
        Path p = dir.resolve("n.json");
        Files.writeString(p, """
                {"modules": {"m": {
                  "ports": {"clk": {"direction": "input", "bits": [2]}},
                  "cells": {%s},
                  "netnames": {"q": {"hide_name": 0, "bits": [10]}, "y": {"hide_name": 0, "bits": [13]}}}}}
                """.formatted(cells));
        return p;
    }

    private static String ff(String name, int d, int q) {
        return """
                "%s": {"type": "FDRE", "port_directions": {"C": "input", "CE": "input", "R": "input", "D": "input", "Q": "output"},
                       "connections": {"C": [2], "CE": ["1"], "R": ["0"], "D": [%d], "Q": [%d]}}""".formatted(name, d, q);
    }

    private static String lut(String name, int in, int out) {
        return """
                "%s": {"type": "LUT1", "port_directions": {"I0": "input", "O": "output"},
                       "connections": {"I0": [%d], "O": [%d]}}""".formatted(name, in, out);
    }

    @Test
    void twoLutsBetweenTwoRegisters() throws IOException {
        Path n = netlist(String.join(",", ff("a", 13, 10), lut("l1", 10, 11), lut("l2", 11, 12), ff("b", 12, 13)));
        Worst w = LogicDepth.of(n, "m", Delays.XILINX_7);
        assertEquals("FDRE > LUT1 x2 > FDRE", w.route());
        assertEquals(2, w.lutLevels());
        Delays d = Delays.XILINX_7;
        assertEquals(d.clockToOut() + 3 * d.netBase() + 2 * d.lut() + d.setup(), w.delayNs(), 1e-12);
        assertEquals("FDRE Q of a (net q)", w.start());
        assertEquals("FDRE D of b (net y)", w.end());
    }

    @Test
    void aCombinationalLoopIsAToolErrorNamingACell() throws IOException {
        Path n = netlist(String.join(",", lut("l1", 12, 11), lut("l2", 11, 12)));
        ToolException e = assertThrows(ToolException.class, () -> LogicDepth.of(n, "m", Delays.XILINX_7));
        assertTrue(e.getMessage().startsWith("a combinational loop in the netlist, through l"), e.getMessage());
    }

    @Test
    void aMissingModuleIsNamed() throws IOException {
        Path n = netlist("");
        ToolException e = assertThrows(ToolException.class, () -> LogicDepth.of(n, "top", Delays.XILINX_7));
        assertEquals(n + " has no module top", e.getMessage());
    }

    @Test
    void ultraScalePlusIsTheSevenSeriesScaled() {
        Delays x = Delays.XILINX_7;
        Delays u = Delays.XILINX_USP;
        assertEquals(0.6 * x.lut(), u.lut(), 1e-12);
        assertEquals(0.6 * x.netBase(), u.netBase(), 1e-12);
        assertEquals(0.6 * x.dspCascade(), u.dspCascade(), 1e-12);
        assertEquals("xilinx-usp -1", u.name());
        for (Family f : Family.values()) {
            assertTrue(Delays.of(f).clockToOut() > 0 && Delays.of(f).lut() > 0 && !Delays.of(f).source().isBlank(), f.id());
        }
    }
}
