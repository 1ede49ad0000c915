package socialalign.pipeline.metrics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Accuracy and macro-F1 of predicted labels against gold labels.
 *
 * <p>Macro-F1 follows scikit-learn's {@code f1_score(y_true, y_pred, average="macro")} (the SMP2020-EWECT official
 * measure): the unweighted mean over every label that occurs in the gold or the predicted labels of
 * {@code F1_c = 2 P_c R_c / (P_c + R_c) = 2 TP_c / (2 TP_c + FP_c + FN_c)}, a label's F1 being 0 when it has no
 * true positive. Reference: Sokolova and Lapalme, "A systematic analysis of performance measures for classification
 * tasks", Information Processing and Management 45 (2009).
 */
public final class Classification {
    private Classification() {
    }

    /** {@code (1/n) sum_i [pred_i = gold_i]}. */
    public static <L> double accuracy(List<L> gold, List<L> predicted) {
        check(gold, predicted);
        int right = 0;
        for (int i = 0; i < gold.size(); i++) if (Objects.equals(gold.get(i), predicted.get(i))) right++;
        return (double) right / gold.size();
    }

    /** The mean of {@link #f1} over the labels present in gold or predicted. */
    public static <L> double macroF1(List<L> gold, List<L> predicted) {
        check(gold, predicted);
        Set<L> labels = new LinkedHashSet<>(gold);
        labels.addAll(predicted);
        double sum = 0;
        for (L label : labels) sum += f1(gold, predicted, label);
        return sum / labels.size();
    }

    /** {@code 2 TP / (2 TP + FP + FN)} for one label; 0 when the label occurs in neither list. */
    public static <L> double f1(List<L> gold, List<L> predicted, L label) {
        check(gold, predicted);
        int tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < gold.size(); i++) {
            boolean g = Objects.equals(gold.get(i), label), p = Objects.equals(predicted.get(i), label);
            if (g && p) tp++;
            else if (p) fp++;
            else if (g) fn++;
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    private static void check(List<?> gold, List<?> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold labels but " + predicted.size() + " predictions");
        }
        if (gold.isEmpty()) throw new IllegalArgumentException("no labels to score");
    }
}
