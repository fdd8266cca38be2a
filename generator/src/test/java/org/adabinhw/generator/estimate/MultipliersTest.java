package org.adabinhw.generator.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultipliersTest {
    /** Rows {@code a b DSP48E1 SB_MAC16} measured with Yosys 0.23. */
    private static final String TABLE = "yosys-multipliers.txt";

    private static List<int[]> table() throws IOException {
        List<int[]> rows = new ArrayList<>();
        try (InputStream in = MultipliersTest.class.getResourceAsStream(TABLE)) {
            assertNotNull(in, TABLE + " is missing");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            int n = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                String[] f = s.split("\\s+");
                assertEquals(4, f.length, TABLE + " line " + n + ": '" + line + "' is not 'a b dspXilinx7 dspIce40'");
                int[] row = new int[4];
                for (int i = 0; i < 4; i++) {
                    row[i] = Integer.parseInt(f[i]);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void tableHasEnoughRows() throws IOException {
        int rows = table().size();
        assertTrue(rows >= 100, TABLE + " has " + rows + " rows; expected at least 100");
    }

    @Test
    void dspCountsEqualYosys() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (int[] r : table()) {
            int x7 = Multipliers.dsp(r[0], r[1], Family.XILINX_7);
            int ice = Multipliers.dsp(r[0], r[1], Family.ICE40);
            if (x7 != r[2]) {
                wrong.add(r[0] + " x " + r[1] + " on xilinx-7: " + x7 + " DSP48E1, Yosys " + r[2]);
            }
            if (ice != r[3]) {
                wrong.add(r[0] + " x " + r[1] + " on ice40: " + ice + " SB_MAC16, Yosys " + r[3]);
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " differences from Yosys:\n" + String.join("\n", wrong));
    }

    @Test
    void ultraScalePlusDspCountsEqualYosys() throws IOException {
        String table = "yosys-multipliers-xcup.txt";
        try (InputStream in = MultipliersTest.class.getResourceAsStream(table)) {
            assertNotNull(in, table + " is missing");
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
            assertTrue(lines.size() >= 10, table + " has " + lines.size() + " rows");
            for (String l : lines) {
                String[] f = l.strip().split("\\s+");
                int a = Integer.parseInt(f[0]);
                int b = Integer.parseInt(f[1]);
                assertEquals(Integer.parseInt(f[2]), Multipliers.dsp(a, b, Family.XILINX_USP), a + " x " + b + " on xilinx-usp");
            }
        }
    }

    @Test
    void mulSplitCutsOnlyWhereItSavesDsps() {
        // 28 x 24: four DSP48E1 whole (mul2dsp cuts both operands), two cut at 17 bits of the first.
        assertEquals(4, Multipliers.dsp(28, 24, Family.XILINX_7));
        assertEquals(17, Multipliers.split(28, 24, Family.XILINX_7));
        assertEquals(2, Multipliers.dsp(new org.adabinhw.generator.blocks.BlockConfig.Multiplier(28, 24, 1, true), Family.XILINX_7));
        assertEquals(17, Multipliers.split(34, 24, Family.XILINX_USP));
        // One DSP already, or a second operand too wide for the wide port, or iCE40: no cut.
        assertEquals(0, Multipliers.split(24, 18, Family.XILINX_7));
        assertEquals(0, Multipliers.split(27, 12, Family.XILINX_7));
        assertEquals(0, Multipliers.split(28, 32, Family.XILINX_7));
        assertEquals(0, Multipliers.split(28, 24, Family.ICE40));
        assertEquals(4, Multipliers.dsp(new org.adabinhw.generator.blocks.BlockConfig.Multiplier(28, 24, 1, false), Family.XILINX_7));
    }

    @Test
    void symmetricInTheOperands() {
        for (Family f : Family.values()) {
            for (int a = 1; a <= 70; a++) {
                for (int b = 1; b <= a; b++) {
                    assertEquals(Multipliers.dsp(a, b, f), Multipliers.dsp(b, a, f), a + " x " + b + " on " + f.id());
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"0, 8", "8, 0", "-1, 8", "8, -3", "0, 0"})
    void rejectsWidthsBelowOne(int a, int b) {
        for (Family f : Family.values()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Multipliers.dsp(a, b, f));
            assertTrue(e.getMessage().contains(a + " x " + b), e.getMessage());
        }
    }
}
