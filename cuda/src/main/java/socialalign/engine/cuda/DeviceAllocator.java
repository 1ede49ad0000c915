package socialalign.engine.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;

import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jcuda.CudaException;
import jcuda.driver.CUdeviceptr;

/**
 * A caching allocator over {@code cuMemAlloc} (never managed memory), as PyTorch's: sizes are rounded up (512 B
 * below 1 MiB, 2 MiB above) and a freed block waits in a cache for the next request of its size, since training
 * asks for the same sizes every step and {@code cuMemAlloc}/{@code cuMemFree} synchronise the device.
 *
 * <p>Storage is freed when the garbage collector finds it unreachable (a phantom reference per block). The Java
 * heap does not feel device memory, so when {@code cuMemAlloc} fails the allocator releases its cache, then
 * collects garbage and releases again, and only then reports how much was asked and how much is free.
 *
 * <p>Blocks are reused in stream order: every kernel runs on the backend's one stream, so work enqueued after a
 * block is recycled cannot overtake the work that still reads it.
 */
final class DeviceAllocator {
    private static final long SMALL = 1 << 20, SMALL_ROUND = 512, LARGE_ROUND = 2 << 20;

    /** Frees a storage's block when the storage is collected. */
    private static final class Owner extends PhantomReference<DeviceStorage> {
        final CUdeviceptr pointer;
        final long bytes;

        Owner(DeviceStorage storage, CUdeviceptr pointer, long bytes, ReferenceQueue<DeviceStorage> queue) {
            super(storage, queue);
            this.pointer = pointer;
            this.bytes = bytes;
        }
    }

    /** A block for the duration of one op; closing it returns the block to the cache. */
    final class Scratch implements AutoCloseable {
        final CUdeviceptr pointer;
        private final long bytes;

        private Scratch(CUdeviceptr pointer, long bytes) {
            this.pointer = pointer;
            this.bytes = bytes;
        }

        @Override
        public void close() {
            recycle(pointer, bytes);
        }
    }

    private final Map<Long, ArrayDeque<CUdeviceptr>> cache = new HashMap<>();
    private final ReferenceQueue<DeviceStorage> collected = new ReferenceQueue<>();
    private final Set<Owner> owners = new HashSet<>();
    private long inUse, cached;

    static long rounded(long bytes) {
        long unit = bytes <= SMALL ? SMALL_ROUND : LARGE_ROUND;
        return Math.max(unit, (bytes + unit - 1) / unit * unit);
    }

    /** Device memory for {@code elements} floats, owned by the returned storage. */
    synchronized DeviceStorage storage(CudaBackend backend, long elements, String what) {
        long bytes = rounded(4 * elements);
        CUdeviceptr pointer = allocate(bytes, 4 * elements, what);
        DeviceStorage storage = new DeviceStorage(backend, pointer, elements);
        owners.add(new Owner(storage, pointer, bytes, collected));
        return storage;
    }

    synchronized Scratch scratch(long bytes, String what) {
        long size = rounded(bytes);
        return new Scratch(allocate(size, bytes, what), size);
    }

    /** Bytes held by live tensors and scratch, and bytes cached for reuse. */
    synchronized long[] usage() {
        reclaim();
        return new long[] {inUse, cached};
    }

    private CUdeviceptr allocate(long size, long asked, String what) {
        reclaim();
        ArrayDeque<CUdeviceptr> same = cache.get(size);
        if (same != null && !same.isEmpty()) {
            cached -= size;
            inUse += size;
            return same.pop();
        }
        CUdeviceptr pointer = tryAlloc(size);
        if (pointer == null) {
            releaseCache();
            pointer = tryAlloc(size);
        }
        if (pointer == null) {
            collectGarbage();
            releaseCache();
            pointer = tryAlloc(size);
        }
        if (pointer == null) throw outOfMemory(asked, what);
        inUse += size;
        return pointer;
    }

    private static CUdeviceptr tryAlloc(long size) {
        CUdeviceptr pointer = new CUdeviceptr();
        try {
            cuMemAlloc(pointer, size);
            return pointer;
        } catch (CudaException e) {
            if (String.valueOf(e.getMessage()).contains("OUT_OF_MEMORY")) return null;
            throw e;
        }
    }

    private synchronized void recycle(CUdeviceptr pointer, long size) {
        inUse -= size;
        cached += size;
        cache.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pointer);
    }

    /** Recycles the blocks of storage that the collector found unreachable. */
    private void reclaim() {
        for (Reference<? extends DeviceStorage> r; (r = collected.poll()) != null; ) {
            Owner owner = (Owner) r;
            owners.remove(owner);
            recycle(owner.pointer, owner.bytes);
        }
    }

    private void collectGarbage() {
        System.gc();
        try {
            // References are enqueued by the JVM's reference handler shortly after the collection.
            for (Reference<? extends DeviceStorage> r; (r = collected.remove(200)) != null; ) {
                Owner owner = (Owner) r;
                owners.remove(owner);
                recycle(owner.pointer, owner.bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void releaseCache() {
        for (ArrayDeque<CUdeviceptr> blocks : cache.values()) {
            for (CUdeviceptr p : blocks) cuMemFree(p);
        }
        cache.clear();
        cached = 0;
    }

    private DeviceOutOfMemoryException outOfMemory(long asked, String what) {
        long[] free = new long[1], total = new long[1];
        cuMemGetInfo(free, total);
        return new DeviceOutOfMemoryException(String.format(
                "cuda: out of device memory: %s asked for %s, %s of %s free; this process holds %s in live tensors",
                what, mib(asked), mib(free[0]), mib(total[0]), mib(inUse)));
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
