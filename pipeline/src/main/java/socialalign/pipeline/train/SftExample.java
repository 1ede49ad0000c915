package socialalign.pipeline.train;

import socialalign.autograd.nn.Spans;

/**
 * One tokenised training sequence (spec C1, C2): the ChatML ids, the shifted targets (the target of position i is
 * token i + 1 where that token is a response token or the closing {@code <|im_end|>}, else -100), the PAC spans.
 *
 * @param labels    the number of counted targets
 * @param shortened whether the history was cut to fit the maximum length
 */
public record SftExample(int[] ids, int[] targets, Spans spans, int labels, boolean shortened) {
}
