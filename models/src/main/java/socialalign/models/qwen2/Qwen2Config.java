package socialalign.models.qwen2;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import socialalign.models.ModelFormatException;

/**
 * The fields of a Hugging Face Qwen2 {@code config.json} that shape the network. Fields the file leaves out take
 * the defaults of transformers' {@code Qwen2Config} ({@code num_key_value_heads} = {@code num_attention_heads},
 * {@code rms_norm_eps} 1e-6, {@code rope_theta} 10000, untied embeddings); the five sizes are required, since a
 * default there (a 7B shape) would only fail later, against the weights. Settings this decoder does not
 * implement (rope scaling, sliding windows, another activation or head size) are refused by name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Qwen2Config(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        double rmsNormEps,
        double ropeTheta,
        boolean tieWordEmbeddings,
        int maxPositionEmbeddings) {

    public static final String FILE_NAME = "config.json";

    public Qwen2Config {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("intermediate_size", intermediateSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("num_key_value_heads", numKeyValueHeads);
        positive("max_position_embeddings", maxPositionEmbeddings);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new IllegalArgumentException("field num_attention_heads: " + numAttentionHeads
                    + " does not divide hidden_size " + hiddenSize);
        }
        if ((hiddenSize / numAttentionHeads) % 2 != 0) {
            throw new IllegalArgumentException("field num_attention_heads: head size " + hiddenSize / numAttentionHeads
                    + " is odd; rotary embedding needs an even one");
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("field num_key_value_heads: " + numKeyValueHeads
                    + " does not divide num_attention_heads " + numAttentionHeads);
        }
        if (!(rmsNormEps > 0)) throw new IllegalArgumentException("field rms_norm_eps: must be positive, got " + rmsNormEps);
        if (!(ropeTheta > 0)) throw new IllegalArgumentException("field rope_theta: must be positive, got " + ropeTheta);
    }

    /** Reads {@code config.json}, given as the file or as the model directory that holds it. */
    public static Qwen2Config load(Path fileOrDirectory) {
        Path file = Files.isDirectory(fileOrDirectory) ? fileOrDirectory.resolve(FILE_NAME) : fileOrDirectory;
        if (!Files.isRegularFile(file)) throw new ModelFormatException(file, "no such file");
        try {
            Qwen2Config config = new ObjectMapper().readValue(file.toFile(), Qwen2Config.class);
            if (config == null) throw new ModelFormatException(file, "expected a JSON object");
            return config;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ModelFormatException(file, oneLine(cause.getMessage()), e);
        } catch (JsonMappingException e) {
            throw new ModelFormatException(file, "field " + path(e) + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ModelFormatException(file, "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    /** Jackson's entry point: applies transformers' defaults and refuses what this decoder does not implement. */
    @JsonCreator
    static Qwen2Config fromJson(
            @JsonProperty("vocab_size") Integer vocabSize,
            @JsonProperty("hidden_size") Integer hiddenSize,
            @JsonProperty("intermediate_size") Integer intermediateSize,
            @JsonProperty("num_hidden_layers") Integer numHiddenLayers,
            @JsonProperty("num_attention_heads") Integer numAttentionHeads,
            @JsonProperty("num_key_value_heads") Integer numKeyValueHeads,
            @JsonProperty("rms_norm_eps") Double rmsNormEps,
            @JsonProperty("rope_theta") Double ropeTheta,
            @JsonProperty("tie_word_embeddings") Boolean tieWordEmbeddings,
            @JsonProperty("max_position_embeddings") Integer maxPositionEmbeddings,
            @JsonProperty("model_type") String modelType,
            @JsonProperty("hidden_act") String hiddenAct,
            @JsonProperty("head_dim") Integer headDim,
            @JsonProperty("rope_scaling") JsonNode ropeScaling,
            @JsonProperty("use_sliding_window") Boolean useSlidingWindow) {
        if (modelType != null && !modelType.equals("qwen2")) {
            throw new IllegalArgumentException("field model_type: \"" + modelType + "\" is not qwen2");
        }
        if (hiddenAct != null && !hiddenAct.equals("silu")) {
            throw new IllegalArgumentException("field hidden_act: \"" + hiddenAct + "\" is not supported (only silu)");
        }
        if (ropeScaling != null && !ropeScaling.isNull()) {
            throw new IllegalArgumentException("field rope_scaling: rope scaling is not supported (must be null)");
        }
        if (Boolean.TRUE.equals(useSlidingWindow)) {
            throw new IllegalArgumentException("field use_sliding_window: sliding-window attention is not supported");
        }
        int vocab = required("vocab_size", vocabSize);
        int hidden = required("hidden_size", hiddenSize);
        int intermediate = required("intermediate_size", intermediateSize);
        int layers = required("num_hidden_layers", numHiddenLayers);
        int heads = required("num_attention_heads", numAttentionHeads);
        if (headDim != null && headDim * heads != hidden) {
            throw new IllegalArgumentException("field head_dim: " + headDim + " is not hidden_size / num_attention_heads = "
                    + (double) hidden / heads);
        }
        return new Qwen2Config(vocab, hidden, intermediate, layers, heads,
                numKeyValueHeads != null ? numKeyValueHeads : heads,
                rmsNormEps != null ? rmsNormEps : 1e-6,
                ropeTheta != null ? ropeTheta : 10000.0,
                tieWordEmbeddings != null && tieWordEmbeddings,
                maxPositionEmbeddings != null ? maxPositionEmbeddings : 32768);
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    private static int required(String field, Integer value) {
        if (value == null) throw new IllegalArgumentException("field " + field + ": missing");
        return value;
    }

    private static void positive(String field, int value) {
        if (value <= 0) throw new IllegalArgumentException("field " + field + ": must be positive, got " + value);
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        return p.isEmpty() ? "(root)" : p;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
