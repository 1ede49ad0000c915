package socialalign.pipeline.sentiment;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bag of features of one post: the character n-grams (1 to {@code maxN}) of its normalised text, with start and
 * end marks, plus each Weibo emoticon ({@code [心]}, {@code [中国赞]}) as one feature.
 *
 * <p>Normalisation: NFKC (full-width to half-width, as the SMP2020-EWECT winning systems did), lower case, runs of
 * white space to one space, every URL to one placeholder and every {@code @name} to another, so that names in
 * repost chains ({@code //@name:}) share one feature instead of spreading over thousands.
 */
public final class TextFeatures {
    private static final Pattern URL = Pattern.compile("https?://[\\x21-\\x7e]+");
    private static final Pattern MENTION = Pattern.compile("@[^\\s:：,，。!！?？@/]{1,30}");
    private static final Pattern SPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern EMOTICON = Pattern.compile("\\[[^\\[\\]\\s]{1,8}]");
    // Private-use code points: they never occur in normalised Weibo text, so they cannot collide with real n-grams.
    private static final String URL_MARK = "\uE000", MENTION_MARK = "\uE001", EMOTICON_MARK = "\uE002";
    private static final int START = 0xE003, END = 0xE004;

    private final int maxN;

    /** Character n-grams of orders 1 to {@code maxN}. */
    public TextFeatures(int maxN) {
        if (maxN < 1) throw new IllegalArgumentException("maxN must be at least 1, got " + maxN);
        this.maxN = maxN;
    }

    public int maxN() {
        return maxN;
    }

    /** The normalised text that the n-grams are read from. */
    public static String normalise(String text) {
        String t = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        t = URL.matcher(t).replaceAll(URL_MARK);
        t = MENTION.matcher(t).replaceAll(MENTION_MARK);
        return SPACE.matcher(t).replaceAll(" ").strip();
    }

    /** The features of {@code text}, with repeats (a bag, not a set), in a fixed order. */
    public List<String> of(String text) {
        String t = normalise(text);
        int[] cps = new int[t.codePointCount(0, t.length()) + 2];
        cps[0] = START;
        int k = 1;
        for (int i = 0; i < t.length(); ) {
            int cp = t.codePointAt(i);
            cps[k++] = cp;
            i += Character.charCount(cp);
        }
        cps[k] = END;
        List<String> out = new ArrayList<>(cps.length * maxN);
        for (int n = 1; n <= maxN; n++) {
            for (int i = 0; i + n <= cps.length; i++) {
                // The lone marks are no features: every text has them.
                if (n == 1 && (i == 0 || i == cps.length - 1)) continue;
                out.add(new String(cps, i, n));
            }
        }
        Matcher m = EMOTICON.matcher(t);
        while (m.find()) out.add(EMOTICON_MARK + m.group());
        return out;
    }
}
