package socialalign.pipeline.dataset.alpaca;

import socialalign.pipeline.dataset.DatasetCase;
import socialalign.pipeline.dataset.HistoryPost;
import socialalign.pipeline.dataset.Templates;
import socialalign.pipeline.dataset.clean.PythonWhitespace;

import java.util.HashMap;
import java.util.Map;

/**
 * The three instruction templates of {@code organize_alphca_dataset.py} (spec B8), byte for byte. Each is filled
 * like Python's {@code str.format} and the whole result is stripped. Every instruction holds the two markers that
 * place the PAC-LoRA masks (spec C3).
 */
public enum InstructionTemplate {
    /** History, persona and news. */
    FULL("full", "\n你的用户名为{user_name}, 以下是你的五条历史博文: \n1. {history_1}\n2. {history_2}\n3. {history_3}\n4. {history_4}\n5. {history_5}\n以下是你的用户画像：\n{user_persona}\n现在你看到了一则新闻: \n{news}\n关于这个新闻的hashtag #{topic}# 登上了微博热搜，请发一条关于hashtag #{topic}# 的微博，请注意：\n    - 可以参考你的个人信息、历史博文、用户画像和这则新闻，用自己的风格和立场发表观点\n    - 这条微博的长度应与你的历史博文相似\n    - 不要强行参考历史信息\n    - 仅输出你发表的微博内容\n"),
    /** History and news, no persona (the reference's training file). */
    WITHOUT_PERSONA("without_persona", "\n你的用户名为{user_name}, 以下是你的五条历史博文: \n1. {history_1}\n2. {history_2}\n3. {history_3}\n4. {history_4}\n5. {history_5}\n现在你看到了一则新闻: \n{news}\n关于这个新闻的hashtag #{topic}# 登上了微博热搜，请发一条关于hashtag #{topic}# 的微博，请注意：\n    - 可以参考你的个人信息、历史博文和这则新闻，用自己的风格和立场发表观点\n    - 这条微博的长度应与你的历史博文相似\n    - 不要强行参考历史信息\n    - 仅输出你发表的微博内容\n"),
    /** Persona and news, no history (the length hint about history is kept, as in the reference). */
    WITHOUT_HISTORY("without_history", "\n你的用户名为{user_name}, 以下是你的用户画像：\n{user_persona}\n现在你看到了一则新闻: \n{news}\n关于这个新闻的hashtag #{topic}# 登上了微博热搜，请发一条关于hashtag #{topic}# 的微博，请注意：\n    - 可以参考你的个人信息、用户画像和这则新闻，用自己的风格和立场发表观点\n    - 这条微博的长度应与你的历史博文相似\n    - 不要强行参考历史信息\n    - 仅输出你发表的微博内容\n");

    /** Start of the news span: the user span ends at its first occurrence (spec C3). */
    public static final String NEWS_MARKER = "现在你看到了一则新闻";
    /** End of the news span (spec C3). */
    public static final String INSTRUCTION_MARKER = "，请发一条关于hashtag";

    private final String id;
    private final String template;

    InstructionTemplate(String id, String template) {
        this.id = id;
        this.template = template;
    }

    /** The name used in configs and file names. */
    public String id() {
        return id;
    }

    /** The raw template (Python-escaped in spec B8). */
    public String template() {
        return template;
    }

    /** Whether the template shows the persona. */
    public boolean usesPersona() {
        return this != WITHOUT_PERSONA;
    }

    /** The template named {@code id}. */
    public static InstructionTemplate byId(String id) {
        for (InstructionTemplate t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown template \"" + id + "\": expected full, without_persona or without_history");
    }

    /** The instruction for {@code c} with {@code persona} (ignored by {@link #WITHOUT_PERSONA}). */
    public String instruction(DatasetCase c, String persona) {
        Map<String, String> values = new HashMap<>();
        values.put("user_name", c.userName());
        for (int k = 1; k <= 5; k++) {
            values.put("history_" + k, k <= c.history().size() ? historyItem(c.history().get(k - 1)) : "");
        }
        values.put("user_persona", persona.replaceAll("\n{2,}", "\n"));
        values.put("news", c.news().replace("\\n", "\n"));
        values.put("topic", c.topic());
        return PythonWhitespace.strip(Templates.fill(template, values));
    }

    /** {@code format_history_item}: note 你, where the persona prompt says 该用户; stripped. */
    static String historyItem(HistoryPost post) {
        String item = post.retweet() == null ? post.text()
                : "你转发了微博: " + post.retweet().text() + ", 并评论说: " + post.text();
        return PythonWhitespace.strip(item);
    }

    /**
     * Whether the PAC-LoRA masks (spec C3) land where the template puts them: each marker occurs exactly once, so
     * no user name, history post, persona or news text moves the first occurrence.
     */
    public static boolean markersIntact(String instruction) {
        return occurrences(instruction, NEWS_MARKER) == 1 && occurrences(instruction, INSTRUCTION_MARKER) == 1;
    }

    private static int occurrences(String text, String marker) {
        int count = 0;
        for (int at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + 1)) {
            count++;
        }
        return count;
    }
}
