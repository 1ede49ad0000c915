package socialalign.pipeline.dataset.clean;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hashtag helpers of spec B2 ({@code utils/hashtag_utils.py}) and the topic extraction the public dataset needs. */
public final class Hashtags {
    private static final Pattern ONLY_HASHTAGS = Pattern.compile("(#[^#]+#" + PythonWhitespace.CLASS + "*)+");
    private static final Pattern HASHTAG = Pattern.compile("#([^#]+)#");

    private Hashtags() {
    }

    /** {@code is_only_hashtags}: a full match of {@code (#[^#]+#\s*)+}; the empty text is not only hashtags. */
    public static boolean isOnlyHashtags(String text) {
        return ONLY_HASHTAGS.matcher(text).matches();
    }

    /**
     * The texts of the {@code #…#} hashtags in a post, in order, as the crawler's comma-joined {@code topics}
     * field lists them; posts of the public dataset carry their hashtags only inline.
     */
    public static List<String> inlineTopics(String text) {
        List<String> topics = new ArrayList<>();
        Matcher m = HASHTAG.matcher(text);
        while (m.find()) {
            topics.add(m.group(1));
        }
        return topics;
    }
}
