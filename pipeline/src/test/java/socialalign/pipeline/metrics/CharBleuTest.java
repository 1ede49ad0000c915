package socialalign.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CharBleuTest {
    private static final double EPS = 1e-12;

    @Test
    void oneUnmatchedOrderIsSmoothedByHalf() {
        // hyp a b c d, ref a b c e (4 characters each, BP = 1):
        //   1-grams a b c d: 3 of 4 match      p1 = 3/4
        //   2-grams ab bc cd: 2 of 3            p2 = 2/3
        //   3-grams abc bcd: 1 of 2             p3 = 1/2
        //   4-gram abcd: 0 of 1, first zero     p4 = 1 / (2 * 1) = 1/2
        //   BLEU = (3/4 * 2/3 * 1/2 * 1/2)^(1/4) = (1/8)^(1/4) = 0.5946035575013605
        assertEquals(0.5946035575013605, CharBleu.sentence("abcd", "abce"), EPS);
    }

    @Test
    void eachFurtherUnmatchedOrderHalvesAgain() {
        // hyp a b x y, ref a b z w: p1 = 2/4, p2 = 1/3 (ab), p3 = 0 of 2 -> 1/(2*2) = 1/4, p4 = 0 of 1 -> 1/(4*1) = 1/4
        //   BLEU = (1/2 * 1/3 * 1/4 * 1/4)^(1/4) = (1/96)^(1/4) = 0.3194715521231362
        assertEquals(0.3194715521231362, CharBleu.sentence("abxy", "abzw"), EPS);
    }

    @Test
    void shortHypothesesUseTheirEffectiveOrderAndTheBrevityPenalty() {
        // hyp a b (c = 2), ref a b c d (r = 4): p1 = 2/2, p2 = 1/1, no 3-gram so N = 2;
        //   BP = exp(1 - 4/2) = exp(-1); BLEU = exp(-1) * (1 * 1)^(1/2) = 0.36787944117144233
        assertEquals(0.36787944117144233, CharBleu.sentence("ab", "abcd"), EPS);
    }

    @Test
    void noMatchingCharacterScoresZero() {
        assertEquals(0, CharBleu.sentence("abc", "xyz"));
        assertEquals(0, CharBleu.sentence("", "xyz"));
    }

    @Test
    void whiteSpaceIsNoToken() {
        assertEquals(CharBleu.sentence("abcd", "abce"), CharBleu.sentence("a b\u00a0c\td", "abce"), EPS);
    }

    @Test
    void chineseCharactersAreTokens() {
        // 今天很开心 vs 今天不开心: p1 = 4/5, p2 = 2/4 (今天, 开心), p3 = 0 of 3 -> 1/6, p4 = 0 of 2 -> 1/(4*2) = 1/8
        //   BLEU = (4/5 * 1/2 * 1/6 * 1/8)^(1/4) = (1/120)^(1/4)
        assertEquals(Math.pow(1.0 / 120, 0.25), CharBleu.sentence("今天很开心", "今天不开心"), EPS);
    }

    @Test
    void corpusBleuSumsTheCountsFirst() {
        // pairs (abcd, abce) and (ab, abcd): c = 6, r = 8
        //   p1 = (3 + 2) / (4 + 2) = 5/6, p2 = (2 + 1) / (3 + 1) = 3/4, p3 = (1 + 0) / (2 + 0) = 1/2,
        //   p4 = 0 of 1 -> 1/2; BP = exp(1 - 8/6) = exp(-1/3)
        //   BLEU = exp(-1/3) * (5/6 * 3/4 * 1/2 * 1/2)^(1/4) = 0.4504952116650042
        assertEquals(0.4504952116650042, CharBleu.corpus(List.of("abcd", "ab"), List.of("abce", "abcd")), EPS);
    }

    @Test
    void corpusBleuWithoutAnyFourGramIsZero() {
        // No effective order at corpus level (sacrebleu corpus_bleu): a missing order has precision 0.
        assertEquals(0, CharBleu.corpus(List.of("ab"), List.of("ab")));
    }
}
