package socialalign.pipeline.dataset;

import org.junit.jupiter.api.Test;
import socialalign.pipeline.dataset.persona.OfflinePersonaExtractor;
import socialalign.pipeline.dataset.persona.PersonaInput;
import socialalign.pipeline.dataset.persona.PersonaPrompts;
import socialalign.pipeline.dataset.persona.SentimentClassifier;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spec B7: the exact persona prompts, and the offline extractor's shape. */
class PersonaTest {
    private static final PersonaInput INPUT = new PersonaInput("e/1", "小明", InstructionTemplateTest.CASE.history());

    @Test
    void systemPromptKeepsItsNewlines() {
        assertEquals("\n你是一个微博平台的用户分析师，负责从用户信息和历史博文中抽取用户特征，生成用户画像。\n", PersonaPrompts.SYSTEM);
    }

    @Test
    void userPromptIsTheReferenceTemplate() {
        String expected = "你的任务是基于以下用户名和该用户的历史博文，生成该用户的详细用户画像。请从以下几个维度进行刻画：\n\n"
                + "1. 兴趣话题：用户关注的主题、喜欢讨论的话题、常提及的领域。\n"
                + "2. 语言风格：用户常用的表达方式、口头禅、语气（如幽默、正式、随意等）。\n"
                + "3. 情感基调：用户在博文中表现出的情感倾向，通常是积极的、消极的还是中立的。\n"
                + "4. 性格特征：用户在博文中体现的性格特征，如乐观、悲观、独立等。\n"
                + "5. 价值观：用户在博文中体现的价值观，如重视环保、关注社会公平等。\n\n"
                + "请根据以上格式带数字标号分项列举，精简地对该用户做用户画像，以便更好地预测该用户对某一新闻话题可能发表的博文。每项不超过20字。\n\n"
                + "请注意，不需要预测用户对特定新闻的具体观点；无需提示词，直接输出用户画像即可；不要使用Markdown格式。\n\n"
                + "用户信息：\n用户名：小明\n\n历史博文：\n"
                // history items are not stripped in the persona prompt, and reposts say 该用户
                + "1.   原创一 \n2. 该用户转发了微博: 原文, 并评论说: 评论\n3. 三\n4. 四\n5. 五";
        assertEquals(expected, PersonaPrompts.user(INPUT));
    }

    @Test
    void offlinePersonaHasFiveShortItems() {
        String persona = new OfflinePersonaExtractor().extract(INPUT);
        List<String> lines = persona.lines().toList();
        List<String> dimensions = List.of("兴趣话题", "语言风格", "情感基调", "性格特征", "价值观");
        assertEquals(5, lines.size(), persona);
        for (int i = 0; i < 5; i++) {
            String prefix = (i + 1) + ". " + dimensions.get(i) + "：";
            assertTrue(lines.get(i).startsWith(prefix), lines.get(i));
            String item = lines.get(i).substring(prefix.length());
            assertTrue(!item.isEmpty() && item.codePointCount(0, item.length()) <= 20, item);
        }
    }

    @Test
    void aSentimentClassifierDecidesTheTone() {
        SentimentClassifier negative = text -> SentimentClassifier.Sentiment.NEGATIVE;
        String persona = new OfflinePersonaExtractor(Optional.of(negative)).extract(INPUT);
        assertTrue(persona.contains("3. 情感基调：消极为主（5/5条）"), persona);
    }
}
