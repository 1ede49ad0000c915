package socialalign.engine.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed PTX matches its CUDA sources (build-ptx.sh's hash), and the sources compile with this machine's nvcc. */
class PtxUpToDateTest {
    static final Path SOURCES = Path.of("src/main/cuda"), RESOURCES = Path.of("src/main/resources/socialalign/engine/cuda");

    static List<Path> kernelFiles() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".cu")).sorted().toList();
        }
    }

    static String sha256(byte[]... parts) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (byte[] p : parts) digest.update(p);
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String name(Path cu) {
        return cu.getFileName().toString().replace(".cu", "");
    }

    @Test
    void everyKernelFileHasCurrentPtx() throws Exception {
        List<Path> sources = kernelFiles();
        assertEquals(List.of("attention", "elementwise", "rows"), sources.stream().map(PtxUpToDateTest::name).toList());
        byte[] common = Files.readAllBytes(SOURCES.resolve("common.cuh"));
        for (Path cu : sources) {
            Path ptx = RESOURCES.resolve(name(cu) + ".ptx");
            String first = Files.readAllLines(ptx).getFirst();
            assertEquals("// source-sha256 " + sha256(Files.readAllBytes(cu), common), first,
                    ptx + " is stale: run cuda/src/main/cuda/build-ptx.sh");
            String text = Files.readString(ptx);
            assertTrue(text.contains(".target sm_80"), ptx + " must target compute_80");
        }
    }

    @Test
    void sourcesCompileWithNvcc() throws Exception {
        assumeTrue(onPath("nvcc"), "nvcc is not on the PATH: the CUDA sources are not compiled here");
        Path out = Files.createTempDirectory("ptx");
        for (Path cu : kernelFiles()) {
            Path ptx = out.resolve(name(cu) + ".ptx");
            Process p = new ProcessBuilder("nvcc", "--ptx", "-arch=compute_80", "-std=c++17", "-o", ptx.toString(), cu.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertEquals(0, p.waitFor(), "nvcc " + cu + ":\n" + log);
            String fresh = Files.readString(ptx), committed = Files.readString(RESOURCES.resolve(name(cu) + ".ptx"));
            String body = committed.substring(committed.indexOf('\n') + 1);
            // Another nvcc release writes other PTX; the same release must write exactly the committed file.
            if (compilerLine(fresh).equals(compilerLine(body))) assertEquals(body, fresh, cu + ": committed PTX differs from nvcc's");
        }
    }

    private static String compilerLine(String ptx) {
        return ptx.lines().filter(l -> l.startsWith("// Cuda compilation tools")).findFirst().orElse("");
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }
}
