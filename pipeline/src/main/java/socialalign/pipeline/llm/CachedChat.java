package socialalign.pipeline.llm;

import java.io.IOException;
import java.util.Optional;

/**
 * A {@link ChatModel} behind a {@link PromptCache}: a request answered before is served from disk, so a rerun costs
 * nothing. Only answers that parse are stored: one that does not is a failure of this request alone, and a rerun asks
 * again (an endpoint that samples may answer better).
 */
public final class CachedChat {
    /** Turns an answer into what the caller needs, or says why it cannot. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String answer) throws ChatException;
    }

    private final ChatModel model;
    private final PromptCache cache;

    public CachedChat(ChatModel model, PromptCache cache) {
        this.model = model;
        this.cache = cache;
    }

    public ChatModel model() {
        return model;
    }

    /** The parsed answer to {@code system} and {@code user}, from the cache when it holds one. */
    public <T> T ask(String system, String user, Parser<T> parser) throws ChatException {
        try {
            Optional<String> cached = cache.get(model.cacheKey(), system, user);
            if (cached.isPresent()) {
                return parser.parse(cached.get());
            }
            String answer = model.complete(system, user);
            T parsed = parser.parse(answer);
            cache.put(model.cacheKey(), system, user, answer);
            return parsed;
        } catch (IOException e) {
            throw new ChatException("answer cache: " + e.getMessage(), e);
        }
    }

    /** An answer in one line of at most 200 characters, for error messages. */
    public static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
