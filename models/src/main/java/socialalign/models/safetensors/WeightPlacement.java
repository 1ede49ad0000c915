package socialalign.models.safetensors;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import socialalign.engine.Backend;
import socialalign.models.ModelFormatException;
import socialalign.engine.Tensor;
import socialalign.engine.WeightFormat;
import socialalign.engine.cpu.CpuBackend;

/**
 * Where a checkpoint tensor lives once loaded: the one decision between the file and the engine. Today weights
 * are widened to float32 tensors of a backend ({@link #widenedTo}); storage that keeps the mapped bytes off the
 * heap, or BF16 that kernels widen on the fly, is another implementation of this interface, the loader unchanged.
 */
@FunctionalInterface
public interface WeightPlacement {

    /** The engine tensor for {@code entry}, whose raw bytes are {@code bytes} (a view valid while the file is open). */
    Tensor place(Path file, TensorEntry entry, MemorySegment bytes);

    /** F32, F16 and BF16 widened to float32 (exactly) and copied into tensors of {@code backend}. */
    static WeightPlacement widenedTo(Backend backend) {
        return (file, entry, bytes) -> backend.fromFloats(SafetensorsFile.widen(file, entry, bytes), entry.shape());
    }

    /**
     * Matrices off the Java heap as stored: F32 and BF16 keep their bytes (the kernels widen BF16 as they read),
     * F16 is widened to F32. {@code mapped}: tensors read the file in place through a mapping of their own, which
     * lives as long as they do; otherwise they are copied into anonymous memory on huge pages, matrices laid out for
     * decoding ({@link CpuBackend#wrapForDecoding}). Vectors (norms,
     * biases) go on the heap, where the small ops that use them read fastest.
     */
    static WeightPlacement offHeap(CpuBackend cpu, boolean mapped) {
        WeightPlacement heap = widenedTo(cpu);
        return (file, entry, bytes) -> {
            if (entry.shape().length < 2) return heap.place(file, entry, bytes);
            if (entry.dtype() == DType.F32 || entry.dtype() == DType.BF16) {
                WeightFormat format = entry.dtype() == DType.F32 ? WeightFormat.F32 : WeightFormat.BF16;
                if (mapped) return cpu.wrap(mapAgain(file, entry), format, entry.shape());
                return cpu.wrapForDecoding(readInto(HugePages.allocate(bytes.byteSize()), file, entry), format, entry.shape());
            }
            float[] widened = SafetensorsFile.widen(file, entry, bytes);
            MemorySegment f32 = HugePages.allocate(4L * widened.length);
            MemorySegment.copy(widened, 0, f32, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, widened.length);
            return cpu.wrapForDecoding(f32, WeightFormat.F32, entry.shape());
        };
    }

    /**
     * The tensor's bytes in a mapping owned by the garbage collector rather than by the checkpoint, so the
     * checkpoint may close while the model keeps reading the file.
     */
    private static MemorySegment mapAgain(Path file, TensorEntry entry) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, dataStart(channel) + entry.begin(), entry.byteSize(), Arena.ofAuto());
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot map tensor " + entry.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tensor's bytes read from the file into {@code target}: read, not copied from the mapping, so the file's
     * pages never sit in memory beside the copy (peak resident memory stays near the weights' size).
     */
    private static MemorySegment readInto(MemorySegment target, Path file, TensorEntry entry) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long from = dataStart(channel) + entry.begin();
            // In pieces: a ByteBuffer holds at most 2 GiB, a 7B model's F32 embedding more.
            for (long done = 0; done < target.byteSize(); ) {
                ByteBuffer piece = target.asSlice(done, Math.min(1L << 30, target.byteSize() - done)).asByteBuffer();
                while (piece.hasRemaining()) {
                    if (channel.read(piece, from + done + piece.position()) < 0) {
                        throw new ModelFormatException(file, "tensor " + entry.name() + ": file ends early");
                    }
                }
                done += piece.capacity();
            }
            return target;
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read tensor " + entry.name() + ": " + e.getMessage(), e);
        }
    }

    private static long dataStart(FileChannel channel) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        channel.read(length, 0);
        return Long.BYTES + length.flip().getLong();
    }
}
