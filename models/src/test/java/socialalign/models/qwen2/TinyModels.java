package socialalign.models.qwen2;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import socialalign.models.safetensors.SafetensorsFile;

/** The tiny random Qwen2 models that {@code src/test/resources/qwen2/make_golden.py} writes, with torch's results. */
final class TinyModels {
    static final String[] NAMES = {"tied-gqa2-f32", "untied-gqa4-bf16", "untied-gqa2-f16-sharded"};

    private TinyModels() {}

    static Path directory(String name) {
        URL config = TinyModels.class.getResource("/qwen2/" + name + "/config.json");
        if (config == null) throw new IllegalStateException("test resource qwen2/" + name + " is missing; run make_golden.py");
        try {
            return Path.of(config.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code expected.safetensors}: logits, loss, grad.<name>, with ids and targets in its metadata. */
    static SafetensorsFile expected(String name) {
        return SafetensorsFile.open(directory(name).resolve("expected.safetensors"));
    }

    static int[] ints(SafetensorsFile expected, String key) {
        try {
            return new ObjectMapper().readValue(expected.metadata().get(key), int[].class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
