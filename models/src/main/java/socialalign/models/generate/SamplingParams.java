package socialalign.models.generate;

/**
 * How to pick each next token, with the meaning of Hugging Face's {@code generate} arguments of the same names.
 * Without {@code doSample} the choice is greedy (the repetition penalty still applies, as in Hugging Face);
 * with it, temperature, top-k ({@code 0}: off) and top-p ({@code 1}: off) shape the distribution that is sampled
 * with a generator seeded by {@code seed}, so equal arguments give equal tokens.
 */
public record SamplingParams(boolean doSample, double temperature, int topK, double topP, double repetitionPenalty,
                             int maxNewTokens, long seed) {

    public SamplingParams {
        if (doSample && !(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, got " + temperature);
        if (topK < 0) throw new IllegalArgumentException("top-k must be 0 (off) or positive, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("repetition penalty must be positive, got " + repetitionPenalty);
        if (maxNewTokens < 0) throw new IllegalArgumentException("max new tokens must not be negative, got " + maxNewTokens);
    }

    /** Greedy decoding of at most {@code maxNewTokens}, no penalty. */
    public static SamplingParams greedy(int maxNewTokens) {
        return new SamplingParams(false, 1, 0, 1, 1, maxNewTokens, 0);
    }
}
