package socialalign.models.qwen2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.models.ModelFormatException;

class Qwen2ConfigTest {
    @TempDir
    Path dir;

    private static final String SIZES = "\"vocab_size\": 151936, \"hidden_size\": 896, \"intermediate_size\": 4864, "
            + "\"num_hidden_layers\": 24, \"num_attention_heads\": 14";

    @Test
    void readsQwen25ShapedConfigAndIgnoresOtherFields() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{" + SIZES + ", \"num_key_value_heads\": 2, \"rms_norm_eps\": 1e-06,"
                + " \"rope_theta\": 1000000.0, \"tie_word_embeddings\": true, \"max_position_embeddings\": 32768,"
                + " \"model_type\": \"qwen2\", \"hidden_act\": \"silu\", \"rope_scaling\": null, \"use_sliding_window\": false,"
                + " \"torch_dtype\": \"bfloat16\", \"eos_token_id\": 151645, \"architectures\": [\"Qwen2ForCausalLM\"]}");
        assertEquals(new Qwen2Config(151936, 896, 4864, 24, 14, 2, 1e-6, 1e6, true, 32768), Qwen2Config.load(dir));
        assertEquals(64, Qwen2Config.load(dir).headDim());
    }

    @Test
    void leftOutFieldsTakeTransformersDefaults() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{" + SIZES + "}");
        assertEquals(new Qwen2Config(151936, 896, 4864, 24, 14, 14, 1e-6, 10000, false, 32768), Qwen2Config.load(dir));
    }

    @Test
    void badFieldsAreNamedInOneLine() throws IOException {
        Path file = dir.resolve("config.json");
        assertError(file, "{\"vocab_size\": 10}", file + ": field hidden_size: missing");
        assertError(file, "{" + SIZES + ", \"num_key_value_heads\": 4}",
                file + ": field num_key_value_heads: 4 does not divide num_attention_heads 14");
        assertError(file, "{" + SIZES + ", \"rope_scaling\": {\"type\": \"yarn\"}}",
                file + ": field rope_scaling: rope scaling is not supported (must be null)");
        assertError(file, "{" + SIZES + ", \"model_type\": \"llama\"}", file + ": field model_type: \"llama\" is not qwen2");
        assertError(file, "{" + SIZES.replace("896", "\"wide\"") + "}",
                file + ": field hidden_size: Cannot deserialize value of type `java.lang.Integer` from String \"wide\": "
                        + "not a valid `java.lang.Integer` value");
        assertError(file, "{\"vocab_size\": ", file + ": not valid JSON at line 1, column 16: Unexpected end-of-input"
                + " within/between Object entries");
        assertEquals(dir.resolve("nope") + ": no such file",
                assertThrows(ModelFormatException.class, () -> Qwen2Config.load(dir.resolve("nope"))).getMessage());
    }

    private static void assertError(Path file, String json, String expected) throws IOException {
        Files.writeString(file, json);
        assertEquals(expected, assertThrows(ModelFormatException.class, () -> Qwen2Config.load(file)).getMessage());
    }
}
