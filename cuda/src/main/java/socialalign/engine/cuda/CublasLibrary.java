package socialalign.engine.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes {@code libcublas.so.12}, which JCublas2's native library is linked against, present in the process before
 * JCublas2 loads. A CUDA 12 installation provides it. A machine with only CUDA 13 gets the forwarding shim
 * (src/main/shim, see engine/README.md): this class loads it from the jar, loads cuBLAS 13 with Java's FFM API and
 * writes cuBLAS 13's address of each function into the shim's table. Once a library with the soname
 * {@code libcublas.so.12} is loaded, the dynamic linker binds JCublas2 to it whatever its path.
 *
 * <p>{@code -Dsocialalign.cublas=auto|12|13} forces a choice (auto: 12 when present, else 13);
 * {@code -Dsocialalign.cublas13=PATH} (or the environment variable {@code SOCIALALIGN_CUBLAS13}) names cuBLAS 13
 * when the dynamic linker's search path does not find {@code libcublas.so.13}.
 */
final class CublasLibrary {
    private CublasLibrary() {}

    private static final String[] CUBLAS13_PLACES = {
        "libcublas.so.13", "/usr/local/cuda/lib64/libcublas.so.13", "/usr/local/cuda-13/lib64/libcublas.so.13",
        "/usr/local/cuda/targets/x86_64-linux/lib/libcublas.so.13", "/usr/lib/x86_64-linux-gnu/libcublas.so.13",
    };

    private static String loaded;

    /** Loads cuBLAS once per process; returns which one, for the backend's name and reports. */
    static synchronized String ensureLoaded() {
        if (loaded != null) return loaded;
        String choice = System.getProperty("socialalign.cublas", "auto");
        if (!choice.equals("13") && tryLookup("libcublas.so.12").isPresent()) return loaded = "cuBLAS 12";
        if (choice.equals("12")) throw new CudaUnavailableException("cuda: libcublas.so.12 not found (-Dsocialalign.cublas=12)");
        return loaded = forwardTo(findCublas13());
    }

    private static Optional<SymbolLookup> tryLookup(String nameOrPath) {
        try {
            return Optional.of(SymbolLookup.libraryLookup(nameOrPath, Arena.global()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Path findCublas13() {
        String named = System.getProperty("socialalign.cublas13", System.getenv("SOCIALALIGN_CUBLAS13"));
        if (named != null && !named.isBlank()) return Path.of(named);
        for (String place : CUBLAS13_PLACES) {
            if (tryLookup(place).isPresent()) return Path.of(place);
        }
        throw new CudaUnavailableException("cuda: neither libcublas.so.12 nor libcublas.so.13 was found; name cuBLAS with"
                + " -Dsocialalign.cublas13=/path/to/libcublas.so.13 or SOCIALALIGN_CUBLAS13");
    }

    /** Loads the shim, fills its table from {@code cublas13} and returns a description (CublasShimTest calls it with a stand-in cuBLAS). */
    static String forwardTo(Path cublas13) {
        SymbolLookup target = tryLookup(cublas13.toString()).orElseThrow(() -> new CudaUnavailableException(
                "cuda: cannot load cuBLAS 13 from " + cublas13 + " (a missing file, or its libcublasLt beside it is missing)"));
        Path shim = extract("libcublas.so.12");
        SymbolLookup forwarder = SymbolLookup.libraryLookup(shim, Arena.global());
        List<String> symbols = symbols();
        try {
            Linker linker = Linker.nativeLinker();
            MethodHandle size = linker.downcallHandle(forwarder.findOrThrow("socialalign_cublas_shim_size"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
            MethodHandle tableOf = linker.downcallHandle(forwarder.findOrThrow("socialalign_cublas_shim_table"), FunctionDescriptor.of(ValueLayout.ADDRESS));
            int entries = (int) size.invokeExact();
            if (entries != symbols.size()) {
                throw new IllegalStateException("cuda: the cuBLAS shim has " + entries + " entries, cublas12.symbols " + symbols.size()
                        + "; rebuild it with cuda/src/main/shim/build-cublas-shim.sh");
            }
            MemorySegment table = ((MemorySegment) tableOf.invokeExact()).reinterpret(ValueLayout.ADDRESS.byteSize() * entries);
            int found = 0;
            for (int i = 0; i < entries; i++) {
                Optional<MemorySegment> f = target.find(symbols.get(i));
                if (f.isPresent()) {
                    table.setAtIndex(ValueLayout.ADDRESS, i, f.get());
                    found++;
                }
            }
            return "cuBLAS 13 (" + cublas13 + ") through the libcublas.so.12 shim, " + found + " of " + entries + " functions";
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cuda: calling the cuBLAS shim failed", e);
        }
    }

    static List<String> symbols() {
        List<String> names = new ArrayList<>();
        for (String line : resource("cublas12.symbols").split("\n")) if (!line.isBlank()) names.add(line.trim());
        return names;
    }

    private static String resource(String name) {
        try (InputStream in = CublasLibrary.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("cuda: resource " + name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a resource to a fresh private directory (a library must be a file to be loaded), deleted at exit. */
    private static Path extract(String name) {
        try (InputStream in = CublasLibrary.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("cuda: resource " + name + " is missing from the jar");
            Path dir = Files.createTempDirectory("socialalign-cuda");
            Path file = dir.resolve(name);
            Files.copy(in, file);
            file.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
