package socialalign.pipeline.dataset.persona;

/**
 * Draws a user persona (spec B7): five numbered items, 兴趣话题, 语言风格, 情感基调, 性格特征 and 价值观, of at most
 * 20 characters each, as plain text. Implementations must be safe to call from several threads.
 */
public interface PersonaExtractor {
    /** A short name of the backend, recorded with every persona (e.g. {@code offline}, {@code openai:MODEL}). */
    String source();

    /** Everything that decides this backend's personas besides the input: a change reruns the persona stage. */
    default String settings() {
        return source();
    }

    /**
     * The persona text for one case.
     *
     * @throws PersonaException naming the case when this backend cannot produce it
     */
    String extract(PersonaInput input) throws PersonaException;
}
