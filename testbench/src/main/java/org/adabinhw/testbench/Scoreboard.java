package org.adabinhw.testbench;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.adabinhw.simulator.Beat;
import org.adabinhw.simulator.RunTrace;

/** Compares run traces beat by beat and words every difference so that one can act on it. */
final class Scoreboard {
    private Scoreboard() {
    }

    /** The golden model's beats against the RTL's: values, counts, completion. */
    static List<String> golden(Map<String, List<BigInteger>> expected, RunTrace rtl, String simulator) {
        List<String> out = new ArrayList<>();
        if (rtl.timedOut()) {
            List<String> counts = new ArrayList<>();
            expected.forEach((name, beats) -> counts.add("output " + name + " has " + rtl.beats().get(name).size() + " of "
                    + beats.size() + " beats"));
            out.add("the RTL (" + simulator + ") timed out after " + rtl.cycles() + " cycles: " + String.join(", ", counts));
        }
        expected.forEach((name, beats) -> {
            List<Beat<BigInteger>> actual = rtl.beats().get(name);
            for (int i = 0; i < Math.max(beats.size(), actual.size()); i++) {
                if (i >= actual.size()) {
                    out.add("output " + name + " beat " + i + ": expected " + hex(beats.get(i)) + ", the RTL produced only "
                            + actual.size() + " beats");
                    break;
                }
                Beat<BigInteger> a = actual.get(i);
                if (i >= beats.size()) {
                    out.add("output " + name + " beat " + i + ": unexpected extra beat " + hex(a.data()) + " at cycle "
                            + a.cycle());
                } else if (!beats.get(i).equals(a.data())) {
                    out.add("output " + name + " beat " + i + ": expected " + hex(beats.get(i)) + ", actual "
                            + hex(a.data()) + " at cycle " + a.cycle());
                }
            }
        });
        return out;
    }

    /** The simulator's trace against the RTL's: every beat's value and cycle, every input's acceptance cycles. */
    static List<String> cycles(RunTrace model, RunTrace rtl) {
        List<String> out = new ArrayList<>();
        rtl.accepts().forEach((name, cycles) -> {
            List<Long> m = model.accepts().get(name);
            for (int i = 0; i < Math.max(cycles.size(), m.size()); i++) {
                String sim = i < m.size() ? "in cycle " + m.get(i) : "never";
                String hw = i < cycles.size() ? "in cycle " + cycles.get(i) : "never";
                if (!sim.equals(hw)) {
                    out.add("input " + name + " beat " + i + ": the simulator accepted it " + sim + ", the RTL " + hw);
                }
            }
        });
        rtl.beats().forEach((name, beats) -> {
            List<Beat<BigInteger>> m = model.beats().get(name);
            for (int i = 0; i < Math.max(beats.size(), m.size()); i++) {
                String sim = i < m.size() ? hex(m.get(i).data()) + " at cycle " + m.get(i).cycle() : "no beat";
                String hw = i < beats.size() ? hex(beats.get(i).data()) + " at cycle " + beats.get(i).cycle() : "no beat";
                if (!sim.equals(hw)) {
                    out.add("output " + name + " beat " + i + ": simulator " + sim + ", RTL " + hw);
                }
            }
        });
        if (model.cycles() != rtl.cycles() || model.timedOut() != rtl.timedOut()) {
            out.add("run: the simulator ran " + model.cycles() + " cycles" + (model.timedOut() ? " (timeout)" : "")
                    + ", the RTL " + rtl.cycles() + (rtl.timedOut() ? " (timeout)" : ""));
        }
        return out;
    }

    static String hex(BigInteger v) {
        return "0x" + v.toString(16);
    }
}
