package socialalign.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void charTokensAreCodePointsWithoutWhiteSpace() {
        // a, U+1F600 (a surrogate pair in Java), b; the space, the no-break space and U+0085 are dropped.
        assertArrayEquals(new int[] {'a', 0x1F600, 'b'}, CharTokens.of("a \uD83D\uDE00\u00a0\u0085b"));
    }

    @Test
    void rougeLFromTheLongestCommonSubsequence() {
        // abcde vs axcye: LCS = a c e, L = 3; P = 3/5, R = 3/5, F1 = 2 * 0.6 * 0.6 / 1.2 = 0.6
        assertEquals(0.6, RougeL.f1("abcde", "axcye"), EPS);
        // abc vs abcdef: L = 3; P = 1, R = 1/2, F1 = 2 * 1/2 / (3/2) = 2/3
        assertEquals(2.0 / 3, RougeL.f1("abc", "abcdef"), EPS);
        // 我很开心 vs 今天我也开心: LCS 我开心, L = 3; P = 3/4, R = 3/6; F1 = 2 * 3/8 / (5/4) = 3/5
        assertEquals(0.6, RougeL.f1("我很开心", "今天我也开心"), EPS);
        assertEquals(0, RougeL.f1("abc", "xyz"));
        assertEquals(0, RougeL.f1("", "xyz"));
    }

    @Test
    void distinctNCountsUniqueOverAllNGrams() {
        // aab, ab: 1-grams a a b a b -> 2 unique of 5 = 0.4; 2-grams aa ab ab -> 2 unique of 3
        assertEquals(0.4, Distinct.of(List.of("aab", "ab"), 1), EPS);
        assertEquals(2.0 / 3, Distinct.of(List.of("aab", "ab"), 2), EPS);
        // No 2-gram crosses the texts: a, b alone have no 2-gram.
        assertEquals(0, Distinct.of(List.of("a", "b"), 2));
    }

    @Test
    void lengthRatioInCharacters() {
        assertEquals(0.5, LengthRatio.of("abc", "abcdef"), EPS);
        // (2 + 4) / (4 + 2) = 1
        assertEquals(1, LengthRatio.corpus(List.of("ab", "abcd"), List.of("abcd", "ab")), EPS);
        assertEquals(2, LengthRatio.of("开 心", "好"), EPS);
        assertThrows(IllegalArgumentException.class, () -> LengthRatio.of("abc", " "));
    }

    @Test
    void accuracyAndMacroF1() {
        // gold a a b c, predicted a b b a: accuracy 2/4.
        //   a: TP 1, FP 1 (4th), FN 1 (2nd) -> 2/(2+1+1) = 1/2
        //   b: TP 1, FP 1 (2nd), FN 0       -> 2/(2+1)   = 2/3
        //   c: TP 0                          -> 0
        //   macro-F1 = (1/2 + 2/3 + 0) / 3 = 7/18
        List<String> gold = List.of("a", "a", "b", "c"), predicted = List.of("a", "b", "b", "a");
        assertEquals(0.5, Classification.accuracy(gold, predicted), EPS);
        assertEquals(7.0 / 18, Classification.macroF1(gold, predicted), EPS);
        assertEquals(2.0 / 3, Classification.f1(gold, predicted, "b"), EPS);
    }

    @Test
    void aPredictedLabelOutsideTheGoldCountsInTheMacroMean() {
        // gold a a, predicted a d: a: TP 1, FN 1 -> 2/3; d: TP 0 -> 0; macro = 1/3 (as scikit-learn)
        assertEquals(1.0 / 3, Classification.macroF1(List.of("a", "a"), List.of("a", "d")), EPS);
    }
}
