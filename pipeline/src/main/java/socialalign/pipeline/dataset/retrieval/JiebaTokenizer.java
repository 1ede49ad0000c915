package socialalign.pipeline.dataset.retrieval;

import com.huaban.analysis.jieba.JiebaSegmenter;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code jieba.cut(text)} in accurate mode with the HMM (spec B5), every token kept. Python jieba first splits the
 * text into blocks of {@code [\u4E00-\u9FD5a-zA-Z0-9+#&._%-]}: those go through the dictionary DAG and the HMM,
 * here huaban's port ({@link JiebaSegmenter#sentenceProcess}); everything else is emitted by jieba one code point at
 * a time, whitespace included ({@code \r\n} stays one token). The port segments whole sentences its own way (it
 * glues runs of punctuation together), so the block split is done here, as jieba does it. The concatenated tokens
 * always give back the input.
 */
public final class JiebaTokenizer {
    private static final Pattern HAN_BLOCK = Pattern.compile("[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%\\-]+");
    private static final JiebaSegmenter SEGMENTER = quietly();

    private JiebaTokenizer() {
    }

    /** The tokens of {@code text}, in order. */
    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher m = HAN_BLOCK.matcher(text);
        int at = 0;
        while (m.find()) {
            splitOther(text, at, m.start(), tokens);
            tokens.addAll(SEGMENTER.sentenceProcess(m.group()));
            at = m.end();
        }
        splitOther(text, at, text.length(), tokens);
        return tokens;
    }

    /** jieba's non-block text: {@code \r\n} as one token, any other code point on its own. */
    private static void splitOther(String text, int from, int to, List<String> tokens) {
        int i = from;
        while (i < to) {
            if (text.startsWith("\r\n", i) && i + 2 <= to) {
                tokens.add("\r\n");
                i += 2;
                continue;
            }
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            tokens.add(text.substring(i, next));
            i = next;
        }
    }

    /**
     * The port prints its dictionary-loading times on standard output, which would corrupt the output of CLI
     * filters such as {@code socialalign retrieve}: they go to standard error instead.
     */
    private static JiebaSegmenter quietly() {
        PrintStream out = System.out;
        System.setOut(System.err);
        try {
            JiebaSegmenter segmenter = new JiebaSegmenter();
            segmenter.sentenceProcess("加载");
            return segmenter;
        } finally {
            System.setOut(out);
        }
    }
}
