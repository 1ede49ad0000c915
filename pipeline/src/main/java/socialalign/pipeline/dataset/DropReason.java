package socialalign.pipeline.dataset;

/**
 * Why a history post (spec B4) or a whole case (spec B6–B8) was left out; the statistics report counts each.
 * History-post reasons are listed in the order the reference tests them (the first match wins).
 */
public enum DropReason {
    /** B4 b: an {@code exclude_retweet_topics} entry is in the retweet's topics. */
    RETWEET_TOPIC_EXCLUDED,
    /** B4 c: an {@code exclude_retweet_texts} entry is in the retweet's text. */
    RETWEET_TEXT_EXCLUDED,
    /** B4 d: an {@code exclude_topics} entry is in the topics. */
    TOPIC_EXCLUDED,
    /** B4 d: an {@code exclude_texts} entry is in the text. */
    TEXT_EXCLUDED,
    /** B4 d: the user's own screen name is in the text. */
    SCREEN_NAME_IN_TEXT,
    /** B4 e: a topic is shorter than the minimum topic length. */
    SHORT_TOPIC,
    /** B4 f: the text is only hashtags. */
    ONLY_HASHTAGS,
    /** B4 g: the text is empty after cleaning. */
    EMPTY_TEXT,
    /** B4 g: the post has no topic while topics are required. */
    NO_TOPIC,

    /** B6: the cleaned target post is only hashtags. */
    TARGET_ONLY_HASHTAGS,
    /** B6 (fixed defect F5): the cleaned target post is empty, which would leave the label mask unanchored. */
    TARGET_EMPTY,
    /** B6: the target's author has no profile. */
    USER_UNKNOWN,
    /** B6: fewer history posts than the minimum remain once the target is removed. */
    HISTORY_TOO_SHORT,
    /** B6: the event has no topic and the config drops such events. */
    NO_EVENT_TOPIC,
    /** B6: the crawled query has no news text in the user's news folder or file. */
    NO_TOPIC_NEWS,
    /** B7: the persona backend failed for this case. */
    PERSONA_FAILED,
    /** C3: a user name, history post, persona or news text contains a PAC-LoRA marker and would move the masks. */
    MARKER_IN_CONTENT
}
