package socialalign.pipeline.dataset;

import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.alpaca.InstructionTemplate;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec B8: the three templates byte for byte, history formatting, and the PAC-LoRA markers (C3). */
class InstructionTemplateTest {
    static final DatasetCase CASE = new DatasetCase("e/1", "e", "话题", "第一行\\n第二行 {topic}", "train", "u", "小明", "", "m", "1", "目标",
            7, List.of(
            new HistoryPost("a", "  原创一 ", "", "", 0, null),
            new HistoryPost("b", "评论", "", "", 0, new HistoryPost.Retweet("原文", "", "")),
            new HistoryPost("c", "三", "", "", 0, null),
            new HistoryPost("d", "四", "", "", 0, null),
            new HistoryPost("e", "五", "", "", 0, null)));
    static final String PERSONA = "1. 兴趣话题：时事\n\n\n2. 语言风格：简短";

    private static void assertBytes(String expected, String actual) {
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8), actual);
    }

    @Test
    void full() {
        assertBytes("你的用户名为小明, 以下是你的五条历史博文: \n"
                + "1. 原创一\n2. 你转发了微博: 原文, 并评论说: 评论\n3. 三\n4. 四\n5. 五\n"
                + "以下是你的用户画像：\n1. 兴趣话题：时事\n2. 语言风格：简短\n"
                + "现在你看到了一则新闻: \n第一行\n第二行 {topic}\n"
                + "关于这个新闻的hashtag #话题# 登上了微博热搜，请发一条关于hashtag #话题# 的微博，请注意：\n"
                + "    - 可以参考你的个人信息、历史博文、用户画像和这则新闻，用自己的风格和立场发表观点\n"
                + "    - 这条微博的长度应与你的历史博文相似\n"
                + "    - 不要强行参考历史信息\n"
                + "    - 仅输出你发表的微博内容", InstructionTemplate.FULL.instruction(CASE, PERSONA));
    }

    @Test
    void withoutPersona() {
        assertBytes("你的用户名为小明, 以下是你的五条历史博文: \n"
                + "1. 原创一\n2. 你转发了微博: 原文, 并评论说: 评论\n3. 三\n4. 四\n5. 五\n"
                + "现在你看到了一则新闻: \n第一行\n第二行 {topic}\n"
                + "关于这个新闻的hashtag #话题# 登上了微博热搜，请发一条关于hashtag #话题# 的微博，请注意：\n"
                + "    - 可以参考你的个人信息、历史博文和这则新闻，用自己的风格和立场发表观点\n"
                + "    - 这条微博的长度应与你的历史博文相似\n"
                + "    - 不要强行参考历史信息\n"
                + "    - 仅输出你发表的微博内容", InstructionTemplate.WITHOUT_PERSONA.instruction(CASE, PERSONA));
    }

    @Test
    void withoutHistory() {
        assertBytes("你的用户名为小明, 以下是你的用户画像：\n1. 兴趣话题：时事\n2. 语言风格：简短\n"
                + "现在你看到了一则新闻: \n第一行\n第二行 {topic}\n"
                + "关于这个新闻的hashtag #话题# 登上了微博热搜，请发一条关于hashtag #话题# 的微博，请注意：\n"
                + "    - 可以参考你的个人信息、用户画像和这则新闻，用自己的风格和立场发表观点\n"
                + "    - 这条微博的长度应与你的历史博文相似\n"
                + "    - 不要强行参考历史信息\n"
                + "    - 仅输出你发表的微博内容", InstructionTemplate.WITHOUT_HISTORY.instruction(CASE, PERSONA));
    }

    @Test
    void everyTemplateCarriesBothMarkersOnce() {
        for (InstructionTemplate t : InstructionTemplate.values()) {
            String instruction = t.instruction(CASE, PERSONA);
            assertTrue(instruction.contains(InstructionTemplate.NEWS_MARKER), t.id());
            assertTrue(instruction.contains(InstructionTemplate.INSTRUCTION_MARKER), t.id());
            assertTrue(InstructionTemplate.markersIntact(instruction), t.id());
            assertTrue(instruction.indexOf(InstructionTemplate.NEWS_MARKER) < instruction.indexOf(InstructionTemplate.INSTRUCTION_MARKER));
        }
    }

    @Test
    void aMarkerInsideTheContentIsCaught() {
        String instruction = InstructionTemplate.FULL.instruction(CASE, "现在你看到了一则新闻就转发");
        assertFalse(InstructionTemplate.markersIntact(instruction));
    }

    @Test
    void fewerThanFiveHistoryPostsLeaveEmptySlots() {
        DatasetCase shortHistory = new DatasetCase("e/1", "e", "话题", "新闻", "train", "u", "小明", "", "m", "1", "目标", 1,
                List.of(new HistoryPost("a", "一", "", "", 0, null)));
        String instruction = InstructionTemplate.WITHOUT_PERSONA.instruction(shortHistory, "");
        assertTrue(instruction.contains("\n1. 一\n2. \n3. \n4. \n5. \n现在你看到了一则新闻: \n"), instruction);
        assertEquals(InstructionTemplate.FULL, InstructionTemplate.byId("full"));
    }
}
