package socialalign.pipeline.llm;

/**
 * A chat model that answers a system and a user prompt: any OpenAI-compatible chat-completions endpoint
 * ({@link OpenAiChat}) or a Qwen2 model on our own engine ({@link LocalChat}). The persona backends and the sentiment
 * judge ask through it, behind the on-disk {@link PromptCache} ({@link CachedChat}). Implementations are thread-safe.
 */
public interface ChatModel {
    /** A short name recorded with every answer's use, e.g. {@code openai:gpt-4o} or {@code local:Qwen2.5-7B-Instruct}. */
    String name();

    /** Everything besides the prompts that decides the answer: the model part of the cache key. */
    String cacheKey();

    /** The assistant's reply, as text. */
    String complete(String system, String user) throws ChatException;
}
