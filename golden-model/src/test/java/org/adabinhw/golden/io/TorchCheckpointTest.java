package org.adabinhw.golden.io;

import static org.adabinhw.golden.io.IoTestSupport.float32;
import static org.adabinhw.golden.io.IoTestSupport.readZip;
import static org.adabinhw.golden.io.IoTestSupport.resource;
import static org.adabinhw.golden.io.IoTestSupport.shared;
import static org.adabinhw.golden.io.IoTestSupport.writeCheckpoint;
import static org.adabinhw.golden.io.IoTestSupport.writeZip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.adabinhw.golden.io.IoTestSupport.PickleBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchCheckpointTest {
    @TempDir
    Path tmp;

    private static void assertValues(NdArray a, String dtype, int[] shape, double... values) {
        assertEquals(dtype, a.dtype());
        assertArrayEquals(shape, a.shape());
        assertArrayEquals(values, a.data());
    }

    private static ModelFormatException assertRejected(Path file, String... fragments) {
        var e = assertThrows(ModelFormatException.class, () -> TorchCheckpoint.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void materialisesContiguousTransposedSlicedAndExpandedTensorsInCOrder() throws IOException {
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(resource("torch_bare.th"));
        assertValues(sd.get("base"), "float32", new int[] {3, 4}, 0, .5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5);
        assertValues(sd.get("transposed"), "float32", new int[] {4, 3}, 0, 2, 4, .5, 2.5, 4.5, 1, 3, 5, 1.5, 3.5, 5.5);
        double[] sliced = new double[9];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                sliced[r * 3 + c] = ((r + 1) * 6 + 2 * c) / 8.0;
            }
        }
        assertValues(sd.get("sliced"), "float64", new int[] {3, 3}, sliced);
        assertValues(sd.get("expanded"), "float32", new int[] {2, 3}, 1, 2, 3, 1, 2, 3);
    }

    @Test
    void decodesEveryStorageType() throws IOException {
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(resource("torch_bare.th"));
        assertValues(sd.get("int64"), "int64", new int[] {4}, -(double) (1L << 40), 0, 7, (double) (1L << 53));
        assertValues(sd.get("num_batches_tracked"), "int64", new int[0], 123);
        assertValues(sd.get("int32"), "int32", new int[] {2, 2}, -5, 6, Integer.MAX_VALUE, Integer.MIN_VALUE);
        assertValues(sd.get("int16"), "int16", new int[] {2}, -300, 300);
        assertValues(sd.get("int8"), "int8", new int[] {2}, -128, 127);
        assertValues(sd.get("uint8"), "uint8", new int[] {3}, 0, 1, 255);
        assertValues(sd.get("bool"), "bool", new int[] {3}, 1, 0, 1);
        assertValues(sd.get("float16"), "float16", new int[] {3}, .5, -2, 65504);
        assertValues(sd.get("bfloat16"), "bfloat16", new int[] {3}, 1.5, -3, 256);
        assertValues(sd.get("scalar"), "float32", new int[0], 3.25);
        assertValues(sd.get("empty"), "float32", new int[] {0, 3});
        assertEquals(List.of("base", "transposed", "sliced", "expanded", "int64", "num_batches_tracked", "int32",
                "int16", "int8", "uint8", "bool", "float16", "bfloat16", "scalar", "empty"), List.copyOf(sd.keySet()));
    }

    @Test
    void loadReturnsWrapperEntriesInFileOrderAsJavaValues() throws IOException {
        Map<String, Object> top = TorchCheckpoint.load(resource("torch_wrapper.th"));
        assertEquals(List.of("epoch", "arch", "state_dict", "best_prec1", "lr", "milestones", "betas", "flag",
                "nothing"), List.copyOf(top.keySet()));
        assertEquals(3, ((Number) top.get("epoch")).intValue());
        assertEquals("resnet20", top.get("arch"));
        assertEquals(0.1, top.get("lr"));
        assertEquals(List.of(100, 150), top.get("milestones"));
        assertEquals(List.of(0.9, 0.999), top.get("betas"));
        assertEquals(true, top.get("flag"));
        assertNull(top.get("nothing"));
        assertValues((NdArray) top.get("best_prec1"), "float32", new int[0], 91.5);
        Map<?, ?> sd = assertInstanceOf(Map.class, top.get("state_dict"));
        assertEquals("module.0.weight", sd.keySet().iterator().next());
    }

    @Test
    void readStateDictUnwrapsStateDictAndStripsModulePrefix() throws IOException {
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(resource("torch_wrapper.th"));
        assertEquals(List.of("0.weight", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked"), List.copyOf(sd.keySet()));
        NdArray w = sd.get("0.weight");
        assertArrayEquals(new int[] {3, 2, 3, 3}, w.shape());
        assertEquals((float) (53 / 10.0), w.get(2, 1, 2, 2));
        assertValues(sd.get("1.running_mean"), "float32", new int[] {3}, .25, -.5, 1);
        assertValues(sd.get("1.num_batches_tracked"), "int64", new int[0], 0);
    }

    @Test
    void readStateDictUnwrapsNestedModelEntryAndParameters() throws IOException {
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(resource("torch_nested.th"));
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(sd.keySet()));
        assertValues(sd.get("fc.weight"), "float32", new int[] {2, 3}, 1, 1, 1, 1, 1, 1);
        assertValues(sd.get("fc.bias"), "float32", new int[] {2}, -1, 1);
    }

    @Test
    void modulePrefixIsKeptUnlessEveryKeyHasIt() throws IOException {
        byte[] pickle = new PickleBuilder().op('}').op('(')
                .str("module.a").tensor("FloatStorage", "0", 1, 0, new int[0], new int[0])
                .str("b").tensor("FloatStorage", "0", 1, 0, new int[0], new int[0])
                .str("note").str("not a tensor")
                .op('u').build();
        Path file = writeCheckpoint(tmp.resolve("mixed.th"), pickle, Map.of("0", float32(2f)));
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(file);
        assertEquals(List.of("module.a", "b"), List.copyOf(sd.keySet()));
        assertValues(sd.get("b"), "float32", new int[0], 2);
    }

    @Test
    void rejectsRandomBytes() throws IOException {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        noise[0] = 0x11;
        Path file = Files.write(tmp.resolve("noise.th"), noise);
        assertRejected(file, "not a PyTorch zip checkpoint", "expected the zip signature");
        assertRejected(Files.write(tmp.resolve("empty.th"), new byte[0]), "file is empty");
    }

    @Test
    void rejectsTruncatedCopy() throws IOException {
        byte[] full = Files.readAllBytes(resource("torch_bare.th"));
        Path file = Files.write(tmp.resolve("half.th"), Arrays.copyOf(full, full.length / 2));
        assertRejected(file, "truncated or corrupt zip file");
    }

    @Test
    void rejectsLegacyFormats() throws IOException {
        assertRejected(resource("torch_legacy.th"), "legacy (non-zip) torch.save format");
        byte[] pickle = new PickleBuilder().op('}').str("w").global("torch.storage", "_load_from_bytes")
                .op('(').str("x").op('t').op('R').op('s').build();
        assertRejected(writeCheckpoint(tmp.resolve("bytes.th"), pickle, Map.of()), "torch.storage._load_from_bytes");
    }

    @Test
    void rejectsZipWithoutDataPkl() throws IOException {
        Path file = writeZip(tmp.resolve("nopkl.th"),
                Map.of("archive/version", "3\n".getBytes(StandardCharsets.US_ASCII)));
        var e = assertRejected(file);
        assertEquals(file + ": not a PyTorch zip checkpoint (no 'data.pkl' entry; is it a legacy torch.save "
                + "file or truncated?)", e.getMessage());
    }

    @Test
    void rejectsMissingStorageEntry() throws IOException {
        Map<String, byte[]> entries = readZip(resource("torch_nested.th"));
        entries.remove("torch_nested/data/1");
        Path file = writeZip(tmp.resolve("missing.th"), entries);
        assertRejected(file, "storage '1' of tensor 'model/state_dict/fc.bias' is missing",
                "no zip entry 'torch_nested/data/1'");
    }

    @Test
    void rejectsStorageShorterThanDeclared() throws IOException {
        Map<String, byte[]> entries = readZip(resource("torch_nested.th"));
        entries.put("torch_nested/data/0", Arrays.copyOf(entries.get("torch_nested/data/0"), 10));
        Path file = writeZip(tmp.resolve("short.th"), entries);
        assertRejected(file, "storage '0' of tensor 'model/state_dict/fc.weight' has 10 bytes but 6 float32 "
                + "elements (24 bytes) were declared");
    }

    @Test
    void rejectsCorruptedStorageBytes() throws IOException {
        byte[] bytes = Files.readAllBytes(resource("torch_nested.th"));
        byte[] bias = float32(-1, 1);
        int at = -1;
        for (int i = 0; i + bias.length <= bytes.length && at < 0; i++) {
            if (Arrays.equals(bytes, i, i + bias.length, bias, 0, bias.length)) {
                at = i;
            }
        }
        assertTrue(at > 0, "fc.bias bytes not found in fixture");
        bytes[at + 3] ^= 0x40;
        assertRejected(Files.write(tmp.resolve("flipped.th"), bytes),
                "corrupt zip file (CRC-32 mismatch in entry 'torch_nested/data/1')");
    }

    @Test
    void rejectsTensorReachingPastItsStorage() throws IOException {
        byte[] pickle = new PickleBuilder().op('}').str("w")
                .tensor("FloatStorage", "0", 4, 1, new int[] {2, 2}, new int[] {2, 1}).op('s').build();
        Path file = writeCheckpoint(tmp.resolve("strided.th"), pickle, Map.of("0", float32(1, 2, 3, 4)));
        assertRejected(file, "tensor 'w' with shape [2, 2], stride [2, 1] and storage offset 1 reads element 4 "
                + "of storage '0', which has only 4 float32 elements");
    }

    @Test
    void rejectsUnsupportedClassByName() throws IOException {
        byte[] pickle = new PickleBuilder().op('}').str("acc").global("numpy.core.multiarray", "scalar")
                .op(')').op('R').op('s').build();
        assertRejected(writeCheckpoint(tmp.resolve("numpy.th"), pickle, Map.of()),
                "unsupported Python class or function 'numpy.core.multiarray.scalar'");
    }

    @Test
    void rejectsNonDictTopLevelAndStateDictWithoutTensors() throws IOException {
        byte[] list = new PickleBuilder().op(']').build();
        assertRejected(writeCheckpoint(tmp.resolve("list.th"), list, Map.of()), "top-level object is a list");
        byte[] noTensors = new PickleBuilder().op('}').str("epoch").integer(3).op('s').build();
        Path file = writeCheckpoint(tmp.resolve("none.th"), noTensors, Map.of());
        var e = assertThrows(ModelFormatException.class, () -> TorchCheckpoint.readStateDict(file));
        assertTrue(e.getMessage().contains("no tensors found (keys: [epoch])"), e.getMessage());
    }

    @Test
    void rejectsBigEndianCheckpoint() throws IOException {
        Map<String, byte[]> entries = readZip(resource("torch_nested.th"));
        entries.put("torch_nested/byteorder", "big".getBytes(StandardCharsets.US_ASCII));
        assertRejected(writeZip(tmp.resolve("big.th"), entries), "'big' byte order");
    }

    @Test
    void readsOfficialAdaBinResNet20Checkpoint() throws IOException {
        Path file = shared("models/adabin-resnet20-cifar10-official.th");
        Map<String, Object> top = TorchCheckpoint.load(file);
        assertTrue(top.containsKey("best_prec1"), top.keySet().toString());
        Map<?, ?> raw = assertInstanceOf(Map.class, top.get("state_dict"));
        assertTrue(raw.containsKey("module.conv1.weight"));

        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(file);
        assertEquals(raw.size(), sd.size());
        NdArray conv1 = sd.get("conv1.weight");
        assertEquals("float32", conv1.dtype());
        assertArrayEquals(new int[] {16, 3, 3, 3}, conv1.shape());
        NdArray alpha = sd.get("layer1.0.conv1.binary_a.alpha_a");
        assertArrayEquals(new int[0], alpha.shape());
        assertEquals(1, alpha.size());
        NdArray tracked = sd.get("bn1.num_batches_tracked");
        assertEquals("int64", tracked.dtype());
        assertEquals(0, tracked.rank());
        sd.forEach((k, v) -> NdArray.checkFinite(file, k, v));
    }

    @Test
    void readsRandomResNet18Checkpoint() throws IOException {
        Path file = shared("reference/resnet18-cifar-random/model.th");
        Map<String, NdArray> sd = TorchCheckpoint.readStateDict(file);
        assertArrayEquals(new int[] {64, 3, 3, 3}, sd.get("conv1.weight").shape());
        assertTrue(sd.keySet().stream().noneMatch(k -> k.startsWith("module.")));
        long elements = sd.values().stream().mapToLong(NdArray::size).sum();
        assertTrue(elements > 11_000_000, "elements: " + elements);
        sd.forEach((k, v) -> NdArray.checkFinite(file, k, v));
    }
}
