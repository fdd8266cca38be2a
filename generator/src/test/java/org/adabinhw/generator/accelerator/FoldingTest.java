package org.adabinhw.generator.accelerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.adabinhw.generator.GeneratorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldingTest {
    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        Path p = dir.resolve("folding.json");
        Files.writeString(p, json);
        return p;
    }

    @Test
    void readsLayersInOrderAndWritesThemBack() throws IOException {
        Folding f = Folding.read(file("{\"layers\": {\"conv2\": {\"simd\": 16, \"pe\": 8}, \"fc\": {\"pe\": 2}}}"));
        assertEquals(new Folding.Layer(16, 8), f.of("conv2"));
        assertEquals(new Folding.Layer(0, 2), f.of("fc"));
        assertEquals(java.util.List.of("conv2", "fc"), java.util.List.copyOf(f.layers().keySet()));
        Map<String, Folding.Layer> m = new LinkedHashMap<>(f.layers());
        assertEquals(f, Folding.read(file(new Folding(m).toJson())));
    }

    @Test
    void malformedFilesNameTheFileLayerAndValue() throws IOException {
        Path p = file("{\"layers\": {\"conv2\": {\"simd\": 0}}}");
        GeneratorException e = assertThrows(GeneratorException.class, () -> Folding.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("conv2")
                && e.getMessage().contains("simd = 0"), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> Folding.read(file("{\"layers\": {\"c\": {\"lane\": 2}}}")));
        assertTrue(e.getMessage().contains("unknown key 'lane'") && e.getMessage().contains("simd, pe, lanes"), e.getMessage());
        assertEquals(new Folding.Layer(4, 8, 2), Folding.read(file("{\"layers\": {\"c\": {\"simd\": 4, \"pe\": 8, \"lanes\": 2}}}")).of("c"));
        e = assertThrows(GeneratorException.class, () -> Folding.read(file("[1, 2]")));
        assertTrue(e.getMessage().contains("{\"layers\""), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> Folding.read(file("{\"layers\": {}, \"extra\": 1}")));
        assertTrue(e.getMessage().contains("unknown key 'extra'"), e.getMessage());
        e = assertThrows(GeneratorException.class, () -> Folding.read(file("{\"layers\": ")));
        assertTrue(e.getMessage().contains("cannot read"), e.getMessage());
    }

    @Test
    void fifoDepthsAreReadAndWrittenBackAndCheckedNamingTheLayer() throws IOException {
        Folding f = Folding.read(file("{\"layers\": {\"conv2\": {\"simd\": 4}}, \"fifos\": {\"add3\": 25, \"add5\": 7}}"));
        assertEquals(25, f.fifo("add3"));
        assertEquals(null, f.fifo("add4"));
        assertEquals(f, Folding.read(file(f.toJson())));
        assertTrue(f.toJson().contains("\"fifos\""), f.toJson());
        assertTrue(!Folding.DEFAULT.toJson().contains("fifos"), "a plan without depths writes no \"fifos\"");
        GeneratorException e = assertThrows(GeneratorException.class,
                () -> Folding.read(file("{\"layers\": {}, \"fifos\": {\"add3\": -1}}")));
        assertTrue(e.getMessage().contains("add3") && e.getMessage().contains("-1") && e.getMessage().contains("folding.json"),
                e.getMessage());
        e = assertThrows(GeneratorException.class, () -> Folding.read(file("{\"layers\": {}, \"fifos\": [3]}")));
        assertTrue(e.getMessage().contains("\"fifos\" must be an object"), e.getMessage());
    }
}
