package socialalign.pipeline.dataset.clean;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The reference's {@code clean_text} (spec B1): four groups of rules applied in this exact order to every target
 * and history post. Python's regex semantics are kept on purpose: {@code .} excludes only {@code \n}, and
 * {@code \s}/{@code \S} and {@code strip()} use Python's whitespace ({@link PythonWhitespace}).
 */
public final class TextCleaner {
    // UNIX_LINES: Python's '.' excludes only '\n'; Java's would also exclude '\r', U+0085, U+2028 and U+2029.
    private static final int PYTHON_DOT = Pattern.UNIX_LINES;

    /** Rule 1: deletions. The dots of {@code ...\n全文} are wildcards: any 3 characters before the marker go too. */
    private static final List<Pattern> DELETIONS = List.of(
            Pattern.compile("\n" + PythonWhitespace.NOT_CLASS + "+的微博视频"),
            Pattern.compile("\n" + PythonWhitespace.NOT_CLASS + "+的微博直播"),
            Pattern.compile("...\n全文", PYTHON_DOT));

    /** Rule 2: replaced by one {@code #}, so {@code #topic#某某的微博视频} becomes {@code #topic#}. */
    private static final List<Pattern> TO_HASH = List.of(
            Pattern.compile("#[^#]+的微博直播"),
            Pattern.compile("#[^#]+的微博视频"));

    /** Rule 3: literal removals, in order ({@code //} also breaks URLs and repost chains, as in the reference). */
    private static final List<String> LITERALS = List.of("网页链接", "微博正文", "//", "#热门视频#");

    /** Rule 4: runs of Python whitespace become one space. */
    private static final Pattern WHITESPACE_RUN = Pattern.compile(PythonWhitespace.CLASS + "+");

    private TextCleaner() {
    }

    /** {@code clean_text(t)}: rules 1–4 of spec B1. */
    public static String clean(String text) {
        String t = text;
        for (Pattern p : DELETIONS) {
            t = p.matcher(t).replaceAll("");
        }
        for (Pattern p : TO_HASH) {
            t = p.matcher(t).replaceAll("#");
        }
        for (String literal : LITERALS) {
            t = t.replace(literal, "");
        }
        return collapseWhitespace(t);
    }

    /** {@code clean_redundant_whitespace}: Python {@code strip()}, then every whitespace run becomes one space. */
    public static String collapseWhitespace(String text) {
        return WHITESPACE_RUN.matcher(PythonWhitespace.strip(text)).replaceAll(" ");
    }

    /** {@code clean_topics}: deletes the literal {@code ,热门视频} from a comma-joined topics string. */
    public static String cleanTopics(String topics) {
        return topics.replace(",热门视频", "");
    }
}
