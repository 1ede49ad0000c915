package socialalign.pipeline.dataset.persona;

import socialalign.pipeline.llm.CachedChat;
import socialalign.pipeline.llm.ChatException;
import socialalign.pipeline.llm.ChatModel;
import socialalign.pipeline.llm.PromptCache;

/**
 * Personas from a chat model: an OpenAI-compatible endpoint (backend 1 of issue 6) or a local Qwen2 model on our own
 * engine (backend 2), with the exact system and user prompts of spec B7. Answers are cached on disk by model and
 * prompt; the answer is the persona, unparsed as in the reference, and a blank one is a failure. A failure names the case and affects
 * nothing else. Thread-safe: the persona stage bounds the requests in flight.
 */
public final class ChatPersonaExtractor implements PersonaExtractor {
    private final CachedChat chat;

    public ChatPersonaExtractor(ChatModel model, PromptCache cache) {
        this.chat = new CachedChat(model, cache);
    }

    @Override
    public String source() {
        return chat.model().name();
    }

    /** The model's cache key: its sampling settings and weights as well as its name. */
    @Override
    public String settings() {
        return chat.model().cacheKey();
    }

    @Override
    public String extract(PersonaInput input) throws PersonaException {
        try {
            return chat.ask(PersonaPrompts.SYSTEM, PersonaPrompts.user(input), PersonaPrompts::persona);
        } catch (ChatException e) {
            throw new PersonaException(input.caseId(), e.getMessage(), e);
        }
    }
}
