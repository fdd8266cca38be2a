package org.adabinhw.testbench;

import static org.adabinhw.testbench.RtlTestSupport.TARGET;
import static org.adabinhw.testbench.RtlTestSupport.assumeTools;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.adabinhw.generator.GeneratedFiles;
import org.adabinhw.generator.estimate.Family;
import org.adabinhw.testbench.LogicDepth.Delays;
import org.adabinhw.testbench.LogicDepth.Worst;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LogicDepth} on hand-written designs of known depth ({@code logic-depth/depth_cases.v}), after Yosys's
 * {@code synth_xilinx} and {@code synth_ice40}: the levels it counts and the delay it adds up from {@link Delays}.
 */
@Tag("rtl")
class LogicDepthIT {
    private static final Path DIR = TARGET.resolve("logic-depth");
    private static final String FILE = "depth_cases.v";
    private static final double EPS = 1e-9;

    @BeforeAll
    static void writeCases() throws IOException {
        GeneratedFiles.deleteRecursively(DIR);
        Files.createDirectories(DIR);
        try (InputStream in = LogicDepthIT.class.getResourceAsStream("/logic-depth/" + FILE)) {
            Files.copy(in, DIR.resolve(FILE));
        }
    }

    private static Worst depth(String top, Family f) {
        assumeTools(EdaTool.YOSYS);
        Worst w = LogicDepth.synthesise(DIR, List.of(FILE), top, f);
        System.out.println(top + " " + f.id() + ": " + w.summary() + "; " + w.route() + "; " + w.start() + " -> " + w.end());
        return w;
    }

    @Test
    void aWideAndTakesTwoLut8LevelsBetweenFlipFlops() {
        // Yosys maps the 64-input AND to two levels of 8-input functions: LUT6 pairs joined by MUXF7 and MUXF8 (three
        // levels of plain LUT6 would do too; the synthesis chose the slice's wide muxes).
        Worst w = depth("depth_and64", Family.XILINX_7);
        assertEquals("FDRE > LUT6 > MUXF7 > MUXF8 > LUT6 > MUXF7 > MUXF8 > FDRE", w.route());
        assertEquals(2, w.lutLevels(), w.route());
        assertEquals(4, w.muxLevels(), w.route());
        assertEquals(0, w.carryElements(), w.route());
        assertTrue(w.start().startsWith("FDRE Q of ") && w.end().startsWith("FDRE D of "), w.start() + " -> " + w.end());
        assertTrue(w.start().contains("(net r["), w.start());
        assertTrue(w.end().endsWith("(net y)"), w.end());
        // LUT6 to MUXF7 to MUXF8 is inside a slice: three nets of fan-out 1 (register to LUT, MUXF8 to LUT, MUXF8 to
        // register).
        Delays d = Delays.XILINX_7;
        assertEquals(d.clockToOut() + 3 * d.netBase() + 2 * (d.lut() + d.muxF7() + d.muxF8()) + d.setup(), w.delayNs(), EPS);
    }

    @Test
    void aThirtyTwoBitAdderIsOneLutAndEightCarry4() {
        Worst w = depth("depth_add32", Family.XILINX_7);
        assertEquals(1, w.lutLevels(), w.route());
        assertEquals(8, w.carryElements(), w.route());
        assertEquals("FDRE > LUT2 > CARRY4 x8 > FDRE", w.route());
        // The LUT feeds S of the first CARRY4 in its slice, the chain is dedicated: two nets only, the first of fan-out
        // 2 (the register drives the LUT and DI of the CARRY4).
        Delays d = Delays.XILINX_7;
        assertEquals(d.clockToOut() + d.net(2) + d.lut() + d.carryInToOut() + 6 * d.carryChain() + d.carryChainToSum()
                + d.net(1) + d.setup(), w.delayNs(), EPS);
    }

    @Test
    void aShiftRegisterHasNoLogicLevel() {
        Worst w = depth("depth_shift", Family.XILINX_7);
        assertEquals(0, w.lutLevels() + w.carryElements() + w.muxLevels() + w.otherLevels(), w.route());
        Delays d = Delays.XILINX_7;
        assertEquals(d.clockToOut() + d.netBase() + d.setup(), w.delayNs(), EPS);
    }

    @Test
    void aDspWithInputRegistersStartsThePathThroughItsMultiplier() {
        Worst w = depth("depth_mul_xor", Family.XILINX_7);
        assertEquals("DSP48E1 > LUT2 > FDRE", w.route());
        assertTrue(w.start().startsWith("DSP48E1 P of "), w.start());
        Delays d = Delays.XILINX_7;
        assertEquals(d.dspClockToOutAb() + d.net(1) + d.lut() + d.net(1) + d.setup(), w.delayNs(), EPS);
    }

    @Test
    void onIce40TheWideAndTakesThreeLut4LevelsAndTheAdderAChainOfSbCarry() {
        Worst and = depth("depth_and64", Family.ICE40);
        assertEquals("SB_DFF > SB_LUT4 x3 > SB_DFF", and.route());
        assertEquals(3, and.lutLevels(), and.route());
        assertEquals(0, and.carryElements(), and.route());
        Worst add = depth("depth_add32", Family.ICE40);
        assertEquals("SB_DFF > SB_CARRY x31 > SB_LUT4 > SB_DFF", add.route());
        assertTrue(add.start().contains("SB_DFF") && add.end().contains("SB_DFF"), add.start() + " -> " + add.end());
    }

    @Test
    void aMissingModuleIsAToolErrorThatNamesIt() {
        assumeTools(EdaTool.YOSYS);
        ToolException e = assertThrows(ToolException.class,
                () -> LogicDepth.synthesise(DIR, List.of(FILE), "no_such_module", Family.XILINX_7));
        assertTrue(e.getMessage().contains("no_such_module"), e.getMessage());
    }
}
