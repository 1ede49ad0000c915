package socialalign.pipeline.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.generate.Generator;
import socialalign.models.generate.SamplingParams;
import socialalign.models.qwen2.Qwen2Config;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.ChatTemplate;
import socialalign.models.tokenizer.ChatTemplate.Message;
import socialalign.models.tokenizer.Tokenizer;

/**
 * A Qwen2 chat model on our own engine: the system and user prompts in ChatML as Qwen2.5-Instruct's template renders
 * them, the reply decoded greedily or sampled with a fixed seed until {@code <|im_end|>} or {@code <|endoftext|>},
 * special tokens dropped. Equal prompts and settings give equal answers, so answers can be cached.
 *
 * <p>The weights are loaded on the first request, so a pipeline stage that is up to date never pays for them. One
 * request decodes at a time (the engine already spreads each step over the cores); successive requests reuse the
 * key-value cache of their common prefix, the system prompt.
 */
public final class LocalChat implements ChatModel {
    private final Path directory;
    private final SamplingParams sampling;
    private final String cacheKey;
    private final Tokenizer tokenizer;
    private Generator generator;

    /**
     * Checks the directory's {@code config.json} and {@code tokenizer.json} now; the weights come with the first request.
     *
     * @param sampling greedy ({@link SamplingParams#greedy}) or seeded sampling; its seed is used for every request
     * @throws socialalign.models.ModelFormatException     when {@code config.json} is missing or invalid
     * @throws socialalign.models.tokenizer.TokenizerFormatException when {@code tokenizer.json} is
     */
    public LocalChat(Path directory, SamplingParams sampling) {
        if (!Files.isDirectory(directory)) throw new IllegalArgumentException(directory + ": not a model directory");
        Qwen2Config.load(directory);
        this.directory = directory.toAbsolutePath().normalize();
        this.sampling = sampling;
        this.tokenizer = Tokenizer.load(directory);
        this.cacheKey = "local:" + this.directory + " " + weights(this.directory) + " " + sampling;
    }

    @Override
    public String name() {
        return "local:" + directory.getFileName();
    }

    /** The directory, its weight files' sizes and modification times (retrained weights get new answers), the sampling. */
    @Override
    public String cacheKey() {
        return cacheKey;
    }

    @Override
    public synchronized String complete(String system, String user) throws ChatException {
        int[] prompt = tokenizer.encode(ChatTemplate.render(List.of(Message.system(system), Message.user(user)), true));
        try {
            Generator.Result result = generator().generate(prompt, sampling, id -> { });
            return tokenizer.decode(result.tokens(), true);
        } catch (RuntimeException e) {
            throw new ChatException("local model " + directory + ": " + e.getMessage(), e);
        }
    }

    private Generator generator() {
        if (generator == null) {
            Qwen2ForCausalLM model = Qwen2ForCausalLM.load(directory, CpuBackend.shared(), false);
            int[] stops = Stream.of("<|im_end|>", "<|endoftext|>").map(tokenizer::tokenId)
                    .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).toArray();
            generator = new Generator(model, tokenizer.size(), stops);
        }
        return generator;
    }

    private static String weights(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).sorted().map(f -> {
                try {
                    return f.getFileName() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining(","));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
