package org.adabinhw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.adabinhw.generator.Lanes;
import org.adabinhw.generator.blocks.StreamDwcConfig;
import org.junit.jupiter.api.Test;

class StreamDwcModelTest {
    /** The channel values of {@code pixels} pixels: channel c of pixel p is {@code (p·C + c) mod 2^w}. */
    private static int[] values(StreamDwcConfig c, int pixels) {
        int[] v = new int[pixels * c.channels()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i & ((1 << c.laneWidth()) - 1);
        }
        return v;
    }

    /** The value sequence folded by {@code lanes}: beat f carries values f·lanes … */
    private static List<BigInteger> fold(int[] v, int lanes, int width) {
        List<BigInteger> beats = new ArrayList<>();
        for (int f = 0; f < v.length / lanes; f++) {
            int[] l = new int[lanes];
            System.arraycopy(v, f * lanes, l, 0, lanes);
            beats.add(Lanes.pack(l, width));
        }
        return beats;
    }

    private static RunTrace run(List<StreamDwcConfig> chain, StallPattern pattern, int pixels) {
        StreamDwcConfig first = chain.get(0);
        StreamDwcConfig last = chain.get(chain.size() - 1);
        int[] v = values(first, pixels);
        SimulationRun run = new SimulationRun(pattern, 4, 100_000);
        Stream<BigInteger> s = run.input("x", fold(v, first.inLanes(), first.laneWidth()));
        List<Stream<BigInteger>> links = new ArrayList<>();
        for (int i = 1; i < chain.size(); i++) {
            links.add(run.stream("link" + i));
        }
        Stream<BigInteger> o = run.output("y", pixels * last.outBeatsPerPixel(), b -> b);
        for (int i = 0; i < chain.size(); i++) {
            run.add(new StreamDwcModel("dwc" + i, chain.get(i), i == 0 ? s : links.get(i - 1),
                    i == chain.size() - 1 ? o : links.get(i)));
        }
        return run.run();
    }

    @Test
    void regroupsTheLanesInChannelOrderUnderStalls() {
        for (StreamDwcConfig c : List.of(new StreamDwcConfig(12, 12, 3, 8), new StreamDwcConfig(12, 2, 6, 8),
                new StreamDwcConfig(48, 3, 48, 1), new StreamDwcConfig(16, 16, 1, 28))) {
            RunTrace t = run(List.of(c), StallPattern.random(3, 1, 1, 0.4, 0.4, 4000), 5);
            assertEquals(fold(values(c, 5), c.outLanes(), c.laneWidth()), t.beats().get("y").stream().map(Beat::data)
                    .toList(), c.toString());
        }
    }

    @Test
    void aChainThroughTheGcdConvertsOtherPairs() {
        List<StreamDwcConfig> chain = StreamDwcConfig.chain(48, 16, 3, 8);
        assertEquals(2, chain.size());
        RunTrace t = run(chain, StallPattern.random(5, 1, 1, 0.3, 0.3, 4000), 3);
        assertEquals(fold(values(chain.get(0), 3), 3, 8), t.beats().get("y").stream().map(Beat::data).toList());
    }

    @Test
    void downConversionEmitsABeatPerCycleAndUpConversionTakesOne() {
        StreamDwcConfig down = new StreamDwcConfig(6, 3, 1, 8);
        RunTrace d = run(List.of(down), StallPattern.none(1, 1), 2);
        assertEquals(List.of(0L, 3L, 6L, 9L), d.accepts().get("x"));
        assertEquals(List.of(2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L, 13L),
                d.beats().get("y").stream().map(Beat::cycle).toList());
        assertEquals(down.runLength(2), d.length());
        StreamDwcConfig up = new StreamDwcConfig(6, 1, 3, 8);
        RunTrace u = run(List.of(up), StallPattern.none(1, 1), 2);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), u.accepts().get("x"));
        assertEquals(List.of(3L, 6L, 9L, 12L), u.beats().get("y").stream().map(Beat::cycle).toList());
        assertEquals(up.runLength(2), u.length());
    }
}
