package org.adabinhw.testbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.adabinhw.testbench.Ice40Implementation.Part;
import org.adabinhw.testbench.Ice40Implementation.Utilisation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading Yosys's and nextpnr's output, on excerpts of real runs (Yosys 0.23, nextpnr 0.4). */
class Ice40ReportsTest {
    @TempDir
    Path dir;

    @Test
    void statCellsAreTheLastStatisticsOfTheModule() throws IOException {
        String stat = """
                === impl_top ===

                   Number of wires:               2780
                   Number of cells:               %d
                     SB_CARRY                     1342
                     SB_DFFE                      %d
                     SB_DFFSR                      111
                     SB_LUT4                      %d
                     SB_RAM40_4K                     8

                """;
        Path log = dir.resolve("yosys.log");
        Files.writeString(log, stat.formatted(1, 2, 3) + "17.49. Executing CHECK pass\n\n18. Printing statistics.\n\n"
                + stat.formatted(8444, 1486, 5115) + "End of script.\n");
        Map<String, Long> cells = Ice40Reports.statCells(log, "impl_top");
        assertEquals(Map.of("SB_CARRY", 1342L, "SB_DFFE", 1486L, "SB_DFFSR", 111L, "SB_LUT4", 5115L, "SB_RAM40_4K", 8L), cells);
        Ice40Implementation.Synthesis s = new Ice40Implementation.Synthesis(cells, 10);
        assertEquals(1597, s.ff());
        assertEquals(5115, s.luts());
        assertEquals(8, s.ebr());
        assertThrows(ToolException.class, () -> Ice40Reports.statCells(log, "other"));
    }

    @Test
    void portBitsCountEveryBitOfTheModulesPorts() throws IOException {
        Path netlist = dir.resolve("n.json");
        Files.writeString(netlist, """
                {"creator": "Yosys 0.23", "modules": {
                  "sub": {"ports": {"a": {"direction": "input", "bits": [2, 3, 4]}}},
                  "top": {"attributes": {"top": "00000000000000000000000000000001"},
                          "ports": {"ap_clk": {"direction": "input", "bits": [2]},
                                    "d": {"direction": "output", "bits": [5, 6, "0"], "signed": 1}},
                          "cells": {"c": {"type": "SB_LUT4", "connections": {"I0": [2]}}}}}}
                """);
        assertEquals(4, Ice40Reports.portBits(netlist, "top"));
        assertEquals(3, Ice40Reports.portBits(netlist, "sub"));
        assertThrows(ToolException.class, () -> Ice40Reports.portBits(netlist, "missing"));
    }

    @Test
    void theLogsUtilisationCountsSbIoAgainstThePackage() {
        String log = """
                Info: Device utilisation:
                Info: \t         ICESTORM_LC:  6518/ 5280   123%
                Info: \t        ICESTORM_RAM:     8/   30    26%
                Info: \t               SB_IO:    10/   96    10%
                Info: \t               SB_GB:     6/    8    75%
                Info: \t        ICESTORM_DSP:     0/    8     0%
                Info: \t      ICESTORM_SPRAM:     0/    4     0%
                ERROR: Failed to expand region (0, 0) |_> (25, 31) of 6518 ICESTORM_LCs
                """;
        List<Utilisation> u = Ice40Reports.logUtilisation(log, Part.ICE40UP5K);
        assertEquals(List.of(new Utilisation("ICESTORM_LC", 6518, 5280), new Utilisation("ICESTORM_RAM", 8, 30),
                new Utilisation("ICESTORM_SPRAM", 0, 4), new Utilisation("ICESTORM_DSP", 0, 8), new Utilisation("SB_IO", 10, 39)), u);
        assertFalse(u.get(0).fits());
        assertTrue(u.get(4).fits());
    }

    @Test
    void theReportGivesTheFmaxOfApClkWhateverItsBuffersAreCalled() throws IOException {
        var report = new ObjectMapper().readTree("""
                {"fmax": {"other$glb_clk": {"achieved": 99.0, "constraint": 12},
                          "ap_clk$SB_IO_IN_$glb_clk": {"achieved": 15.15, "constraint": 12}},
                 "utilization": {"ICESTORM_LC": {"available": 7680, "used": 3860}, "SB_IO": {"available": 256, "used": 47}}}
                """);
        assertEquals(15.15, Ice40Reports.clockFmax(report, "ap_clk", dir).path("achieved").asDouble());
        assertThrows(ToolException.class, () -> Ice40Reports.clockFmax(report, "clk", dir));
        // HX8K: no SPRAM or DSP, and SB_IO against the ct256 package's 206 pins.
        assertEquals(List.of(new Utilisation("ICESTORM_LC", 3860, 7680), new Utilisation("ICESTORM_RAM", 0, 0),
                new Utilisation("ICESTORM_SPRAM", 0, 0), new Utilisation("ICESTORM_DSP", 0, 0), new Utilisation("SB_IO", 47, 206)),
                Ice40Reports.reportUtilisation(report, Part.ICE40HX8K));
    }

    @Test
    void theScarcestResourceIsNamedInOneLine() {
        Ice40Implementation.Synthesis s = new Ice40Implementation.Synthesis(Map.of("SB_LUT4", 22275L, "SB_RAM40_4K", 68L), 10);
        var r = new Ice40Implementation.DoesNotFit(Part.ICE40UP5K, "mnist", s, List.of(),
                new Utilisation("SB_LUT4", 22275, 5280), List.of());
        assertEquals("does not fit the iCE40UP5K (sg48): SB_LUT4 22275/5280 (422 %) is the scarcest resource", r.reason());
        var io = new Ice40Implementation.DoesNotFit(Part.ICE40UP5K, "t", s, List.of(), new Utilisation("I/O bits", 47, 39),
                List.of());
        assertTrue(io.reason().startsWith("does not fit: 47 I/O bits, the package has 39"), io.reason());
    }
}
