package org.adabinhw.generator.blocks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.adabinhw.generator.estimate.Family;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link MemoryStyle} against what Yosys 0.23 maps memories with {@code ram_style}/{@code rom_style} to. */
class MemoryStyleTest {
    /** Yosys 0.23, {@code synth_xilinx}, style "block": RAMB18 units, a RAMB36 counting 2. */
    @ParameterizedTest
    @CsvSource({"4, 4608, 1", "4, 4609, 2", "3, 6144, 1", "6, 3072, 1", "8, 2304, 2", "16, 1152, 2", "32, 576, 2",
        "12, 1536, 1", "12, 1537, 2", "5, 2048, 1", "5, 3686, 2", "8, 2048, 1", "8, 2049, 2", "16, 1024, 1", "16, 1025, 2",
        "66, 288, 2", "36, 512, 1", "72, 512, 2", "18, 1024, 1", "36, 1024, 2", "896, 134, 25", "256, 36, 8", "9, 2048, 1",
            "4, 4096, 1", "48, 512, 2", "48, 1024, 3", "100, 256, 3", "1000, 18, 28", "3, 8192, 2", "64, 64, 2",
            "20, 300, 1"})
    void xilinxBlockRamUnitsOfRomsEqualYosys(int width, int depth, long units) {
        assertEquals(units, MemoryStyle.bramUnits(width, depth, Family.XILINX_7, true), width + " bits x " + depth + " words");
    }

    /**
     * Yosys 0.23, {@code synth_xilinx}, a RAM (one write port, one registered read port) of style "block": the banks
     * of a deep RAM share a primitive only in whole 9-bit write-enable groups, where a ROM's pack bit by bit (4 × 4608:
     * one RAMB18 as a ROM, one RAMB36 as a RAM). The FIFOs of one 28- or 56-bit lane found it (calibration, 2026-12-06).
     */
    @ParameterizedTest
    @CsvSource({"4, 4608, 2", "3, 6144, 2", "12, 1536, 2", "6, 3072, 2", "8, 2304, 2", "28, 2303, 5", "56, 1343, 6",
            "28, 1599, 4", "28, 2623, 6", "896, 134, 25"})
    void xilinxBlockRamUnitsOfRamsEqualYosys(int width, int depth, long units) {
        assertEquals(units, MemoryStyle.bramUnits(width, depth, Family.XILINX_7, false), width + " bits x " + depth + " words");
    }

    /** The primitives Yosys 0.23 chose where the measurement says which. */
    @ParameterizedTest
    @CsvSource({"36, 512, 1 × RAMB18E1", "72, 512, 1 × RAMB36E1", "18, 1024, 1 × RAMB18E1", "36, 1024, 1 × RAMB36E1",
            "896, 134, 25 × RAMB18E1", "256, 36, 4 × RAMB36E1", "9, 2048, 1 × RAMB18E1", "4, 4096, 1 × RAMB18E1",
            "1000, 18, 14 × RAMB36E1", "3, 8192, 1 × RAMB36E1", "20, 300, 1 × RAMB18E1"})
    void xilinxPrimitiveEqualsYosys(int width, int depth, String primitive) {
        assertEquals(primitive, MemoryStyle.primitive(width, depth, Family.XILINX_7), width + " bits x " + depth + " words");
    }

    /** Yosys 0.23, {@code synth_ice40}, style "block": SB_RAM40_4K. */
    @ParameterizedTest
    @CsvSource({"896, 134, 56", "256, 36, 16", "48, 1024, 12", "100, 256, 7", "20, 300, 3", "3, 8192, 6"})
    void ice40BlockRamUnitsOfRomsEqualYosys(int width, int depth, long units) {
        assertEquals(units, MemoryStyle.bramUnits(width, depth, Family.ICE40, true), width + " bits x " + depth + " words");
        assertEquals(units + " × SB_RAM40_4K", MemoryStyle.primitive(width, depth, Family.ICE40, true));
    }

    /**
     * Yosys 0.23, {@code synth_ice40}, a RAM (one write port, one registered read port): 254 shapes, 1 to 64 bits by
     * 100 to 4,000 words, each synthesised alone (2026-12-06) from
     * {@code module m #(W, D, A) (...); reg [W-1:0] mem [0:D-1]; always @(posedge clk) begin if (we) mem[wa] <= wd;
     * rd <= mem[ra]; end endmodule}: the EBR count of every one (ice40-ram-ebr.csv).
     */
    @ParameterizedTest
    @CsvFileSource(resources = "ice40-ram-ebr.csv")
    void ice40BlockRamUnitsOfRamsEqualYosys(int width, int depth, long units) {
        assertEquals(units, MemoryStyle.bramUnits(width, depth, Family.ICE40, false), width + " bits x " + depth + " words");
    }

    @ParameterizedTest
    @CsvSource({"28, 1599, 14", "28, 2623, 21", "20, 300, 3", "48, 1024, 12", "100, 256, 7", "3, 8192, 6", "28, 2304, 16",
            "56, 1184, 18", "5, 576, 1"})
    void ice40BlockRamUnitsOfEarlierMeasurementsEqualYosys(int width, int depth, long units) {
        assertEquals(units, MemoryStyle.bramUnits(width, depth, Family.ICE40, false), width + " bits x " + depth + " words");
    }

    /** Yosys 0.23, {@code synth_xilinx}, style "distributed": 4 LUTs per RAM32M or RAM64M. */
    @ParameterizedTest
    @CsvSource({"2176, 1, 1088", "8, 8, 8", "36, 16, 24", "6, 32, 4", "257, 32, 172", "10, 33, 16", "3, 64, 4", "100, 64, 136",
            "10, 128, 32", "10, 256, 64", "10, 512, 128"})
    void lutramLutsEqualYosys(int width, int depth, long luts) {
        assertEquals(luts, MemoryStyle.lutramLuts(width, depth), width + " bits x " + depth + " words");
    }

    @Test
    void memoryWithoutParameterIsLogic() {
        Memory m = new Memory("shift_rom", "shift", 896, 134, true, true, null, 1);
        for (Family f : Family.values()) {
            assertEquals(MemoryStyle.LOGIC, MemoryStyle.of(List.of(m), f), f.id());
        }
        Memory big = Memory.rom("weight_rom", "weights", 896, 134, "WEIGHT_STYLE", null);
        assertEquals(MemoryStyle.LOGIC, MemoryStyle.of(List.of(big, m), Family.XILINX_7));
    }

    @Test
    void largeRomIsBlock() {
        assertEquals(MemoryStyle.BLOCK,
                MemoryStyle.of(List.of(Memory.rom("weight_rom", "weights", 896, 134, "WEIGHT_STYLE", null)), Family.XILINX_7));
    }

    @Test
    void smallRomIsLogic() {
        assertEquals(MemoryStyle.LOGIC,
                MemoryStyle.of(List.of(Memory.rom("weight_rom", "weights", 128, 36, "WEIGHT_STYLE", null)), Family.XILINX_7));
    }

    @Test
    void unblockableRamIsDistributedOnXilinxAndLogicOnIce40() {
        Memory window = new Memory("window", "window buffer", 257, 18, false, false, "WINDOW_STYLE", 1);
        assertEquals(MemoryStyle.DISTRIBUTED, MemoryStyle.of(List.of(window), Family.XILINX_7));
        assertEquals(MemoryStyle.LOGIC, MemoryStyle.of(List.of(window), Family.ICE40));
    }

    @Test
    void largeRamIsBlock() {
        assertEquals(MemoryStyle.BLOCK,
                MemoryStyle.of(List.of(Memory.ram("mem", "FIFO", 896, 134, "MEM_STYLE")), Family.XILINX_7));
    }

    @Test
    void attributeIsTheLowerCaseName() {
        assertEquals("logic", MemoryStyle.LOGIC.attribute());
        assertEquals("distributed", MemoryStyle.DISTRIBUTED.attribute());
        assertEquals("block", MemoryStyle.BLOCK.attribute());
    }
}
