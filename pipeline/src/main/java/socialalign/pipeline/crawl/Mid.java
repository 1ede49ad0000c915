package socialalign.pipeline.crawl;

/**
 * Conversion between a post's numeric mid and its base62 bid, the last path segment of
 * {@code weibo.com/{uid}/{bid}} (spec F.9: the AI-search crawler kept the bid where the dataset
 * builder needs the mid).
 *
 * <p>The mid's decimal digits are cut into groups of 7 from the right; each group is written in
 * base62 and, except the leftmost, padded to 4 characters. The bid is read back 4 characters at a time.
 */
public final class Mid {

    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private Mid() {}

    /** The bid of a numeric mid, e.g. {@code 4607741009594608 -> K3fnuEfZK}. */
    public static String toBid(String mid) {
        if (mid.isEmpty() || !mid.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("mid must be decimal digits: '" + mid + "'");
        }
        String digits = mid.replaceFirst("^0+(?=.)", "");
        StringBuilder bid = new StringBuilder();
        for (int end = digits.length(); end > 0; end -= 7) {
            int start = Math.max(0, end - 7);
            String group = base62(Long.parseLong(digits.substring(start, end)));
            bid.insert(0, start > 0 ? "0".repeat(4 - group.length()) + group : group);
        }
        return bid.toString();
    }

    /** The numeric mid of a bid, e.g. {@code K3fnuEfZK -> 4607741009594608}. */
    public static String toMid(String bid) {
        if (bid.isEmpty() || !bid.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0)) {
            throw new IllegalArgumentException("bid must be base62 characters: '" + bid + "'");
        }
        StringBuilder mid = new StringBuilder();
        for (int end = bid.length(); end > 0; end -= 4) {
            int start = Math.max(0, end - 4);
            long value = 0;
            for (int i = start; i < end; i++) {
                value = value * 62 + ALPHABET.indexOf(bid.charAt(i));
            }
            if (value > 9_999_999L) {
                throw new IllegalArgumentException("not a bid (group '" + bid.substring(start, end) + "' exceeds 7 digits): '" + bid + "'");
            }
            String group = Long.toString(value);
            mid.insert(0, start > 0 ? "0".repeat(7 - group.length()) + group : group);
        }
        return mid.toString().replaceFirst("^0+(?=.)", "");
    }

    /** Whether {@code id} looks like a numeric mid rather than a bid. */
    public static boolean isMid(String id) {
        return !id.isEmpty() && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String base62(long value) {
        if (value == 0) {
            return "0";
        }
        StringBuilder out = new StringBuilder();
        for (long v = value; v > 0; v /= 62) {
            out.insert(0, ALPHABET.charAt((int) (v % 62)));
        }
        return out.toString();
    }
}
