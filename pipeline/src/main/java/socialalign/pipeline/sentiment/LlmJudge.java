package socialalign.pipeline.sentiment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import socialalign.pipeline.llm.CachedChat;
import socialalign.pipeline.llm.ChatException;
import socialalign.pipeline.llm.ChatModel;
import socialalign.pipeline.llm.PromptCache;

/**
 * An LLM judge of a post's emotion (issue 7): a chat model (our local Qwen2 or an OpenAI-compatible endpoint) is asked,
 * with the fixed prompts {@link #SYSTEM} and {@link #USER_TEMPLATE}, to name one of the six SMP2020-EWECT emotions.
 * Answers are cached on disk by model and prompt.
 *
 * <p>Parsing ({@link #parse}) is lenient about form and strict about meaning: case, whitespace, punctuation, Markdown
 * and the Chinese names the prompt gives are all accepted, and {@code neural} reads as neutral; an answer that names
 * no emotion, or two different ones, is a failure of that post alone (and is not cached, so a rerun asks again).
 */
public final class LlmJudge implements EmotionLabeller {
    /** The system prompt. */
    public static final String SYSTEM = "你是一名微博情绪分析员，负责判断微博博文表达的情绪。";

    /** The user prompt; {@code {post}} is replaced by the post, verbatim. */
    public static final String USER_TEMPLATE = """
            请判断下面这条微博博文表达的情绪，只能从以下六类中选择一类：
            happy（积极）、neutral（中性）、angry（愤怒）、sad（悲伤）、fear（恐惧）、surprise（惊奇）。
            只输出类别的英文名，不要输出其他内容。

            微博博文：{post}""";

    /** The Chinese names of {@link #USER_TEMPLATE}, which a model may answer with. */
    private static final Map<String, Emotion> CHINESE = Map.of("积极", Emotion.HAPPY, "中性", Emotion.NEUTRAL,
            "愤怒", Emotion.ANGRY, "悲伤", Emotion.SAD, "恐惧", Emotion.FEAR, "惊奇", Emotion.SURPRISE);
    private static final Pattern NAME = Pattern.compile("(?<![a-z])(happy|neutral|neural|angry|sad|fear|surprise)(?![a-z])|"
            + String.join("|", CHINESE.keySet()));

    private final CachedChat chat;
    private final Polarity surprise;
    private final int concurrency;

    /**
     * @param surprise    the polarity surprise counts as
     * @param concurrency posts asked at once (a local model answers one at a time whatever this is)
     */
    public LlmJudge(ChatModel model, PromptCache cache, Polarity surprise, int concurrency) {
        this.chat = new CachedChat(model, cache);
        this.surprise = surprise;
        this.concurrency = Math.max(1, concurrency);
    }

    /** The judge, for the record of an evaluation. */
    public String provenance() {
        return "LLM judge " + chat.model().name() + " (LlmJudge's fixed prompt; surprise counted as " + surprise.label() + ")";
    }

    /** The user prompt for {@code post}. */
    public static String prompt(String post) {
        return USER_TEMPLATE.replace("{post}", post);
    }

    /** The one emotion an answer names. */
    public static Emotion parse(String answer) throws ChatException {
        Set<Emotion> named = EnumSet.noneOf(Emotion.class);
        Matcher m = NAME.matcher(answer.toLowerCase(Locale.ROOT));
        while (m.find()) {
            named.add(m.group(1) != null ? Emotion.parse(m.group(1)).orElseThrow() : CHINESE.get(m.group()));
        }
        if (named.size() != 1) {
            throw new ChatException((named.isEmpty() ? "the answer names no emotion: \"" : "the answer names " + named.size()
                    + " different emotions: \"") + CachedChat.abbreviate(answer) + "\"", null);
        }
        return named.iterator().next();
    }

    /** One post's label; a failure names the post and what the model answered. */
    public Label label(String post) {
        try {
            Emotion e = chat.ask(SYSTEM, prompt(post), LlmJudge::parse);
            return Label.of(e, Polarity.of(e, surprise));
        } catch (ChatException e) {
            return Label.failed("judge " + chat.model().name() + " on \"" + CachedChat.abbreviate(post) + "\": " + e.getMessage());
        }
    }

    @Override
    public List<Label> labelAll(List<String> texts) {
        if (concurrency == 1 || texts.size() <= 1) return texts.stream().map(this::label).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, texts.size()))) {
            List<Future<Label>> futures = new ArrayList<>(texts.size());
            for (String text : texts) futures.add(pool.submit(() -> label(text)));
            List<Label> labels = new ArrayList<>(texts.size());
            for (Future<Label> f : futures) labels.add(f.get());
            return labels;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("labelling interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("labelling failed: " + e.getCause(), e.getCause());
        }
    }
}
