package socialalign.engine.cuda;

import jcuda.driver.CUdeviceptr;
import socialalign.engine.Backend;
import socialalign.engine.Storage;

/**
 * GPU storage: float32 elements in device memory from the {@link DeviceAllocator}. The block goes back to the
 * allocator's cache when this storage becomes unreachable, so tensors need no explicit freeing.
 */
public final class DeviceStorage implements Storage {
    private final CudaBackend backend;
    private final CUdeviceptr pointer;
    private final long length;

    DeviceStorage(CudaBackend backend, CUdeviceptr pointer, long length) {
        this.backend = backend;
        this.pointer = pointer;
        this.length = length;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public long length() {
        return length;
    }

    CUdeviceptr pointer() {
        return pointer;
    }
}
