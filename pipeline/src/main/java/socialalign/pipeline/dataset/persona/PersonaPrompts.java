package socialalign.pipeline.dataset.persona;

import socialalign.pipeline.dataset.HistoryPost;
import socialalign.pipeline.dataset.Templates;
import socialalign.pipeline.dataset.clean.PythonWhitespace;
import socialalign.pipeline.llm.ChatException;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exact prompts of the reference's {@code extract_user_persona.py} (spec B7). */
public final class PersonaPrompts {
    /** The system prompt, not stripped: it keeps its leading and trailing newline. */
    public static final String SYSTEM = "\n你是一个微博平台的用户分析师，负责从用户信息和历史博文中抽取用户特征，生成用户画像。\n";

    /** The user prompt template; it is filled, then stripped. */
    static final String USER_TEMPLATE = """

            你的任务是基于以下用户名和该用户的历史博文，生成该用户的详细用户画像。请从以下几个维度进行刻画：

            1. 兴趣话题：用户关注的主题、喜欢讨论的话题、常提及的领域。
            2. 语言风格：用户常用的表达方式、口头禅、语气（如幽默、正式、随意等）。
            3. 情感基调：用户在博文中表现出的情感倾向，通常是积极的、消极的还是中立的。
            4. 性格特征：用户在博文中体现的性格特征，如乐观、悲观、独立等。
            5. 价值观：用户在博文中体现的价值观，如重视环保、关注社会公平等。

            请根据以上格式带数字标号分项列举，精简地对该用户做用户画像，以便更好地预测该用户对某一新闻话题可能发表的博文。每项不超过20字。

            请注意，不需要预测用户对特定新闻的具体观点；无需提示词，直接输出用户画像即可；不要使用Markdown格式。

            用户信息：
            用户名：{username}

            历史博文：
            1. {history_1}
            2. {history_2}
            3. {history_3}
            4. {history_4}
            5. {history_5}
            """;

    private PersonaPrompts() {
    }

    /** The user prompt for {@code input}: history items are used unstripped, the whole prompt is stripped. */
    public static String user(PersonaInput input) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("username", input.userName());
        for (int k = 1; k <= 5; k++) {
            values.put("history_" + k, k <= input.history().size() ? item(input.history().get(k - 1)) : "");
        }
        return PythonWhitespace.strip(Templates.fill(USER_TEMPLATE, values));
    }

    /**
     * The persona in a model's answer: the answer itself, unparsed, as the reference stores it (spec B7). A blank answer
     * is a failure: the reference, too, asks again on the next run for a persona that is empty.
     */
    public static String persona(String answer) throws ChatException {
        if (PythonWhitespace.strip(answer).isEmpty()) throw new ChatException("blank answer", null);
        return answer;
    }

    /** A history item in the persona prompt: note 该用户, where the training prompt says 你. */
    static String item(HistoryPost post) {
        return post.retweet() == null ? post.text()
                : "该用户转发了微博: " + post.retweet().text() + ", 并评论说: " + post.text();
    }
}
