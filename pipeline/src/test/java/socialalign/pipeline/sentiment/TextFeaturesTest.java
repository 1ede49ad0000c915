package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextFeaturesTest {

    @Test
    void normalisationFoldsWidthCaseLinksAndNames() {
        assertEquals("abc!", TextFeatures.normalise("ＡＢＣ！"));
        // The mention stops at the colon of a repost chain; the URL and the line break become one mark and one space.
        assertEquals("转发 //\uE001:好 \uE000", TextFeatures.normalise("转发  //@小明同学:好\nhttp://t.cn/A6x9"));
    }

    @Test
    void nGramsWithStartAndEndMarksPlusEmoticons() {
        String s = "\uE003", e = "\uE004", emo = "\uE002";
        // 好[心]: 1-grams 好 [ 心 ]; 2-grams with the marks; 3-grams; then the emoticon [心] as one feature.
        assertEquals(List.of("好", "[", "心", "]",
                        s + "好", "好[", "[心", "心]", "]" + e,
                        s + "好[", "好[心", "[心]", "心]" + e,
                        emo + "[心]"),
                new TextFeatures(3).of("好[心]"));
    }

    @Test
    void vocabularyKeepsFeaturesOfEnoughPostsInAFixedOrder() {
        var features = new TextFeatures(1);
        Vocabulary v = Vocabulary.build(List.of("好好", "好的", "的"), features, 2);
        // document frequency: 好 2, 的 2 (好 counted once in 好好); ties by text: 好 (U+597D) < 的 (U+7684)
        assertEquals(List.of("好", "的"), v.features());
        assertArrayEquals(new int[] {0, 0, 1}, v.ids(List.of("好", "好", "坏", "的")));
    }
}
