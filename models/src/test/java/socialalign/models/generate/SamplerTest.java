package socialalign.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Each of Hugging Face's logits processors on hand-computed values, then the whole chain. */
class SamplerTest {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeScoresOnce() {
        float[] scores = {2f, -2f, 1f, 0.5f};
        Sampler.repetitionPenalty(scores, new int[] {0, 1, 1, 3, 9}, 3, 2.0);
        assertArrayEquals(new float[] {1f, -4f, 1f, 0.5f}, scores); // id 3 is past length; repeated id 1 counts once
    }

    @Test
    void temperatureDivides() {
        float[] scores = {2f, -4f};
        Sampler.temperature(scores, 0.5);
        assertArrayEquals(new float[] {4f, -8f}, scores);
    }

    @Test
    void topKKeepsTiesWithTheKthScore() {
        float[] scores = {1f, 3f, 3f, 2f};
        Sampler.topK(scores, 1);
        assertArrayEquals(new float[] {NEG_INF, 3f, 3f, NEG_INF}, scores);
        float[] three = {1f, 3f, 3f, 2f};
        Sampler.topK(three, 3);
        assertArrayEquals(new float[] {NEG_INF, 3f, 3f, 2f}, three);
        float[] all = {1f, 2f};
        Sampler.topK(all, 50);
        assertArrayEquals(new float[] {1f, 2f}, all);
    }

    @Test
    void topPRemovesTheUnlikelyTailUpToOneMinusP() {
        float[] scores = logs(0.1, 0.2, 0.3, 0.4);
        Sampler.topP(scores, 0.6); // ascending cumulative 0.1, 0.3, 0.6, 1.0; removed where <= 0.4
        assertArrayEquals(new float[] {NEG_INF, NEG_INF}, new float[] {scores[0], scores[1]});
        assertEquals((float) Math.log(0.3), scores[2]);
        float[] tight = logs(0.1, 0.2, 0.3, 0.4);
        Sampler.topP(tight, 0.01); // the most likely id always stays
        assertArrayEquals(new float[] {NEG_INF, NEG_INF, NEG_INF, (float) Math.log(0.4)}, tight);
    }

    @Test
    void drawIsTheInverseCumulativeDistribution() {
        double[] p = {0.2, 0, 0.8};
        assertEquals(0, Sampler.draw(p, 0.1));
        assertEquals(2, Sampler.draw(p, 0.2));
        assertEquals(2, Sampler.draw(p, 0.999999));
        assertEquals(1, Sampler.draw(new double[] {0.5, 0.49999, 0}, 0.9999999), "past the rounded total: the last possible id");
    }

    @Test
    void greedyNeverPicksAnIdBeyondTheTokenizer() {
        Sampler greedy = new Sampler(SamplingParams.greedy(1));
        assertEquals(1, greedy.next(new float[] {0f, 5f, 1f, 9f}, new int[0], 0, 3));
        Sampler penalised = new Sampler(new SamplingParams(false, 1, 0, 1, 2, 1, 0));
        assertEquals(2, penalised.next(new float[] {0f, 5f, 4f, 9f}, new int[] {1}, 1, 3), "5 / 2 < 4 after the penalty");
        assertThrows(IllegalArgumentException.class, () -> greedy.next(new float[] {1f}, new int[0], 0, 0));
    }

    @Test
    void samplingFollowsTheWarpedDistributionAndIsReproducible() {
        float[] logits = logs(0.1, 0.2, 0.3, 0.4, 1e-9);
        SamplingParams params = new SamplingParams(true, 1, 3, 1, 1, 1, 42);
        int[] counts = new int[5];
        Sampler sampler = new Sampler(params), again = new Sampler(params);
        for (int i = 0; i < 20000; i++) {
            int id = sampler.next(logits, new int[0], 0, 5);
            assertEquals(id, again.next(logits, new int[0], 0, 5));
            counts[id]++;
        }
        // top-k 3 leaves ids 1..3, renormalised to 2/9, 3/9, 4/9
        assertEquals(0, counts[0] + counts[4]);
        assertEquals(2.0 / 9, counts[1] / 20000.0, 0.01);
        assertEquals(3.0 / 9, counts[2] / 20000.0, 0.01);
        assertEquals(4.0 / 9, counts[3] / 20000.0, 0.01);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(true, 0, 0, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(true, 1, 0, 0, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(true, 1, -1, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SamplingParams(false, 1, 0, 1, 0, 1, 0));
    }

    private static float[] logs(double... p) {
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) out[i] = (float) Math.log(p[i]);
        return out;
    }
}
