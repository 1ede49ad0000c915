package socialalign.pipeline.dataset.clean;

/**
 * The thresholds of history filtering (spec B4), as settings. {@link #reference()} is the reference's behaviour,
 * right for crawled timelines (up to 200 hashtagged posts per user); {@link #sharedDataset()} suits the public
 * responses dataset, whose posts rarely carry a hashtag.
 *
 * @param exclusions        the four blacklists
 * @param minTopicLength    a post with a topic of fewer code points is dropped (reference 4: {@code len ≤ 3} drops);
 *                          0 keeps every topic
 * @param requireTopics     drop posts without any topic (reference: yes)
 * @param excludeScreenName drop posts that contain the user's own screen name (reference: yes; an empty screen
 *                          name is ignored, which fixes defect F10: the reference then drops every post)
 */
public record HistorySettings(ExclusionLists exclusions, int minTopicLength, boolean requireTopics, boolean excludeScreenName) {

    /** The reference's rules and lists. */
    public static HistorySettings reference() {
        return new HistorySettings(ExclusionLists.reference(), 4, true, true);
    }
}
