package socialalign.models.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens in text the way Hugging Face's {@code AddedVocabulary::find_matches} does: leftmost-longest
 * matches, scanned left to right without overlap; a {@code single_word} match touching a word character is
 * dropped (and the scan goes on after it), {@code lstrip}/{@code rstrip} widen a match over adjacent whitespace.
 */
final class AddedTokenSplitter {

    /** Receives the text between matches ({@code token == null}) and the matches, in order. */
    @FunctionalInterface
    interface SegmentSink {
        void accept(int start, int end, AddedToken token);
    }

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>();
        AddedToken token;
    }

    private static final int WORD_TYPES = 1 << Character.NON_SPACING_MARK | 1 << Character.ENCLOSING_MARK
            | 1 << Character.COMBINING_SPACING_MARK | 1 << Character.DECIMAL_DIGIT_NUMBER
            | 1 << Character.CONNECTOR_PUNCTUATION;

    private final Node root = new Node();

    AddedTokenSplitter(List<AddedToken> tokens) {
        for (AddedToken token : tokens) {
            Node node = root;
            for (char c : token.content().toCharArray()) {
                node = node.children.computeIfAbsent(c, k -> new Node());
            }
            node.token = token;
        }
    }

    boolean isEmpty() {
        return root.children.isEmpty();
    }

    /** Splits {@code text[from, to)} into text segments and added tokens that together cover it. */
    void split(String text, int from, int to, SegmentSink sink) {
        int done = from;
        int i = from;
        while (i < to) {
            Node node = root.children.get(text.charAt(i));
            if (node == null) {
                i++;
                continue;
            }
            AddedToken longest = null;
            int matchEnd = -1;
            for (int j = i + 1; node != null; j++) {
                if (node.token != null) {
                    longest = node.token;
                    matchEnd = j;
                }
                node = j < to ? node.children.get(text.charAt(j)) : null;
            }
            if (longest == null) {
                i++;
                continue;
            }
            int start = i;
            int end = matchEnd;
            i = matchEnd;
            if (longest.singleWord() && (touchesWord(text, from, start, -1) || touchesWord(text, to, end, +1))) {
                continue;
            }
            if (longest.lstrip()) {
                while (start > done && Qwen2PreTokenizer.isWhiteSpace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (longest.rstrip()) {
                while (end < to && Qwen2PreTokenizer.isWhiteSpace(text.charAt(end))) {
                    end++;
                }
                i = end;
            }
            if (start > done) {
                sink.accept(done, start, null);
            }
            sink.accept(start, end, longest);
            done = end;
        }
        if (done < to) {
            sink.accept(done, to, null);
        }
    }

    /** Whether the character just before ({@code direction -1}) or at ({@code +1}) {@code at} is a word character. */
    private static boolean touchesWord(String text, int limit, int at, int direction) {
        if (direction < 0 ? at <= limit : at >= limit) {
            return false;
        }
        int c = direction < 0 ? Character.codePointBefore(text, at) : Character.codePointAt(text, at);
        return isWordCharacter(c);
    }

    /**
     * The regex {@code \w} of Unicode (UTS #18, as Rust's regex crate has it): Alphabetic, marks, decimal digits,
     * connector punctuation such as {@code _}, and the joiners U+200C/U+200D. {@code ²} is no word character.
     */
    static boolean isWordCharacter(int c) {
        return Character.isAlphabetic(c) || c == 0x200C || c == 0x200D || (WORD_TYPES >> Character.getType(c) & 1) != 0;
    }
}
