package socialalign.models.tokenizer;

/**
 * A token of {@code tokenizer.json}'s {@code added_tokens}: matched in the text as a whole before BPE runs.
 *
 * @param id         its id as Hugging Face assigns it on loading: the vocabulary's id when the vocabulary has the
 *                   content, otherwise the next free id after the vocabulary (Qwen files agree with their own ids)
 * @param content    the text it matches
 * @param special    a control token such as {@code <|im_end|>}: left out when decoding skips special tokens
 * @param normalized matched in the normalized text (after NFC) rather than in the raw input
 * @param singleWord matched only where no letter or digit touches it on either side
 * @param lstrip     takes the whitespace on its left into the match
 * @param rstrip     takes the whitespace on its right into the match
 */
public record AddedToken(int id, String content, boolean special, boolean normalized, boolean singleWord,
                         boolean lstrip, boolean rstrip) {
}
