package socialalign.pipeline.dataset.persona;

import socialalign.pipeline.dataset.HistoryPost;
import socialalign.pipeline.dataset.retrieval.JiebaTokenizer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A persona without an LLM: the five dimensions of spec B7 filled from the history itself, each item at most 20
 * characters, in the numbered layout the LLM is asked for.
 * <ul>
 *   <li>兴趣话题: the most frequent content words (jieba tokens of 2+ letters, stop words out; hashtag topics first);</li>
 *   <li>语言风格: post length, emoticon/emoji, exclamation, question, repost and mention habits;</li>
 *   <li>情感基调: the label balance of a {@link SentimentClassifier} when one is plugged in, else the emotional
 *       intensity of the punctuation;</li>
 *   <li>性格特征: what those habits suggest;</li>
 *   <li>价值观: the values whose keywords ({@code persona/values.tsv}) the history mentions most.</li>
 * </ul>
 * Deterministic: the same history always gives the same persona.
 */
public final class OfflinePersonaExtractor implements PersonaExtractor {
    /** Spec B7: 每项不超过20字. */
    public static final int MAX_ITEM_CODE_POINTS = 20;
    private static final String RESOURCES = "/socialalign/pipeline/dataset/persona/";
    private static final Pattern WORD = Pattern.compile("[\\p{IsHan}\\p{IsLatin}]{2,}");
    private static final Pattern EMOTICON = Pattern.compile("\\[[^\\[\\]]{1,8}]");
    private static final Pattern HASHTAG = Pattern.compile("#([^#]+)#");
    private static final Set<String> STOP_WORDS = Set.copyOf(lines("stopwords.txt"));
    private static final Map<String, String> VALUES = values();

    private final Optional<SentimentClassifier> sentiment;

    /** An extractor that reports punctuation-based tone (no sentiment classifier yet). */
    public OfflinePersonaExtractor() {
        this(Optional.empty());
    }

    /** An extractor that reports the balance of {@code sentiment}'s labels as the emotional tone. */
    public OfflinePersonaExtractor(Optional<SentimentClassifier> sentiment) {
        this.sentiment = sentiment;
    }

    @Override
    public String source() {
        return "offline";
    }

    @Override
    public String extract(PersonaInput input) {
        List<String> texts = input.history().stream().map(OfflinePersonaExtractor::fullText).toList();
        Habits habits = Habits.of(input.history());
        return "1. 兴趣话题：" + item(interests(texts)) + "\n"
                + "2. 语言风格：" + item(style(habits)) + "\n"
                + "3. 情感基调：" + item(tone(texts, habits)) + "\n"
                + "4. 性格特征：" + item(personality(habits)) + "\n"
                + "5. 价值观：" + item(values(texts));
    }

    private static String fullText(HistoryPost post) {
        return post.retweet() == null ? post.text() : post.text() + " " + post.retweet().text();
    }

    /** The writing habits of a history, as shares of its posts. */
    record Habits(int posts, double meanLength, double emoticons, double exclamations, double questions,
                  double reposts, double mentions) {
        static Habits of(List<HistoryPost> history) {
            int n = Math.max(1, history.size());
            double length = 0, emoticons = 0, exclamations = 0, questions = 0, reposts = 0, mentions = 0;
            for (HistoryPost p : history) {
                String t = p.text();
                length += t.codePointCount(0, t.length());
                emoticons += EMOTICON.matcher(t).find() || t.codePoints().anyMatch(c -> Character.getType(c) == Character.OTHER_SYMBOL) ? 1 : 0;
                exclamations += t.contains("！") || t.contains("!") ? 1 : 0;
                questions += t.contains("？") || t.contains("?") ? 1 : 0;
                reposts += p.retweet() != null ? 1 : 0;
                mentions += t.contains("@") ? 1 : 0;
            }
            return new Habits(history.size(), length / n, emoticons / n, exclamations / n, questions / n, reposts / n, mentions / n);
        }
    }

    private static String interests(List<String> texts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            HASHTAG.matcher(text).results().forEach(m -> counts.merge(m.group(1).strip(), 2, Integer::sum));
            for (String token : JiebaTokenizer.tokenize(HASHTAG.matcher(text).replaceAll(" "))) {
                if (WORD.matcher(token).matches() && !STOP_WORDS.contains(token)) {
                    counts.merge(token, 1, Integer::sum);
                }
            }
        }
        List<String> top = topKeys(counts, 3);
        return top.isEmpty() ? "泛泛关注社会新闻" : "关注" + String.join("、", top);
    }

    private static String style(Habits h) {
        List<String> traits = new ArrayList<>();
        traits.add(h.meanLength() < 15 ? "短句为主" : h.meanLength() < 60 ? "篇幅适中" : "长文详述");
        if (h.emoticons() >= 0.4) traits.add("爱用表情");
        if (h.exclamations() >= 0.4) traits.add("多用感叹");
        if (h.questions() >= 0.4) traits.add("常发问");
        if (h.reposts() >= 0.5) traits.add("常转发评论");
        if (h.mentions() >= 0.4) traits.add("常与人互动");
        if (traits.size() == 1) traits.add("语气平实");
        return String.join("，", traits);
    }

    private String tone(List<String> texts, Habits h) {
        if (sentiment.isEmpty()) {
            return h.exclamations() + h.questions() >= 0.6 ? "情绪外露，语气强烈" : "情绪克制，语气平和";
        }
        Map<SentimentClassifier.Sentiment, Integer> counts = new EnumMap<>(SentimentClassifier.Sentiment.class);
        texts.forEach(t -> counts.merge(sentiment.get().classify(t), 1, Integer::sum));
        List<SentimentClassifier.Sentiment> ranked = counts.entrySet().stream()
                .sorted(Map.Entry.<SentimentClassifier.Sentiment, Integer>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        if (ranked.isEmpty()) {
            return "中立为主";
        }
        SentimentClassifier.Sentiment top = ranked.getFirst();
        return top.chinese() + "为主（" + counts.get(top) + "/" + texts.size() + "条）";
    }

    private static String personality(Habits h) {
        List<String> traits = new ArrayList<>();
        if (h.exclamations() >= 0.4) traits.add("直率");
        if (h.questions() >= 0.4) traits.add("好奇多疑");
        if (h.meanLength() >= 60) traits.add("善于表达");
        if (h.meanLength() < 15) traits.add("言简意赅");
        if (h.mentions() >= 0.4) traits.add("乐于交流");
        if (traits.isEmpty()) traits.add("理性克制");
        return String.join("、", traits);
    }

    private static String values(List<String> texts) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String text : texts) {
            Set<String> seen = new HashSet<>();
            for (String token : JiebaTokenizer.tokenize(text)) {
                String value = VALUES.get(token);
                if (value != null && seen.add(value)) {
                    counts.merge(value, 1, Integer::sum);
                }
            }
        }
        List<String> top = topKeys(counts, 2);
        return top.isEmpty() ? "关注社会热点" : String.join("、", top);
    }

    /** The {@code k} keys with the highest counts; ties keep first-seen order. */
    private static List<String> topKeys(Map<String, Integer> counts, int k) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(k).map(Map.Entry::getKey).toList();
    }

    /** Cuts an item to 20 code points, preferring a cut at a separator so no word is split. */
    static String item(String text) {
        if (text.codePointCount(0, text.length()) <= MAX_ITEM_CODE_POINTS) {
            return text;
        }
        String cut = text.substring(0, text.offsetByCodePoints(0, MAX_ITEM_CODE_POINTS));
        int separator = Math.max(cut.lastIndexOf('、'), cut.lastIndexOf('，'));
        return separator > 0 ? cut.substring(0, separator) : cut;
    }

    private static List<String> lines(String name) {
        InputStream in = OfflinePersonaExtractor.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCES + name);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> values() {
        Map<String, String> values = new HashMap<>();
        for (String line : lines("values.tsv")) {
            String[] kv = line.split("\t", 2);
            values.put(kv[0], kv[1]);
        }
        return Map.copyOf(values);
    }
}
