package socialalign.models.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.engine.LowPrecision;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.ModelFormatException;

/** Reading, writing, and one-line errors on broken files, each naming the file and the tensor. */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    private static final WeightPlacement HEAP = WeightPlacement.widenedTo(new CpuBackend(1));

    @Test
    void writtenTensorsReadBackExactlyWithMetadata() throws IOException {
        Path file = dir.resolve("out.safetensors");
        float[] a = {1.5f, -2.25f, Float.MIN_VALUE, 3e38f, 0f, -0f};
        SafetensorsWriter.writeF32(file, List.of(new SafetensorsWriter.Named("a", new int[] {2, 3}, a),
                new SafetensorsWriter.Named("loss", new int[0], new float[] {0.125f})), Map.of("ids", "[1,2]"));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of("a", "loss"), List.copyOf(f.entries().keySet()));
            assertArrayEquals(a, f.readFloats("a"));
            assertArrayEquals(new int[0], f.entry("loss").shape());
            assertArrayEquals(new float[] {0.125f}, f.readFloats("loss"));
            assertEquals("[1,2]", f.metadata().get("ids"));
        }
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the header is padded so the data stays 8-byte aligned");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void bf16AndF16WidenExactly() throws IOException {
        float[] values = {1f, -0.5f, 3.140625f, 65504f};
        ByteBuffer bf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer f16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            bf.putShort(LowPrecision.floatToBf16(v));
            f16.putShort(Float.floatToFloat16(v));
        }
        Path file = write("w.safetensors", "{\"b\":{\"dtype\":\"BF16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[8,16]}}", concat(bf.array(), f16.array()));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertArrayEquals(new float[] {1f, -0.5f, 3.140625f, 65536f}, f.readFloats("b")); // 65504 rounds to 2^16 in bf16
            assertArrayEquals(values, f.readFloats("h"));
        }
    }

    @Test
    void truncatedDataNamesFileAndTensor() throws IOException {
        Path file = write("t.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", new byte[12]);
        assertOneLine(file + ": tensor w: data_offsets [0,16] reach beyond the 12 data bytes of the file (truncated file?)",
                () -> SafetensorsFile.open(file));
    }

    @Test
    void truncatedHeader() throws IOException {
        Path file = dir.resolve("h.safetensors");
        byte[] whole = bytes("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        Files.write(file, Arrays.copyOf(whole, 20));
        assertOneLine(file + ": truncated file: the header needs 54 bytes but only 12 follow its length", () -> SafetensorsFile.open(file));
        Files.write(file, new byte[5]);
        assertOneLine(file + ": truncated file: 5 bytes, less than the 8-byte header length", () -> SafetensorsFile.open(file));
    }

    @Test
    void headerLengthOverTheLimit() throws IOException {
        Path file = dir.resolve("big.safetensors");
        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(SafetensorsFile.MAX_HEADER_BYTES + 1);
        Files.write(file, b.array());
        assertOneLine(file + ": header length 100000001 bytes is over the limit of 100000000 (not a safetensors file?)",
                () -> SafetensorsFile.open(file));
        Files.write(file, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(-1).array());
        assertOneLine(file + ": header length 18446744073709551615 bytes is over the limit of 100000000 (not a safetensors file?)",
                () -> SafetensorsFile.open(file));
    }

    @Test
    void sizeThatDoesNotMatchDtypeAndShape() throws IOException {
        Path file = write("s.safetensors", "{\"w\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);
        assertOneLine(file + ": tensor w: data_offsets [0,8] hold 8 bytes, but BF16[3] needs 6", () -> SafetensorsFile.open(file));
    }

    @Test
    void unknownAndNonWeightDtypes() throws IOException {
        Path unknown = write("u.safetensors", "{\"w\":{\"dtype\":\"F99\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertOneLine(unknown + ": tensor w: unknown dtype F99", () -> SafetensorsFile.open(unknown));

        Path ints = write("i.safetensors", "{\"w\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", new byte[16]);
        try (SafetensorsFile f = SafetensorsFile.open(ints)) {
            assertOneLine(ints + ": tensor w: dtype I64 is not a weight type (F32, F16 or BF16)", () -> f.readFloats("w"));
        }
    }

    @Test
    void missingTensorAndWrongShapeInACheckpoint() throws IOException {
        write("model.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]);
        try (Checkpoint c = Checkpoint.open(dir)) {
            Path file = dir.resolve("model.safetensors");
            assertOneLine(file + ": tensor lm_head.weight is missing", () -> c.load("lm_head.weight", new int[] {2, 2}, HEAP));
            assertOneLine(file + ": tensor a: shape [2, 2], but config.json needs [4, 1]", () -> c.load("a", new int[] {4, 1}, HEAP));
            assertArrayEquals(new int[] {2, 2}, c.load("a", new int[] {2, 2}, HEAP).shape());
        }
    }

    @Test
    void shardedCheckpointFollowsItsIndex() throws IOException {
        write("part-1.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(7f));
        write("part-2.safetensors", "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(8f));
        Path index = dir.resolve(Checkpoint.INDEX_FILE);
        Files.writeString(index, "{\"metadata\":{},\"weight_map\":{\"a\":\"part-1.safetensors\",\"b\":\"part-2.safetensors\"}}");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertEquals(8.0, c.load("b", new int[] {1}, HEAP).item());
            assertOneLine(index + ": tensor c is missing from weight_map", () -> c.entry("c"));
        }
        Files.writeString(index, "{\"weight_map\":{\"a\":\"part-1.safetensors\",\"b\":\"part-1.safetensors\"}}");
        assertOneLine(dir.resolve("part-1.safetensors") + ": tensor b is missing", () -> Checkpoint.open(dir));
        Files.writeString(index, "{\"weight_map\":{\"a\":\"../elsewhere.safetensors\"}}");
        assertOneLine(index + ": field weight_map.a: \"../elsewhere.safetensors\" is not a file name in " + dir, () -> Checkpoint.open(dir));
        Files.delete(index);
        assertOneLine(dir + ": no model.safetensors and no model.safetensors.index.json", () -> Checkpoint.open(dir));
    }

    private static void assertOneLine(String expected, org.junit.jupiter.api.function.Executable call) {
        ModelFormatException e = assertThrows(ModelFormatException.class, call);
        assertEquals(expected, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private Path write(String name, String header, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes(header, data));
        return file;
    }

    private static byte[] bytes(String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        return b.putLong(h.length).put(h).put(data).array();
    }

    private static byte[] floats(float v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(v).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
