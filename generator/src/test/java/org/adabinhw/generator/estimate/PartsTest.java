package org.adabinhw.generator.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PartsTest {
    private static final List<String> REQUIRED = List.of("xc7z020", "xczu3eg", "xczu7ev", "xcu250", "ice40up5k",
            "ice40hx8k");

    @ParameterizedTest
    @CsvSource({"xc7z020, xilinx-7", "xczu3eg, xilinx-usp", "xczu7ev, xilinx-usp", "xcu250, xilinx-usp",
            "ice40up5k, ice40", "ice40hx8k, ice40"})
    void requiredPartIsPresentWithItsFamily(String name, String family) {
        Part p = Parts.of(name);
        assertEquals(name, p.name());
        assertEquals(Family.of(family), p.family());
        assertEquals(p.family().lut6() ? 6 : 4, p.lutInputs());
        assertTrue(Parts.names().contains(name));
    }

    @ParameterizedTest
    @CsvSource({"xc7z020, 53200, 106400, 17400, 280, 0, 220", "xczu3eg, 70560, 141120, 28800, 432, 0, 360",
            "xczu7ev, 230400, 460800, 101760, 624, 96, 1728", "xcu250, 1728000, 3456000, 791040, 5376, 1280, 12288",
            "ice40up5k, 5280, 5280, 0, 30, 4, 8", "ice40hx8k, 7680, 7680, 0, 32, 0, 0"})
    void capacityIsTheDataSheetFigure(String name, long lut, long ff, long lutram, long bram, long uram, long dsp) {
        assertEquals(new Resources(lut, ff, lutram, bram, uram, dsp), Parts.of(name).capacity());
    }

    @Test
    void capacitiesArePositiveWhereTheyMustBe() {
        for (Part p : Parts.all()) {
            Resources c = p.capacity();
            assertTrue(c.lut() > 0 && c.ff() > 0 && c.bram() > 0, p.name());
            assertEquals(p.family().lut6(), c.lutram() > 0, p.name() + " lutram");
            assertTrue(c.lutram() < c.lut(), p.name() + " lutram is a subset of the LUTs");
            assertEquals(p.uram() != null, c.uram() > 0, p.name() + " uram");
            assertEquals(p.dsp() != null, c.dsp() > 0, p.name() + " dsp");
            assertTrue(p.typicalClockMhz() > 0, p.name());
            assertFalse(p.sources().isEmpty(), p.name());
            assertFalse(p.clockNote().isBlank(), p.name());
        }
        for (String name : List.of("xc7z020", "xczu3eg", "xczu7ev", "xcu250", "ice40up5k")) {
            assertTrue(Parts.of(name).capacity().dsp() > 0, name);
        }
        for (String name : List.of("xczu7ev", "xcu250", "ice40up5k")) {
            assertTrue(Parts.of(name).capacity().uram() > 0, name);
        }
    }

    @Test
    void primitivesMatchTheFamily() {
        assertEquals("RAMB18E1", Parts.of("xc7z020").bram().primitive());
        assertEquals(new Part.Dsp("DSP48E1", 25, 18, true), Parts.of("xc7z020").dsp());
        assertEquals(new Part.Dsp("DSP48E2", 27, 18, true), Parts.of("xczu7ev").dsp());
        assertEquals(new Part.Dsp("SB_MAC16", 16, 16, true), Parts.of("ice40up5k").dsp());
        assertEquals("URAM288", Parts.of("xcu250").uram().primitive());
        assertEquals(List.of(new Part.AspectRatio(16384, 16)), Parts.of("ice40up5k").uram().shapes());
        assertNull(Parts.of("xczu3eg").uram());
        assertNull(Parts.of("ice40hx8k").dsp());
    }

    @Test
    void ramBitsAreConsistentWithTheAspectRatios() {
        for (Part p : Parts.all()) {
            Part.BlockRam b = p.bram();
            assertTrue(b.dataBits() <= b.bits(), p.name());
            for (Part.AspectRatio a : b.shapes()) {
                assertTrue(a.bits() <= b.bits(), p.name() + " bram " + a + " holds " + a.bits() + " > " + b.bits());
                assertTrue(a.bits() >= b.dataBits(), p.name() + " bram " + a + " wastes data bits");
            }
            if (p.uram() != null) {
                for (Part.AspectRatio a : p.uram().shapes()) {
                    assertEquals(p.uram().bits(), a.bits(), p.name() + " uram " + a);
                }
            }
        }
        assertEquals(18432, Parts.of("xc7z020").bram().bits());
        assertEquals(4096, Parts.of("ice40hx8k").bram().bits());
    }

    @Test
    void unknownPartMessageListsTheKnownParts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parts.of("xyz"));
        assertTrue(e.getMessage().startsWith("unknown part 'xyz'; known parts: xc7z020, xczu3eg, "), e.getMessage());
        for (String name : REQUIRED) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void lookupIgnoresCase() {
        assertSame(Parts.of("xc7z020"), Parts.of("XC7Z020"));
        assertSame(Parts.of("ice40up5k"), Parts.of("iCE40UP5K"));
    }

    @Test
    void namesAreUniqueAndInFileOrder() {
        List<String> names = Parts.names();
        assertEquals(names.size(), names.stream().distinct().count());
        assertEquals(Parts.all().stream().map(Part::name).toList(), names);
        assertTrue(names.containsAll(REQUIRED));
    }

    @Test
    void theShippedFileParsesAsTheDatabase() throws IOException {
        assertEquals(Parts.all(), parse(root -> { }));
    }

    @Test
    void missingFieldNamesThePartAndTheField() {
        String m = reject(root -> ((ObjectNode) part(root, "xczu3eg").get("capacity")).remove("lut"));
        assertEquals("parts.json: part 'xczu3eg': field 'capacity.lut' is missing", m);
        m = reject(root -> ((ObjectNode) part(root, "ice40hx8k")).remove("clock_note"));
        assertEquals("parts.json: part 'ice40hx8k': field 'clock_note' is missing", m);
    }

    @Test
    void badFieldNamesThePartTheFieldAndTheLegalValues() {
        String m = reject(root -> part(root, "xc7z020").put("family", "xilinx-9"));
        assertEquals("parts.json: part 'xc7z020': field 'family' = 'xilinx-9' is illegal; legal: xilinx-7, "
                + "xilinx-usp, ice40", m);
        m = reject(root -> ((ObjectNode) part(root, "xcu250").get("capacity")).put("dsp", "many"));
        assertTrue(m.startsWith("parts.json: part 'xcu250': field 'capacity.dsp' = \"many\" is illegal"), m);
        m = reject(root -> part(root, "xczu7ev").put("colour", "red"));
        assertTrue(m.startsWith("parts.json: part 'xczu7ev': unknown field 'colour'; legal: name, family"), m);
        m = reject(root -> part(root, "ice40up5k").put("lut_inputs", 6));
        assertTrue(m.startsWith("parts.json: part 'ice40up5k': lutInputs = 6 is illegal; legal: 4"), m);
        m = reject(root -> ((ArrayNode) part(root, "ice40hx8k").get("bram").get("aspect_ratios")).add("512x16"));
        assertTrue(m.startsWith("parts.json: part 'ice40hx8k': bram.aspectRatios: 512x16 holds 8192 bits"), m);
        m = reject(root -> part(root, "xc7z020").putNull("dsp"));
        assertTrue(m.startsWith("parts.json: part 'xc7z020': dsp is null with capacity.dsp = 220"), m);
        m = reject(root -> ((ObjectNode) root).put("version", 2));
        assertEquals("parts.json: field 'version' = 2 is illegal; legal: 1", m);
    }

    private static ObjectNode part(JsonNode root, String name) {
        for (JsonNode p : root.get("parts")) {
            if (p.get("name").asText().equals(name)) {
                return (ObjectNode) p;
            }
        }
        throw new AssertionError("no part " + name);
    }

    /** Parses the shipped file after an edit. */
    private static List<Part> parse(Consumer<JsonNode> edit) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode root;
        try (InputStream in = Parts.class.getResourceAsStream(Parts.RESOURCE)) {
            assertNotNull(in, Parts.RESOURCE);
            root = mapper.readTree(in);
        }
        edit.accept(root);
        byte[] text = mapper.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        return Parts.parse(new ByteArrayInputStream(text), Parts.RESOURCE);
    }

    /** The message with which the edited file is rejected; always one line. */
    private static String reject(Consumer<JsonNode> edit) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parse(edit));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }
}
