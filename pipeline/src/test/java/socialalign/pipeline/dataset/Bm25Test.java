package socialalign.pipeline.dataset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.retrieval.Bm25;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Spec B5: BM25 against values computed by hand, stable ordering, and jieba's block handling. */
class Bm25Test {

    @Test
    void scoresMatchHandComputation() {
        // N = 3 documents of lengths 3, 2, 1: avgdl = 2. Query "a a c" (a counts twice, c is not in the corpus).
        List<List<String>> docs = List.of(List.of("a", "b", "a"), List.of("b", "d"), List.of("a"));
        // df(a) = 2: IDF = ln((3 - 2 + 0.5)/(2 + 0.5) + 1) = ln(1.6).
        double idf = Math.log(1.6);
        // doc 0: f = 2, |d| = 3: 2·2.5 / (2 + 1.5·(0.25 + 0.75·1.5)) = 5 / 4.0625.
        double s0 = 2 * idf * (5 / 4.0625);
        // doc 2: f = 1, |d| = 1: 2.5 / (1 + 1.5·(0.25 + 0.375)) = 2.5 / 1.9375.
        double s2 = 2 * idf * (2.5 / 1.9375);
        double[] scores = Bm25.REFERENCE.scores(List.of("a", "a", "c"), docs);
        assertEquals(s0, scores[0], 1e-12);
        assertEquals(0.0, scores[1]);
        assertEquals(s2, scores[2], 1e-12);
        assertEquals(1.15693, scores[0], 5e-6); // 2 · 0.470004 · 1.230769
        assertEquals(1.21291, scores[2], 5e-6); // 2 · 0.470004 · 1.290323
        assertEquals(List.of(new Bm25.Ranked(2, scores[2]), new Bm25.Ranked(0, scores[0])),
                Bm25.REFERENCE.top(List.of("a", "a", "c"), docs, 2));
    }

    @Test
    void tiesKeepInputOrder() {
        List<List<String>> docs = List.of(List.of("x"), List.of("y"), List.of("x"), List.of("y"));
        List<Integer> order = Bm25.REFERENCE.top(List.of("y"), docs, 4).stream().map(Bm25.Ranked::index).toList();
        assertEquals(List.of(1, 3, 0, 2), order);
    }

    @Test
    void jiebaKeepsEveryTokenAndSplitsOtherTextPerCharacter() {
        assertEquals(List.of("我", "来到", "北京", "清华大学", "，", "Hello", " ", "World", "!", " ", "2015", "年"),
                JiebaTokenizer.tokenize("我来到北京清华大学，Hello World! 2015年"));
        assertEquals(List.of("[", "哈哈", "]", "#", "话题", "#", "@", "张三", "\r\n", "😀"),
                JiebaTokenizer.tokenize("[哈哈]#话题#@张三\r\n😀"));
    }

    @Property(tries = 200)
    void tokensConcatenateBackToTheText(@ForAll String text) {
        assertEquals(text, String.join("", JiebaTokenizer.tokenize(text)));
    }
}
