package socialalign.pipeline.dataset.persona;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OfflinePersonaItemTest {
    @Test
    void itemsAreCutToTwentyCodePointsAtASeparator() {
        assertEquals("关注一二三四五、六七八九十", OfflinePersonaExtractor.item("关注一二三四五、六七八九十、十一十二十三十四"));
        assertEquals("短", OfflinePersonaExtractor.item("短"));
    }
}
