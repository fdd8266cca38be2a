package org.adabinhw.generator.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SynthesisCellsTest {
    /** The end of a {@code synth_xilinx} log: a first {@code stat}, a second one after more passes, then {@code ltp}. */
    private static final String XILINX_LOG = """
            3.48. Printing statistics.

            === binary_mvu_top ===

               Number of wires:                612
               Number of wire bits:           4120
               Number of public wires:         212
               Number of public wire bits:    2760
               Number of memories:               0
               Number of memory bits:            0
               Number of processes:              0
               Number of cells:                999
                 FDRE                          500
                 LUT6                          499

               Estimated number of LCs:        499

            3.49. Executing CHECK pass (checking for obvious problems).
            Found and reported 0 problems.

            4. Printing statistics.

            === binary_mvu_top ===

               Number of wires:                598
               Number of wire bits:           4011
               Number of public wires:         212
               Number of public wire bits:    2760
               Number of memories:               0
               Number of memory bits:            0
               Number of processes:              0
               Number of cells:                745
                 CARRY4                         24
                 DSP48E1                         4
                 FDRE                          301
                 FDSE                            7
                 GND                             1
                 INV                             5
                 LUT1                            3
                 LUT2                           41
                 LUT3                           52
                 LUT4                           37
                 LUT5                           60
                 LUT6                          188
                 MUXF7                          12
                 MUXF8                           2
                 RAM32M                          3
                 RAM64M                          2
                 RAMB18E1                        1
                 RAMB36E1                        2
                 VCC                             1

               Estimated number of LCs:        318

            5. Executing LTP pass (find longest path).
            Longest topological path in binary_mvu_top (length=17):
                wire clk
                cell $auto$ff.cc:266:slice$1234 (FDRE)
            """;

    /** The end of a {@code synth_ice40 -dsp} log. */
    private static final String ICE40_LOG = """
            2.50. Printing statistics.

            === impl_top ===

               Number of wires:               1828
               Number of wire bits:          11076
               Number of public wires:        1828
               Number of public wire bits:   11076
               Number of memories:               0
               Number of memory bits:            0
               Number of processes:              0
               Number of cells:               2000
                 SB_DFF                       1000
                 SB_LUT4                      1000

            3. Printing statistics.

            === impl_top ===

               Number of wires:               1828
               Number of wire bits:          11076
               Number of public wires:        1828
               Number of public wire bits:   11076
               Number of memories:               0
               Number of memory bits:            0
               Number of processes:              0
               Number of cells:               5469
                 SB_CARRY                     1168
                 SB_DFF                        154
                 SB_DFFE                      1056
                 SB_DFFESR                      83
                 SB_DFFSR                      109
                 SB_DFFSS                       13
                 SB_LUT4                      2880
                 SB_MAC16                        2
                 SB_RAM40_4K                     4

            4. Executing LTP pass (find longest path).
            Longest topological path in impl_top (length=17):

            End of script. Logfile hash: f35cf834d1, CPU: user 8.89s system 0.06s, MEM: 136.18 MB peak
            Yosys 0.23 (git sha1 7ce5011c24b)
            """;

    @Test
    void readsTheLastStatAndTheLongestPath() {
        SynthesisCells c = SynthesisCells.parse(XILINX_LOG);
        assertEquals(17, c.depth());
        assertEquals(19, c.cells().size(), c.cells().toString());
        assertEquals(301L, c.cells().get("FDRE"));
        assertEquals(188L, c.cells().get("LUT6"));
        assertEquals(5L, c.cells().get("INV"));
        assertEquals(1L, c.cells().get("VCC"));
    }

    @Test
    void xilinxResources() {
        Resources r = SynthesisCells.parse(XILINX_LOG).resources(Family.XILINX_7);
        long lut = 3 + 41 + 52 + 37 + 60 + 188;
        long ff = 301 + 7;
        long lutram = 4 * (3 + 2);
        long bram = 1 + 2 * 2;
        assertEquals(new Resources(lut, ff, lutram, bram, 0, 4), r);
    }

    @Test
    void ice40Resources() {
        SynthesisCells c = SynthesisCells.parse(ICE40_LOG);
        assertEquals(17, c.depth());
        assertEquals(new Resources(2880, 154 + 1056 + 83 + 109 + 13, 0, 4, 0, 2), c.resources(Family.ICE40));
    }

    @Test
    void withoutLtpTheDepthIsMinusOne() {
        String log = XILINX_LOG.substring(0, XILINX_LOG.indexOf("5. Executing LTP"));
        assertEquals(-1, SynthesisCells.parse(log).depth());
    }

    @Test
    void logWithoutStatIsRejected() {
        String log = """
                2.1. Executing Verilog-2005 frontend: binary_mvu.v
                ERROR: syntax error, unexpected TOK_ENDMODULE
                """;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SynthesisCells.parse(log));
        assertEquals("no 'Number of cells' in the Yosys log", e.getMessage());
    }
}
