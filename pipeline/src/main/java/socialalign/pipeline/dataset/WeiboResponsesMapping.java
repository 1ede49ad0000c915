package socialalign.pipeline.dataset;

import socialalign.pipeline.data.WeiboEvent;
import socialalign.pipeline.data.WeiboResponse;
import socialalign.pipeline.dataset.clean.Hashtags;
import socialalign.pipeline.dataset.clean.PythonWhitespace;
import socialalign.pipeline.dataset.clean.TextCleaner;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the public Weibo responses dataset maps onto the reference's notions (spec B6): an event is a topic with
 * its news, a response is a post (target or history), and a post's topics are its inline hashtags.
 */
public final class WeiboResponsesMapping {
    /** Where a news lead ends: the first clause separator. */
    private static final Pattern CLAUSE_END = Pattern.compile("[，。！？；：,.!?;:\\n]");
    private static final int MAX_LEAD_CODE_POINTS = 20;

    private WeiboResponsesMapping() {
    }

    /** A response as a history post: its own words, its inline hashtags as topics, no retweet. */
    public static HistoryPost post(WeiboResponse response) {
        return new HistoryPost(response.mid(), response.text(), String.join(",", Hashtags.inlineTopics(response.text())),
                response.createdAt(), response.createdAtUnix(), null);
    }

    /**
     * The topic shown as {@code #topic#} for an event: its first hashtag, unless that names a news column and the
     * event has a title; else its title; else, when {@code missingTopic} is {@code "lead"}, the news' first clause.
     */
    public static Optional<String> topic(WeiboEvent event, DatasetConfig.Cases settings) {
        if (event.topic() != null && !event.topic().isBlank()) {
            boolean column = settings.columnHashtags().contains(event.topic());
            return Optional.of(column && event.title() != null ? event.title() : event.topic());
        }
        if (event.title() != null && !event.title().isBlank()) {
            return Optional.of(event.title());
        }
        return switch (settings.missingTopic()) {
            case "lead" -> lead(event.newsText());
            case "drop" -> Optional.empty();
            default -> throw new IllegalArgumentException("cases.missing_topic: expected \"lead\" or \"drop\", got \"" + settings.missingTopic() + "\"");
        };
    }

    /** The first clause of the cleaned news, without hashtags and mentions, cut to 20 code points. */
    static Optional<String> lead(String news) {
        String text = TextCleaner.clean(news).replaceAll("#[^#]*#|@[^\\s:：，,]+[:：]?", "");
        String clause = PythonWhitespace.strip(CLAUSE_END.split(text, 2)[0]);
        if (clause.codePointCount(0, clause.length()) > MAX_LEAD_CODE_POINTS) {
            clause = clause.substring(0, clause.offsetByCodePoints(0, MAX_LEAD_CODE_POINTS));
        }
        return clause.isEmpty() ? Optional.empty() : Optional.of(clause);
    }
}
