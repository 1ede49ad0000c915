package socialalign.models.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import socialalign.models.io.AtomicFile;

/**
 * Writes float32 tensors as a safetensors file that Python's {@code safetensors.torch.load_file} reads. The file
 * is written beside its destination under a temporary name and renamed into place, so a crash never leaves a
 * half file under the real name.
 */
public final class SafetensorsWriter {

    /** One tensor to write: row-major {@code data} of {@code shape} ({@code []} for a scalar). */
    public record Named(String name, int[] shape, float[] data) {
        public Named {
            long n = 1;
            for (int s : shape) n *= s;
            if (n != data.length) {
                throw new IllegalArgumentException("tensor " + name + ": " + data.length + " values for shape " + Arrays.toString(shape));
            }
        }
    }

    private SafetensorsWriter() {}

    /** Writes {@code tensors} in order, with optional string {@code metadata}, to {@code file} (replacing it). */
    public static void writeF32(Path file, List<Named> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFile.writeBytes(file, stream -> {
            WritableByteChannel out = Channels.newChannel(stream);
            ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(out, length);
            writeFully(out, ByteBuffer.wrap(header));
            ByteBuffer chunk = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
            for (Named t : tensors) {
                for (float v : t.data()) {
                    if (!chunk.hasRemaining()) {
                        writeFully(out, chunk.flip());
                        chunk.clear();
                    }
                    chunk.putFloat(v);
                }
            }
            writeFully(out, chunk.flip());
        });
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data that follows stays aligned. */
    private static byte[] header(List<Named> tensors, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (!metadata.isEmpty()) json.put("__metadata__", metadata);
        Set<String> seen = new HashSet<>();
        long offset = 0;
        for (Named t : tensors) {
            if (!seen.add(t.name())) throw new IllegalArgumentException("tensor " + t.name() + " is written twice");
            long end = offset + (long) t.data().length * Float.BYTES;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", t.shape());
            entry.put("data_offsets", new long[] {offset, end});
            json.put(t.name(), entry);
            offset = end;
        }
        String text;
        try {
            text = new ObjectMapper().writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int padded = (bytes.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(bytes, padded);
        Arrays.fill(out, bytes.length, padded, (byte) ' ');
        return out;
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) out.write(buffer);
    }
}
