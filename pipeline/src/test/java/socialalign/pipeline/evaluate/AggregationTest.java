package socialalign.pipeline.evaluate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.predict.PredictionRecord;

/** The evaluation's aggregation on cases small enough to compute by hand. */
class AggregationTest {
    private static final double EPS = 1e-12;

    static PredictionRecord record(String caseId, String event, String prediction, String real, String predictedEmotion,
                                   String predictedPolarity, String realEmotion, String realPolarity) {
        return new PredictionRecord(caseId, event, "topic " + event, "u" + caseId, "user " + caseId, "sys", prediction, real,
                predictedEmotion, predictedPolarity, realEmotion, realPolarity, 3, "stop_token", 1);
    }

    /** Event A: 2 users, both predicted negative; its crowd: 1 negative, 1 neutral, 2 positive. */
    @Test
    void macroDistancesOfOneEvent() {
        List<PredictionRecord> rs = List.of(
                record("1", "A", "x", "y", "angry", "negative", "happy", "positive"),
                record("2", "A", "x", "y", "sad", "negative", "neutral", "neutral"));
        LabelCounts crowd = new LabelCounts(4, new int[] {2, 1, 1, 0, 0, 0}, new int[] {1, 1, 2});
        MacroScores m = MacroScores.of(rs, Map.of("A", crowd), false, 100, 7);
        EventScores e = m.events().getFirst();
        assertArrayEquals(new int[] {2, 0, 0}, e.predicted().polarity());
        assertArrayEquals(new int[] {0, 0, 1, 1, 0, 0}, e.predicted().emotion());
        // P = (1, 0, 0), Q = (1/4, 1/4, 1/2): TV = 3/4; EMD = |1 - 1/4| + |1 - 1/2| = 5/4; cos = (1/4) / sqrt(6/16).
        assertEquals(0.75, e.polarity().tv(), EPS);
        assertEquals(1.25, e.polarity().emd(), EPS);
        assertEquals(0.25 / Math.sqrt(6.0 / 16), e.polarity().cosine(), EPS);
        // JS: M = (5/8, 1/8, 1/4); (1/2) ln(8/5) + (1/2)[(1/4) ln(2/5) + (1/4) ln 2 + (1/2) ln 2].
        double js = 0.5 * Math.log(1 / 0.625) + 0.5 * (0.25 * Math.log(0.25 / 0.625) + 0.25 * Math.log(2) + 0.5 * Math.log(2));
        assertEquals(js, e.polarity().js(), EPS);
        // KL(real || predicted), each smoothed as (p + 1e-3) / (1 + 3e-3).
        double z = 1.003, kl = 0;
        double[] real = {0.25, 0.25, 0.5}, predicted = {1, 0, 0};
        for (int i = 0; i < 3; i++) kl += (real[i] + 1e-3) / z * Math.log((real[i] + 1e-3) / (predicted[i] + 1e-3));
        assertEquals(kl, e.polarity().kl(), 1e-12);
        assertNull(e.emotion().emd(), "emotions have no order");
        // Emotion: P = (0, 0, 1/2, 1/2, 0, 0) against Q = (1/2, 1/4, 1/4, 0, 0, 0): TV = (1/2 + 1/4 + 1/4 + 1/2) / 2.
        assertEquals(0.75, e.emotion().tv(), EPS);
        // One event: the mean is its value, and every resample is that value too.
        assertEquals(0.75, m.means().get("polarity_tv").mean(), EPS);
        assertEquals(0.75, m.means().get("polarity_tv").lower(), EPS);
        assertEquals(0.75, m.means().get("polarity_tv").upper(), EPS);
    }

    /** Two events: the mean is over events, not over users; real posts stand in for predictions when asked. */
    @Test
    void meansAreOverEventsAndRealPostsAreTheReference() {
        List<PredictionRecord> rs = List.of(
                record("1", "A", "x", "y", "happy", "positive", "happy", "positive"),
                record("2", "B", "x", "y", "angry", "negative", "happy", "positive"),
                record("3", "B", "x", "y", "angry", "negative", "happy", "positive"),
                record("4", "B", "x", "y", "angry", "negative", "happy", "positive"));
        LabelCounts allPositive = new LabelCounts(10, new int[] {10, 0, 0, 0, 0, 0}, new int[] {0, 0, 10});
        Map<String, LabelCounts> crowds = Map.of("A", allPositive, "B", allPositive);
        MacroScores m = MacroScores.of(rs, crowds, false, 1000, 7);
        // A matches its crowd (TV 0, EMD 0); B is all negative against all positive (TV 1, EMD 2).
        assertEquals(0.5, m.means().get("polarity_tv").mean(), EPS);
        assertEquals(1.0, m.means().get("polarity_emd").mean(), EPS);
        assertEquals(0.5, m.means().get("polarity_cosine").mean(), EPS);
        MacroScores reference = MacroScores.of(rs, crowds, true, 1000, 7);
        assertEquals(0, reference.means().get("polarity_tv").mean(), EPS);
        assertEquals(0, reference.means().get("emotion_js").mean(), EPS);
    }

    @Test
    void microScoresCountLabelsAgainstTheRealPost() {
        List<PredictionRecord> rs = List.of(
                record("1", "A", "今天很好", "今天很好", "happy", "positive", "happy", "positive"),
                record("2", "A", "太气人了", "真难过", "angry", "negative", "sad", "negative"));
        MicroScores m = MicroScores.of(rs);
        assertEquals(2, m.cases());
        assertEquals(0.5, m.emotionAccuracy(), EPS);
        assertEquals(1.0, m.polarityAccuracy(), EPS);
        // Emotions present: happy (F1 1), angry (0), sad (0): macro-F1 1/3.
        assertEquals(1.0 / 3, m.emotionMacroF1(), EPS);
        // 8 predicted characters against 7 real ones.
        assertEquals(8.0 / 7, m.lengthRatio(), EPS);
        // ROUGE-L: 1 for the identical pair, 0 for the pair with no common character.
        assertEquals(0.5, m.rougeL(), EPS);
        // Distinct-1: 7 distinct of 8 characters (今天很好太气人了 has no repeat: 8 of 8).
        assertEquals(1.0, m.distinct1(), EPS);
        assertEquals(1.0, m.stoppedShare(), EPS);
    }
}
