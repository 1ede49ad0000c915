package socialalign.autograd.nn;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link Projection} may know about the chunk of one sequence that it maps, beyond the hidden states:
 *
 * @param positions the absolute position of each token of the chunk (the same ones RoPE uses), so that a token
 *                  decoded with a KV cache is treated as in a full forward
 * @param spans     the sequence's prompt spans
 * @param memory    per-sequence state that adapters keep between the chunks of one sequence (a KV cache owns it
 *                  during decoding; a training forward gets a fresh one)
 * @param dropout   the random stream for dropout in this forward, or null for evaluation (no dropout)
 */
public record TokenContext(int[] positions, Spans spans, Map<Object, Object> memory, SplittableRandom dropout) {

    /** Positions {@code [start, start + length)}, no spans, fresh memory, no dropout. */
    public static TokenContext of(int start, int length) {
        return new TokenContext(range(start, length), Spans.NONE, new HashMap<>(), null);
    }

    /** The given positions, no spans, fresh memory, no dropout. */
    public static TokenContext of(int[] positions) {
        return new TokenContext(positions, Spans.NONE, new HashMap<>(), null);
    }

    public static int[] range(int start, int length) {
        int[] p = new int[length];
        for (int i = 0; i < length; i++) p[i] = start + i;
        return p;
    }

    public boolean training() {
        return dropout != null;
    }
}
