package org.adabinhw.golden.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Reads PyTorch checkpoints written by {@code torch.save} in the zip format (PyTorch 1.6 and
 * later), without Python.
 *
 * <p>Such a file is a zip holding {@code <prefix>/data.pkl} (a pickle of the saved object),
 * {@code <prefix>/data/<key>} (the raw little-endian bytes of each tensor storage) and
 * {@code <prefix>/version}. Tensors become {@link NdArray}s laid out in C order whatever their
 * strides, dicts become {@link LinkedHashMap}s in file order, lists become {@link List}s, tuples
 * unmodifiable {@link List}s, and numbers, strings, booleans and {@code None} their Java
 * counterparts. Other Python classes are rejected by name. Each storage is read once, after
 * unpickling, and released as soon as its tensors are built.
 */
public final class TorchCheckpoint {
    private static final byte[] LEGACY_MAGIC = HexFormat.of().parseHex("80028a0a6cfc9c46f9206aa85019");
    private static final Map<String, ElementType> STORAGE_TYPES = Map.of(
            "FloatStorage", ElementType.FLOAT32, "DoubleStorage", ElementType.FLOAT64,
            "HalfStorage", ElementType.FLOAT16, "BFloat16Storage", ElementType.BFLOAT16,
            "LongStorage", ElementType.INT64, "IntStorage", ElementType.INT32,
            "ShortStorage", ElementType.INT16, "CharStorage", ElementType.INT8,
            "ByteStorage", ElementType.UINT8, "BoolStorage", ElementType.BOOL);

    private TorchCheckpoint() {
    }

    /**
     * Returns the top-level object of a checkpoint, which must be a dict with string keys.
     *
     * @throws ModelFormatException if the file is not a zip checkpoint (or is a legacy one), is
     *     truncated or corrupt, or holds a Python class other than tensors and plain containers
     * @throws IOException if the file cannot be read
     */
    public static Map<String, Object> load(Path file) throws IOException {
        try (ZipFile zip = openZip(file)) {
            Object root = new Reader(file, zip).read();
            if (!(root instanceof Map<?, ?> map)) {
                throw ModelFormatException.at(file, "top-level object is a " + describe(root)
                        + ", expected a dict (a state dict or a checkpoint such as {'state_dict': ...})");
            }
            LinkedHashMap<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw ModelFormatException.at(file, "top-level key " + e.getKey() + " is a "
                            + describe(e.getKey()) + "; expected string keys");
                }
                out.put(key, e.getValue());
            }
            return out;
        }
    }

    /**
     * Returns the tensors of a state dict, in file order.
     *
     * <p>Accepts a bare state dict or a checkpoint that wraps it under {@code 'state_dict'} or
     * {@code 'model'} (up to two levels, e.g. {@code {'model': {'state_dict': ...}}}). Entries that
     * are not tensors are dropped; integer tensors such as {@code num_batches_tracked} are kept. If
     * every key starts with {@code module.} (as saved from {@code nn.DataParallel}) that prefix is
     * removed.
     *
     * @throws ModelFormatException as for {@link #load(Path)}, or if no tensors are found
     * @throws IOException if the file cannot be read
     */
    public static LinkedHashMap<String, NdArray> readStateDict(Path file) throws IOException {
        Map<?, ?> dict = load(file);
        for (int depth = 0; depth < 2; depth++) {
            if (dict.get("state_dict") instanceof Map<?, ?> inner) {
                dict = inner;
            } else if (dict.get("model") instanceof Map<?, ?> inner) {
                dict = inner;
            } else {
                break;
            }
        }
        LinkedHashMap<String, NdArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : dict.entrySet()) {
            if (e.getKey() instanceof String key && e.getValue() instanceof NdArray array) {
                tensors.put(key, array);
            }
        }
        if (tensors.isEmpty()) {
            List<String> keys = dict.keySet().stream().limit(10).map(String::valueOf).toList();
            throw ModelFormatException.at(file, "no tensors found (keys: " + keys + (dict.size() > 10
                    ? " ..." : "") + "); expected a state dict, or a checkpoint holding one under "
                    + "'state_dict' or 'model'");
        }
        if (tensors.keySet().stream().allMatch(k -> k.startsWith("module."))) {
            LinkedHashMap<String, NdArray> stripped = new LinkedHashMap<>();
            tensors.forEach((k, v) -> stripped.put(k.substring("module.".length()), v));
            return stripped;
        }
        return tensors;
    }

    private static ZipFile openZip(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        }
        if (head.length == 0) {
            throw ModelFormatException.at(file, "file is empty; expected a PyTorch zip checkpoint");
        }
        if (head.length >= LEGACY_MAGIC.length
                && Arrays.equals(head, 0, LEGACY_MAGIC.length, LEGACY_MAGIC, 0, LEGACY_MAGIC.length)) {
            throw ModelFormatException.at(file, "legacy (non-zip) torch.save format is not supported; "
                    + "re-save it with PyTorch 1.6 or later: torch.save(torch.load(f), f)");
        }
        if (head[0] == (byte) 0x80) {
            throw ModelFormatException.at(file, "plain Python pickle, not a PyTorch zip checkpoint; "
                    + "save the object with torch.save (PyTorch 1.6 or later)");
        }
        if (head.length < 4 || head[0] != 'P' || head[1] != 'K') {
            throw ModelFormatException.at(file, "not a PyTorch zip checkpoint (file starts with bytes "
                    + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(8, head.length))
                    + ", expected the zip signature 50 4b)");
        }
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw corruptZip(file, e);
        }
    }

    private static ModelFormatException corruptZip(Path file, ZipException e) {
        return ModelFormatException.at(file, "truncated or corrupt zip file (" + e.getMessage()
                + "); copy or download it again", e);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        } else if (o instanceof Map) {
            return "dict";
        } else if (o instanceof Object[]) {
            return "tuple";
        } else if (o instanceof List) {
            return "list";
        } else if (o instanceof String) {
            return "str";
        } else if (o instanceof NdArray || o instanceof TensorRef) {
            return "tensor";
        }
        return o instanceof Number || o instanceof Boolean ? o.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                : o.getClass().getName();
    }

    /** A storage named by a persistent id; its bytes are read only after unpickling. */
    private record Storage(String key, ElementType type, long numel) {
    }

    /** A storage type object such as {@code torch.FloatStorage} inside a persistent id. */
    private record StorageType(ElementType type) {
    }

    /** A tensor as described in the pickle, built into {@link #value} once its storage is read. */
    private static final class TensorRef {
        final Storage storage;
        final long offset;
        final long[] size;
        final long[] stride;
        NdArray value;

        TensorRef(Storage storage, long offset, long[] size, long[] stride) {
            this.storage = storage;
            this.offset = offset;
            this.size = size;
            this.stride = stride;
        }
    }

    /** Unpickles {@code data.pkl} with torch's classes and then materialises the tensors. */
    private static final class Reader extends Unpickler {
        private final Path file;
        private final ZipFile zip;
        private final Map<String, Storage> storages = new LinkedHashMap<>();
        private String prefix;

        Reader(Path file, ZipFile zip) {
            this.file = file;
            this.zip = zip;
        }

        Object read() throws IOException {
            ZipEntry pkl = findDataPkl();
            prefix = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            checkByteOrder();
            if (pkl.getSize() > Integer.MAX_VALUE - 8) {
                throw ModelFormatException.at(file, "'" + pkl.getName() + "' is too large (over 2 GB)");
            }
            byte[] pickle = readEntry(pkl, pkl.getSize() < 0 ? Integer.MAX_VALUE - 8 : (int) pkl.getSize());
            Object root;
            try {
                root = loads(pickle);
            } catch (ModelFormatException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                throw ModelFormatException.at(file, "cannot unpickle '" + pkl.getName() + "' (" + e
                        + "); the file is corrupt or was not written by torch.save", e);
            } finally {
                close();
            }
            return materialize(root);
        }

        /**
         * Reads up to {@code limit} bytes of an entry, verifying its CRC-32 when the whole entry is
         * read (torch stores entries uncompressed, so the zip layer would not notice corruption).
         */
        private byte[] readEntry(ZipEntry entry, int limit) throws IOException {
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(limit);
            } catch (ZipException e) {
                throw corruptZip(file, e);
            }
            if (bytes.length == entry.getSize() && entry.getCrc() != -1) {
                CRC32 crc = new CRC32();
                crc.update(bytes);
                if (crc.getValue() != entry.getCrc()) {
                    throw ModelFormatException.at(file, "corrupt zip file (CRC-32 mismatch in entry '"
                            + entry.getName() + "'); copy or download it again");
                }
            }
            return bytes;
        }

        private ZipEntry findDataPkl() {
            ZipEntry best = null;
            for (ZipEntry e : Collections.list(zip.entries())) {
                String n = e.getName();
                if ((n.equals("data.pkl") || n.endsWith("/data.pkl"))
                        && (best == null || n.length() < best.getName().length())) {
                    best = e;
                }
            }
            if (best == null) {
                throw ModelFormatException.at(file, "not a PyTorch zip checkpoint (no 'data.pkl' entry; "
                        + "is it a legacy torch.save file or truncated?)");
            }
            return best;
        }

        private void checkByteOrder() throws IOException {
            ZipEntry entry = zip.getEntry(prefix + "byteorder");
            if (entry != null) {
                try (InputStream in = zip.getInputStream(entry)) {
                    String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).strip();
                    if (!order.equals("little")) {
                        throw ModelFormatException.at(file, "storages are in '" + order + "' byte order; "
                                + "only little-endian checkpoints are supported (re-save on a "
                                + "little-endian machine)");
                    }
                }
            }
        }

        @Override
        protected Object dispatch(short key) throws IOException {
            switch (key) {
                case Opcodes.GLOBAL -> {
                    String module = PickleUtils.readline(input);
                    stack.add(resolve(module, PickleUtils.readline(input)));
                }
                case Opcodes.STACK_GLOBAL -> {
                    Object name = stack.pop();
                    stack.add(resolve(String.valueOf(stack.pop()), String.valueOf(name)));
                }
                case Opcodes.INST -> {
                    String module = PickleUtils.readline(input);
                    Object callable = resolve(module, PickleUtils.readline(input));
                    Object[] args = stack.pop_all_since_marker().toArray();
                    if (!(callable instanceof IObjectConstructor c)) {
                        throw ModelFormatException.at(file, "data.pkl instantiates " + module + " "
                                + callable + ", which is not a class");
                    }
                    stack.add(c.construct(args));
                }
                case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
                case Opcodes.DICT -> {
                    Map<Object, Object> dict = new LinkedHashMap<>();
                    putPairs(dict, stack.pop_all_since_marker());
                    stack.add(dict);
                }
                case Opcodes.SETITEMS -> {
                    List<Object> items = stack.pop_all_since_marker();
                    putPairs(asMap(stack.peek()), items);
                }
                case Opcodes.BUILD -> {
                    stack.pop();
                    // An OrderedDict's state is its __dict__ (a state dict's _metadata): not needed.
                    asMap(stack.peek());
                }
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        private Map<Object, Object> asMap(Object target) {
            if (target instanceof Map<?, ?>) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) target;
                return map;
            }
            throw ModelFormatException.at(file, "data.pkl sets items or state on a " + describe(target)
                    + "; only dicts support that here");
        }

        private static void putPairs(Map<Object, Object> dict, List<Object> items) {
            for (int i = 0; i + 1 < items.size(); i += 2) {
                dict.put(items.get(i), items.get(i + 1));
            }
        }

        private Object resolve(String module, String name) {
            String qualified = module + "." + name;
            switch (qualified) {
                case "collections.OrderedDict" -> {
                    return (IObjectConstructor) args -> orderedDict(args);
                }
                case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                    return (IObjectConstructor) this::rebuildTensor;
                }
                case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                    return (IObjectConstructor) args -> args[0];
                }
                case "torch.storage._load_from_bytes" -> throw ModelFormatException.at(file,
                        "holds a tensor in the legacy torch.save format (torch.storage._load_from_bytes); "
                                + "re-save the checkpoint with PyTorch 1.6 or later");
                default -> {
                    ElementType type = module.equals("torch") ? STORAGE_TYPES.get(name) : null;
                    if (type != null) {
                        return new StorageType(type);
                    }
                    throw ModelFormatException.at(file, "data.pkl uses the unsupported Python class or "
                            + "function '" + qualified + "'; only dicts, lists, tuples, numbers, strings "
                            + "and tensors can be read" + (module.startsWith("__torch__")
                                    ? " (this looks like a TorchScript archive from torch.jit.save)" : "")
                            + ": save a plain state dict with torch.save(model.state_dict(), f)");
                }
            }
        }

        private Map<Object, Object> orderedDict(Object[] args) {
            Map<Object, Object> dict = new LinkedHashMap<>();
            if (args.length > 0 && args[0] instanceof List<?> pairs) {
                for (Object p : pairs) {
                    Object[] pair = tuple(p, "OrderedDict item");
                    dict.put(pair[0], pair[1]);
                }
            }
            return dict;
        }

        @Override
        protected Object persistentLoad(Object pid) {
            if (!(pid instanceof Object[] t) || t.length != 5 || !"storage".equals(t[0])
                    || !(t[1] instanceof StorageType type) || !(t[4] instanceof Number numel)
                    || numel.longValue() < 0) {
                throw ModelFormatException.at(file, "unsupported storage reference " + show(pid)
                        + " in data.pkl; expected ('storage', torch.<Type>Storage, key, location, numel)"
                        + " with one of the storage types " + new TreeSet<>(STORAGE_TYPES.keySet()));
            }
            String key = String.valueOf(t[2]);
            Storage storage = storages.computeIfAbsent(key, k -> new Storage(k, type.type(), numel.longValue()));
            if (storage.type() != type.type()) {
                throw ModelFormatException.at(file, "storage '" + key + "' is referenced both as "
                        + storage.type().numpyName + " and as " + type.type().numpyName);
            }
            return storage;
        }

        private Object rebuildTensor(Object[] args) {
            if (args.length < 4 || !(args[0] instanceof Storage storage) || !(args[1] instanceof Number offset)) {
                throw ModelFormatException.at(file, "malformed tensor record " + show(args) + " in data.pkl; "
                        + "expected (storage, storage_offset, size, stride, ...)");
            }
            return new TensorRef(storage, offset.longValue(), longs(args[2], "size"), longs(args[3], "stride"));
        }

        private long[] longs(Object o, String what) {
            Object[] items = tuple(o, "tensor " + what);
            long[] out = new long[items.length];
            for (int i = 0; i < items.length; i++) {
                if (!(items[i] instanceof Number n)) {
                    throw ModelFormatException.at(file, "tensor " + what + " " + show(o)
                            + " in data.pkl must hold integers");
                }
                out[i] = n.longValue();
            }
            return out;
        }

        private Object[] tuple(Object o, String what) {
            if (o instanceof Object[] a) {
                return a;
            } else if (o instanceof List<?> l) {
                return l.toArray();
            }
            throw ModelFormatException.at(file, what + " in data.pkl must be a tuple, found " + describe(o));
        }

        private static String show(Object o) {
            return o instanceof Object[] a ? Arrays.deepToString(a).replace('[', '(').replace(']', ')')
                    : String.valueOf(o);
        }

        /** Reads each referenced storage once, builds its tensors, and swaps them into the tree. */
        private Object materialize(Object root) throws IOException {
            Map<TensorRef, String> names = new LinkedHashMap<>();
            collect(root, null, names, Collections.newSetFromMap(new IdentityHashMap<>()));
            Map<Storage, List<TensorRef>> byStorage = new LinkedHashMap<>();
            for (TensorRef ref : names.keySet()) {
                byStorage.computeIfAbsent(ref.storage, s -> new ArrayList<>()).add(ref);
            }
            for (Map.Entry<Storage, List<TensorRef>> e : byStorage.entrySet()) {
                ByteBuffer bytes = readStorage(e.getKey(), names.get(e.getValue().get(0)));
                for (TensorRef ref : e.getValue()) {
                    ref.value = build(ref, bytes, names.get(ref));
                }
            }
            return replace(root, new IdentityHashMap<>());
        }

        private static void collect(Object o, String path, Map<TensorRef, String> names, Set<Object> seen) {
            if (o instanceof TensorRef ref) {
                names.putIfAbsent(ref, path == null ? "<top level>" : path);
            } else if (o instanceof Map<?, ?> map && seen.add(o)) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    String key = String.valueOf(e.getKey());
                    collect(e.getValue(), path == null ? key : path + "/" + key, names, seen);
                }
            } else if ((o instanceof List<?> || o instanceof Object[]) && seen.add(o)) {
                List<?> list = o instanceof Object[] a ? Arrays.asList(a) : (List<?>) o;
                for (int i = 0; i < list.size(); i++) {
                    collect(list.get(i), (path == null ? "" : path) + "[" + i + "]", names, seen);
                }
            }
        }

        private static Object replace(Object o, Map<Object, Object> done) {
            if (o instanceof TensorRef ref) {
                return ref.value;
            }
            if (!(o instanceof Map || o instanceof List || o instanceof Object[]) || done.containsKey(o)) {
                return done.getOrDefault(o, o);
            }
            if (o instanceof Object[] array) {
                List<Object> tuple = Collections.unmodifiableList(Arrays.asList(array));
                done.put(o, tuple);
                for (int i = 0; i < array.length; i++) {
                    array[i] = replace(array[i], done);
                }
                return tuple;
            }
            done.put(o, o);
            if (o instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) map;
                m.replaceAll((k, v) -> replace(v, done));
            } else {
                @SuppressWarnings("unchecked")
                List<Object> list = (List<Object>) o;
                list.replaceAll(v -> replace(v, done));
            }
            return o;
        }

        private ByteBuffer readStorage(Storage s, String tensor) throws IOException {
            String entryName = prefix + "data/" + s.key();
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw ModelFormatException.at(file, "storage '" + s.key() + "' of tensor '" + tensor
                        + "' is missing (no zip entry '" + entryName + "'); the file is incomplete or corrupt");
            }
            if (s.numel() > (Integer.MAX_VALUE - 8) / s.type().size) {
                throw ModelFormatException.at(file, "storage '" + s.key() + "' of tensor '" + tensor
                        + "' declares " + s.numel() + " elements, too many to read (over 2 GB)");
            }
            int needed = (int) s.numel() * s.type().size;
            byte[] bytes = readEntry(entry, needed);
            if (bytes.length < needed) {
                throw ModelFormatException.at(file, "storage '" + s.key() + "' of tensor '" + tensor
                        + "' has " + bytes.length + " bytes but " + s.numel() + " " + s.type().numpyName
                        + " elements (" + needed + " bytes) were declared; the file is truncated or corrupt");
            }
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        private NdArray build(TensorRef ref, ByteBuffer bytes, String name) {
            Storage s = ref.storage;
            String layout = "shape " + Arrays.toString(ref.size) + ", stride " + Arrays.toString(ref.stride)
                    + " and storage offset " + ref.offset;
            if (ref.stride.length != ref.size.length || Arrays.stream(ref.size).anyMatch(d -> d < 0)
                    || Arrays.stream(ref.stride).anyMatch(d -> d < 0) || ref.offset < 0) {
                throw ModelFormatException.at(file, "tensor '" + name + "' has invalid " + layout
                        + "; sizes, strides and offset must be non-negative with one stride per dimension");
            }
            long count = 1;
            for (long d : ref.size) {
                count = Math.min(count * Math.min(d, Integer.MAX_VALUE), Integer.MAX_VALUE);
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw ModelFormatException.at(file, "tensor '" + name + "' with " + layout
                        + " is too large to read (over 2^31 elements)");
            }
            if (count > 0) {
                long last = ref.offset;
                try {
                    for (int i = 0; i < ref.size.length; i++) {
                        last = Math.addExact(last, Math.multiplyExact(ref.size[i] - 1, ref.stride[i]));
                    }
                } catch (ArithmeticException e) {
                    last = Long.MAX_VALUE;
                }
                if (last >= s.numel()) {
                    throw ModelFormatException.at(file, "tensor '" + name + "' with " + layout
                            + " reads element " + last + " of storage '" + s.key() + "', which has only "
                            + s.numel() + " " + s.type().numpyName + " elements; the file is corrupt");
                }
            }
            int rank = ref.size.length;
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = (int) ref.size[i];
            }
            double[] data = new double[(int) count];
            ElementType type = s.type();
            int[] index = new int[rank];
            long pos = ref.offset;
            for (int i = 0; i < data.length; i++) {
                data[i] = type.get(bytes, (int) (pos * type.size));
                for (int d = rank - 1; d >= 0; d--) {
                    if (++index[d] < shape[d]) {
                        pos += ref.stride[d];
                        break;
                    }
                    pos -= ref.stride[d] * (shape[d] - 1);
                    index[d] = 0;
                }
            }
            return new NdArray(shape, data, type.numpyName);
        }
    }
}
