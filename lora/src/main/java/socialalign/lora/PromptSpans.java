package socialalign.lora;

import socialalign.autograd.nn.Spans;
import socialalign.models.tokenizer.Tokenizer;

/**
 * The PAC-LoRA spans of a rendered prompt (spec C3): the user span ends at the first token of the news block
 * ({@link #NEWS_MARKER}), the news span at the first token of the instruction tail ({@link #TAIL_MARKER}). Each end
 * is the token count of the prompt's prefix before the marker; Qwen's pre-tokenizer splits at the newline before
 * the first marker and at the full-width comma that opens the second, so these counts are the markers' positions
 * in the whole prompt's tokens.
 */
public final class PromptSpans {
    public static final String NEWS_MARKER = "现在你看到了一则新闻";
    public static final String TAIL_MARKER = "，请发一条关于hashtag";

    private PromptSpans() {}

    /** The spans of {@code prompt} (the ChatML text the model reads); a missing marker is a one-line error. */
    public static Spans of(Tokenizer tokenizer, String prompt) {
        int news = prompt.indexOf(NEWS_MARKER);
        if (news < 0) throw new IllegalArgumentException("the prompt has no news marker \"" + NEWS_MARKER + "\"");
        int tail = prompt.indexOf(TAIL_MARKER, news);
        if (tail < 0) throw new IllegalArgumentException("the prompt has no \"" + TAIL_MARKER + "\" after its news marker");
        return new Spans(tokenizer.encode(prompt.substring(0, news)).length, tokenizer.encode(prompt.substring(0, tail)).length);
    }
}
