package socialalign.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import jcuda.jcublas.JCublas2;
import org.junit.jupiter.api.Test;

/**
 * The libcublas.so.12 shim, without a GPU: its committed build matches its sources, and JCublas2's real native
 * library, bound to the shim, reaches a stand-in "cuBLAS 13" built here with gcc. (This JVM then keeps that
 * stand-in, which is why the module's tests do not share JVMs.)
 */
class CublasShimTest {
    private static final Path SHIM = Path.of("src/main/shim");

    @Test
    void committedShimMatchesItsSources() throws Exception {
        String expected = PtxUpToDateTest.sha256(Files.readAllBytes(SHIM.resolve("cublas_shim.c")), Files.readAllBytes(SHIM.resolve("cublas12.symbols")));
        assertEquals(expected, Files.readString(PtxUpToDateTest.RESOURCES.resolve("libcublas.so.12.sha256")).trim(),
                "libcublas.so.12 is stale: run cuda/src/main/shim/build-cublas-shim.sh");
        assertEquals(Files.readString(SHIM.resolve("cublas12.symbols")), Files.readString(PtxUpToDateTest.RESOURCES.resolve("cublas12.symbols")));
        assertTrue(CublasLibrary.symbols().contains("cublasGemmEx"), "JCublas2 imports cublasGemmEx");
    }

    @Test
    void jcublasCallsReachCublas13ThroughTheShim() throws Exception {
        assumeTrue(PtxUpToDateTest.onPath("gcc"), "gcc is not on the PATH: the stand-in cuBLAS 13 cannot be built");
        Path dir = Files.createTempDirectory("cublas13");
        Path source = dir.resolve("fake.c"), library = dir.resolve("libcublas.so.13");
        // cublasGetProperty(MAJOR_VERSION = 0, &v) answers 13, as cuBLAS 13 would.
        Files.writeString(source, "int cublasGetProperty(int type, int* value) { *value = 13 + 100 * type; return 0; }\n");
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-o", library.toString(), source.toString(),
                "-Wl,-soname,libcublas.so.13").redirectErrorStream(true).start();
        String log = new String(gcc.getInputStream().readAllBytes());
        assertEquals(0, gcc.waitFor(), log);

        String description = CublasLibrary.forwardTo(library);
        assertTrue(description.contains("1 of " + CublasLibrary.symbols().size() + " functions"), description);

        int[] major = new int[1], minor = new int[1];
        assertEquals(0, JCublas2.cublasGetProperty(0, major));
        assertEquals(0, JCublas2.cublasGetProperty(1, minor));
        assertEquals(13, major[0]);
        assertEquals(113, minor[0]);
        // A function the stand-in lacks answers CUBLAS_STATUS_NOT_SUPPORTED instead of crashing.
        JCublas2.setExceptionsEnabled(false);
        assertEquals(15, JCublas2.cublasCreate(new jcuda.jcublas.cublasHandle()));
    }
}
