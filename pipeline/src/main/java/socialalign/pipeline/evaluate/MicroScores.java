package socialalign.pipeline.evaluate;

import java.util.List;
import socialalign.pipeline.metrics.CharBleu;
import socialalign.pipeline.metrics.Classification;
import socialalign.pipeline.metrics.Distinct;
import socialalign.pipeline.metrics.LengthRatio;
import socialalign.pipeline.metrics.RougeL;
import socialalign.pipeline.predict.PredictionRecord;

/**
 * The micro level of one system: each predicted post against the user's real post (issue 7).
 *
 * @param cases            predictions scored
 * @param bleu4            corpus character BLEU-4 (sacrebleu's char settings, 0..1)
 * @param sentenceBleu4    mean sentence character BLEU-4 (smoothed)
 * @param rougeL           mean character ROUGE-L F1
 * @param distinct1        distinct-1 over all predictions
 * @param distinct2        distinct-2 over all predictions
 * @param lengthRatio      summed prediction length over summed real length
 * @param emotionAccuracy  share of predictions whose emotion is the real post's (sentiment scores count only the cases
 *                         whose two posts are both labelled; NaN when none is)
 * @param emotionMacroF1   macro-F1 of the six emotions, the real post's emotion as gold
 * @param polarityAccuracy share of predictions whose polarity is the real post's
 * @param polarityMacroF1  macro-F1 of the three polarities
 * @param stoppedShare     share of predictions that ended at a stop token (the rest hit the token limit)
 */
public record MicroScores(int cases, double bleu4, double sentenceBleu4, double rougeL, double distinct1, double distinct2,
                          double lengthRatio, double emotionAccuracy, double emotionMacroF1, double polarityAccuracy,
                          double polarityMacroF1, double stoppedShare) {

    /** The scores of {@code records} (at least one). */
    public static MicroScores of(List<PredictionRecord> records) {
        if (records.isEmpty()) throw new IllegalArgumentException("no predictions to score");
        List<String> predicted = records.stream().map(PredictionRecord::prediction).toList();
        List<String> real = records.stream().map(PredictionRecord::real).toList();
        double sentenceBleu = 0, rouge = 0, stopped = 0;
        for (PredictionRecord r : records) {
            sentenceBleu += CharBleu.sentence(r.prediction(), r.real());
            rouge += RougeL.f1(r.prediction(), r.real());
            if ("stop_token".equals(r.stop())) stopped++;
        }
        int n = records.size();
        List<PredictionRecord> labelled = records.stream().filter(r -> r.predictedEmotion() != null && r.realEmotion() != null).toList();
        List<String> goldEmotion = labelled.stream().map(PredictionRecord::realEmotion).toList();
        List<String> predictedEmotion = labelled.stream().map(PredictionRecord::predictedEmotion).toList();
        List<String> goldPolarity = labelled.stream().map(PredictionRecord::realPolarity).toList();
        List<String> predictedPolarity = labelled.stream().map(PredictionRecord::predictedPolarity).toList();
        boolean scored = !labelled.isEmpty();
        return new MicroScores(n, CharBleu.corpus(predicted, real), sentenceBleu / n, rouge / n,
                Distinct.of(predicted, 1), Distinct.of(predicted, 2), LengthRatio.corpus(predicted, real),
                scored ? Classification.accuracy(goldEmotion, predictedEmotion) : Double.NaN,
                scored ? Classification.macroF1(goldEmotion, predictedEmotion) : Double.NaN,
                scored ? Classification.accuracy(goldPolarity, predictedPolarity) : Double.NaN,
                scored ? Classification.macroF1(goldPolarity, predictedPolarity) : Double.NaN,
                stopped / n);
    }
}
