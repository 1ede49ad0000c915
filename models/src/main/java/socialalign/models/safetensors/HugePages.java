package socialalign.models.safetensors;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Anonymous memory for weights straight from the kernel ({@code mmap(2)} through the FFM API), backed by
 * transparent huge pages where Linux allows it ({@code madvise}): 2 MiB pages spare the TLB when decoding
 * streams every weight once per token (measured here on llama.cpp: 12-17% more bandwidth). Not from the JVM's
 * allocator, whose native memory counts against {@code -XX:MaxDirectMemorySize} (a 7B model would not fit).
 *
 * <p>Tensors are carved one after another from regions of {@link #REGION} that start on a huge page (a larger
 * tensor gets a region of its own). A mapping of its own per tensor starts anywhere, and Linux backs only the whole
 * 2 MiB pages inside a mapping, so each matrix's first and last stretches stayed on 4 KiB pages: a quarter of a
 * BF16 Qwen2.5-0.5B's weights, none now (bench/README.md, decoding: 716 MiB on huge pages, now 956 MiB, of 942). A
 * region is unmapped when no tensor carved from it is reachable any more and it is not the one being carved (that
 * one, at most 64 MiB, stays).
 */
public final class HugePages {
    private HugePages() {}

    private static final long HUGE_PAGE = 2L << 20, REGION = 32 * HUGE_PAGE;
    /** Tensors start on this many bytes: a whole number of vectors, of cache lines. */
    private static final long ALIGNMENT = 64;
    private static final int PROT_READ_WRITE = 0x3, MAP_PRIVATE_ANONYMOUS = 0x22, MADV_HUGEPAGE = 14;
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle MMAP = LINKER.downcallHandle(LIBC.find("mmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(LIBC.find("munmap").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle MADVISE = LINKER.downcallHandle(LIBC.find("madvise").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

    /** What is left of the region tensors are being carved from. */
    private static MemorySegment free = MemorySegment.NULL;

    /** {@code bytes} of zeroed memory, 64-byte aligned, freed when its region is no longer reachable. */
    public static synchronized MemorySegment allocate(long bytes) {
        long size = (Math.max(bytes, 1) + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        if (size > REGION) return region((size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE).asSlice(0, bytes);
        if (free.byteSize() < size) free = region(REGION);
        MemorySegment tensor = free.asSlice(0, bytes);
        free = free.asSlice(size);
        return tensor;
    }

    /** A mapping of {@code size} bytes (whole huge pages) that starts on a huge page: a larger one, trimmed. */
    private static MemorySegment region(long size) {
        try {
            long padded = size + HUGE_PAGE;
            MemorySegment mapped = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, padded, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (mapped.address() == -1L) throw new OutOfMemoryError("mmap of " + padded + " bytes for weights failed");
            long start = (mapped.address() + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
            unmap(mapped.address(), start - mapped.address());
            unmap(start + size, mapped.address() + padded - (start + size));
            MemorySegment region = MemorySegment.ofAddress(start);
            // Advice only: without huge pages the weights work the same, a little slower.
            int ignored = (int) MADVISE.invokeExact(region, size, MADV_HUGEPAGE);
            return region.reinterpret(size, Arena.ofAuto(), r -> unmap(r.address(), r.byteSize()));
        } catch (OutOfMemoryError e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("mmap through the FFM API failed", t);
        }
    }

    private static void unmap(long address, long length) {
        if (length == 0) return;
        try {
            int ignored = (int) MUNMAP.invokeExact(MemorySegment.ofAddress(address), length);
        } catch (Throwable t) {
            throw new IllegalStateException("munmap failed", t);
        }
    }
}
