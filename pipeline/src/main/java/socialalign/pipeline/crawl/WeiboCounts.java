package socialalign.pipeline.crawl;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The count forms Weibo shows: {@code 12}, {@code 1万+}, {@code 3.5万}, {@code 1.2亿}, or a bare
 * label such as {@code 转发} meaning zero.
 */
public final class WeiboCounts {

    // Spec A1: the first match of \d+.* in the link text, else '0'.
    private static final Pattern COUNT = Pattern.compile("\\d+.*");
    private static final Pattern NUMBER = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(万|亿)?");

    private WeiboCounts() {}

    /** The count part of a label such as {@code " 转发 1万+"}, as the reference's regex finds it ({@code "0"} if none). */
    public static String countText(String label) {
        if (label == null) {
            return "0";
        }
        Matcher m = COUNT.matcher(label);
        return m.find() ? m.group().strip() : "0";
    }

    /**
     * The number of a count (spec A3 {@code string_to_int}, made total): {@code 万} and {@code 万+} are ×10⁴,
     * {@code 亿} ×10⁸, fractions truncated after scaling; a label with no digits is 0. Text around the
     * number ({@code 转发}, {@code 赞[572950]}) is ignored.
     */
    public static long parse(String text) {
        Matcher m = NUMBER.matcher(text == null ? "" : text.replace(",", ""));
        if (!m.find()) {
            return 0;
        }
        long scale = switch (m.group(2) == null ? "" : m.group(2)) {
            case "万" -> 10_000L;
            case "亿" -> 100_000_000L;
            default -> 1L;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(scale)).longValue();
    }
}
