package socialalign.engine.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceComputeCapability;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemGetInfo;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuStreamCreate;
import static jcuda.driver.JCudaDriver.cuStreamSynchronize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;

/**
 * GPU 0 through the driver API (only {@code libcuda.so.1} is needed): its primary context (the one cuBLAS uses
 * too), the backend's one stream, and the kernels of the committed PTX modules. One per process.
 *
 * <p>The stream is a blocking one: the synchronous host copies ({@code cuMemcpyHtoD}, {@code cuMemcpyDtoH}) run
 * on the legacy default stream, which waits for the work already queued on it, so a copy back never reads a
 * result that is still being computed.
 */
final class CudaDevice {
    /** Threads per block of every kernel; the reductions of common.cuh need a multiple of 32. */
    static final int BLOCK = 256;
    private static final String[] MODULES = {"elementwise", "rows", "attention"};
    private static final int MAX_GRID = 1 << 20;

    final String name;
    final int major, minor, driverVersion;
    final CUstream stream = new CUstream();
    private final CUcontext context = new CUcontext();
    private final Map<String, CUfunction> kernels = new HashMap<>();

    private static CudaDevice instance;
    private static CudaUnavailableException failure;

    /** The process's device, opened on first use; throws {@link CudaUnavailableException} (every time) when there is none. */
    static synchronized CudaDevice get() {
        if (instance != null) return instance;
        if (failure != null) throw failure;
        try {
            return instance = new CudaDevice();
        } catch (CudaUnavailableException e) {
            failure = e;
            throw e;
        }
    }

    private CudaDevice() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
        } catch (LinkageError e) {
            throw CudaUnavailableException.nativeLibrary("no CUDA driver", e);
        } catch (CudaException e) {
            throw new CudaUnavailableException("cuda: the CUDA driver did not start: " + e.getMessage(), e);
        }
        int[] count = new int[1], version = new int[1];
        cuDeviceGetCount(count);
        if (count[0] == 0) throw new CudaUnavailableException("cuda: the CUDA driver sees no GPU");
        cuDriverGetVersion(version);
        driverVersion = version[0];
        CUdevice device = new CUdevice();
        cuDeviceGet(device, 0);
        byte[] nameBytes = new byte[256];
        cuDeviceGetName(nameBytes, nameBytes.length, device);
        name = new String(nameBytes, StandardCharsets.US_ASCII).trim().replace("\0", "");
        int[] maj = new int[1], min = new int[1];
        cuDeviceComputeCapability(maj, min, device);
        major = maj[0];
        minor = min[0];
        if (major < 8) {
            throw new CudaUnavailableException("cuda: " + name + " has compute capability " + major + "." + minor
                    + "; the kernels are built for 8.0 (Ampere) and later");
        }
        cuDevicePrimaryCtxRetain(context, device);
        bind();
        cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT);
        for (String module : MODULES) load(module);
    }

    private void load(String module) {
        String ptx;
        try (InputStream in = CudaDevice.class.getResourceAsStream(module + ".ptx")) {
            if (in == null) throw new IllegalStateException("cuda: resource " + module + ".ptx is missing from the jar");
            ptx = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CUmodule m = new CUmodule();
        try {
            cuModuleLoadData(m, ptx);
        } catch (CudaException e) {
            throw new CudaUnavailableException("cuda: the driver (version " + driverVersion + ") cannot load " + module
                    + ".ptx: " + e.getMessage() + ". It is PTX ISA 9.0 from CUDA 13.0 and needs a driver for CUDA 13"
                    + " (r580 or later); rebuild it with cuda/src/main/cuda/build-ptx.sh and the toolkit of this driver", e);
        }
        for (String line : ptx.split("\n")) {
            // ".visible .entry name(": every kernel the module defines.
            if (line.startsWith(".visible .entry ")) {
                String kernel = line.substring(".visible .entry ".length(), line.indexOf('('));
                CUfunction f = new CUfunction();
                cuModuleGetFunction(f, m, kernel);
                kernels.put(kernel, f);
            }
        }
    }

    private final ThreadLocal<Boolean> bound = ThreadLocal.withInitial(() -> false);

    /** Makes the device's context current on the calling thread (a context is per thread), once per thread. */
    void bind() {
        if (!bound.get()) {
            cuCtxSetCurrent(context);
            bound.set(true);
        }
    }

    /** Launches {@code kernel} over {@code n} elements, one thread each (kernels loop when the grid is capped). */
    void launchElements(String kernel, long n, Object... args) {
        if (n == 0) return;
        launch(kernel, (int) Math.min(MAX_GRID, (n + BLOCK - 1) / BLOCK), 1, args);
    }

    /** Launches {@code kernel} with one block per row. */
    void launchRows(String kernel, int rows, Object... args) {
        if (rows == 0) return;
        launch(kernel, rows, 1, args);
    }

    /**
     * Launches {@code kernel} on a grid of {@code gridX * gridY} blocks of {@link #BLOCK} threads. Arguments: a
     * {@link Pointer} (device memory), an int, long, float or double, or an {@code int[]} layout passed by value.
     */
    void launch(String kernel, int gridX, int gridY, Object... args) {
        bind();
        CUfunction f = kernels.get(kernel);
        if (f == null) throw new IllegalStateException("cuda: no kernel " + kernel + " in the PTX modules");
        Pointer[] params = new Pointer[args.length];
        for (int i = 0; i < args.length; i++) {
            params[i] = switch (args[i]) {
                case Pointer p -> Pointer.to(p);
                case Integer v -> Pointer.to(new int[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Double v -> Pointer.to(new double[] {v});
                case int[] layout -> Pointer.to(layout);
                default -> throw new IllegalArgumentException("cuda: kernel argument of type " + args[i].getClass());
            };
        }
        cuLaunchKernel(f, gridX, gridY, 1, BLOCK, 1, 1, 0, stream, Pointer.to(params), null);
    }

    void synchronize() {
        cuStreamSynchronize(stream);
    }

    long[] memoryInfo() {
        long[] free = new long[1], total = new long[1];
        cuMemGetInfo(free, total);
        return new long[] {free[0], total[0]};
    }
}
