package socialalign.models.safetensors;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import socialalign.engine.LowPrecision;
import socialalign.models.ModelFormatException;

/**
 * A safetensors file, memory-mapped: an 8-byte little-endian header length N, N bytes of JSON naming each
 * tensor's dtype, shape and {@code data_offsets}, then the raw little-endian data. Everything the header claims
 * is checked when the file is opened (length within {@link #MAX_HEADER_BYTES}, byte ranges inside the file and
 * matching dtype times shape), so a truncated or corrupt file fails here with one line naming file and tensor,
 * not later inside a kernel. The mapping lives until {@link #close}.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The limit of the reference implementation (the {@code safetensors} crate): 100 MB of header. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    private static final String METADATA = "__metadata__";

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final Map<String, TensorEntry> entries;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path file, Arena arena, MemorySegment data, Map<String, TensorEntry> entries,
                            Map<String, String> metadata) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Maps and checks {@code file}. */
    public static SafetensorsFile open(Path file) {
        if (!Files.isRegularFile(file)) throw new ModelFormatException(file, "no such file");
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < Long.BYTES) {
                throw new ModelFormatException(file, "truncated file: " + size + " bytes, less than the 8-byte header length");
            }
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLength = all.get(JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
                throw new ModelFormatException(file, "header length " + Long.toUnsignedString(headerLength)
                        + " bytes is over the limit of " + MAX_HEADER_BYTES + " (not a safetensors file?)");
            }
            if (Long.BYTES + headerLength > size) {
                throw new ModelFormatException(file, "truncated file: the header needs " + headerLength
                        + " bytes but only " + (size - Long.BYTES) + " follow its length");
            }
            String json = new String(all.asSlice(Long.BYTES, headerLength).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
            MemorySegment data = all.asSlice(Long.BYTES + headerLength);
            Header header = parseHeader(file, json, data.byteSize());
            return new SafetensorsFile(file, arena, data, header.entries, header.metadata);
        } catch (IOException e) {
            arena.close();
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private record Header(Map<String, TensorEntry> entries, Map<String, String> metadata) {}

    private static Header parseHeader(Path file, String json, long dataBytes) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JacksonException e) {
            throw new ModelFormatException(file, "header is not valid JSON: " + e.getOriginalMessage().replaceAll("\\R", " "));
        }
        if (root == null || !root.isObject()) throw new ModelFormatException(file, "header is not a JSON object");
        Map<String, TensorEntry> entries = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals(METADATA)) {
                field.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                entries.put(field.getKey(), entry(file, field.getKey(), field.getValue(), dataBytes));
            }
        }
        return new Header(Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata));
    }

    private static TensorEntry entry(Path file, String name, JsonNode node, long dataBytes) {
        String at = "tensor " + name + ": ";
        if (!node.isObject()) throw new ModelFormatException(file, at + "header entry is not an object");
        JsonNode dtypeNode = node.get("dtype"), shapeNode = node.get("shape"), offsetsNode = node.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw new ModelFormatException(file, at + "no dtype");
        DType dtype;
        try {
            dtype = DType.valueOf(dtypeNode.asText());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, at + "unknown dtype " + dtypeNode.asText());
        }
        if (shapeNode == null || !shapeNode.isArray()) throw new ModelFormatException(file, at + "no shape");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode s = shapeNode.get(i);
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.intValue() < 0) {
                throw new ModelFormatException(file, at + "shape " + shapeNode + " is not a list of sizes");
            }
            shape[i] = s.intValue();
        }
        if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2
                || !offsetsNode.get(0).canConvertToLong() || !offsetsNode.get(1).canConvertToLong()) {
            throw new ModelFormatException(file, at + "data_offsets must be [begin, end]");
        }
        long begin = offsetsNode.get(0).longValue(), end = offsetsNode.get(1).longValue();
        if (begin < 0 || end < begin) throw new ModelFormatException(file, at + "data_offsets " + offsetsNode + " are not a range");
        if (end > dataBytes) {
            throw new ModelFormatException(file, at + "data_offsets " + offsetsNode + " reach beyond the " + dataBytes
                    + " data bytes of the file (truncated file?)");
        }
        TensorEntry entry = new TensorEntry(name, dtype, shape, begin, end);
        long needed = entry.numel() * dtype.bytes();
        if (end - begin != needed) {
            throw new ModelFormatException(file, at + "data_offsets " + offsetsNode + " hold " + (end - begin)
                    + " bytes, but " + dtype + Arrays.toString(shape) + " needs " + needed);
        }
        return entry;
    }

    public Path path() {
        return file;
    }

    /** The tensors in header order. */
    public Map<String, TensorEntry> entries() {
        return entries;
    }

    /** The optional {@code __metadata__} string map. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The header entry of {@code name}, or a one-line error naming file and tensor. */
    public TensorEntry entry(String name) {
        TensorEntry e = entries.get(name);
        if (e == null) throw new ModelFormatException(file, "tensor " + name + " is missing");
        return e;
    }

    /** The raw little-endian bytes of a tensor, a view of the mapping (valid until {@link #close}). */
    public MemorySegment bytes(TensorEntry entry) {
        return data.asSlice(entry.begin(), entry.byteSize());
    }

    /** A floating-point tensor's elements widened to float32, row-major (exact for F16 and BF16). */
    public float[] readFloats(String name) {
        TensorEntry entry = entry(name);
        return widen(file, entry, bytes(entry));
    }

    /** Widens F32, F16 or BF16 bytes to float32; any other dtype is refused naming file and tensor. */
    static float[] widen(Path file, TensorEntry entry, MemorySegment bytes) {
        int n = Math.toIntExact(entry.numel());
        float[] out = new float[n];
        switch (entry.dtype()) {
            case F32 -> MemorySegment.copy(bytes, JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, out, 0, n);
            case F16, BF16 -> {
                short[] bits = new short[n];
                MemorySegment.copy(bytes, JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, bits, 0, n);
                if (entry.dtype() == DType.BF16) {
                    for (int i = 0; i < n; i++) out[i] = LowPrecision.bf16ToFloat(bits[i]);
                } else {
                    for (int i = 0; i < n; i++) out[i] = Float.float16ToFloat(bits[i]);
                }
            }
            default -> throw new ModelFormatException(file, "tensor " + entry.name() + ": dtype " + entry.dtype()
                    + " is not a weight type (F32, F16 or BF16)");
        }
        return out;
    }

    @Override
    public void close() {
        arena.close();
    }
}
