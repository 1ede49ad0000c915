package socialalign.models.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The test files: resources beside the tests, and the real Qwen tokenizer in {@code ../shared}. */
final class TokenizerFiles {

    static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerFiles() {
    }

    /** {@code ../shared/tokenizers/qwen/tokenizer.json} beside the repository; skips the test when absent. */
    static Path qwenTokenizerJson() {
        Path file = sharedDir().resolve("tokenizers/qwen/tokenizer.json");
        assumeTrue(Files.isRegularFile(file), "skipped: the real Qwen tokenizer " + file + " is absent "
                + "(it lives in ../shared beside the repository, as in CI)");
        return file;
    }

    /** {@code ../shared}: beside the repository root, which is the directory that holds {@code mvnw}. */
    static Path sharedDir() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null || dir.getParent() == null) {
            return Path.of("/nonexistent/shared");
        }
        return dir.getParent().resolve("shared");
    }

    static Path resource(String name) {
        try {
            return Path.of(TokenizerFiles.class.getResource("/tokenizer/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource tokenizer/" + name + " is missing", e);
        }
    }

    /** The lines of a JSON Lines resource, parsed. */
    static List<JsonNode> jsonLines(String name) {
        try {
            return Files.readAllLines(resource(name)).stream().filter(l -> !l.isEmpty()).map(TokenizerFiles::parse)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }
}
