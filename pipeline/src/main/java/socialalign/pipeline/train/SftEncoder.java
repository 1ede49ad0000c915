package socialalign.pipeline.train;

import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import socialalign.autograd.F;
import socialalign.autograd.nn.Spans;
import socialalign.lora.PromptSpans;
import socialalign.models.tokenizer.ChatTemplate;
import socialalign.models.tokenizer.ChatTemplate.Message;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.pipeline.dataset.alpaca.AlpacaRecord;

/**
 * Turns an Alpaca record into a training sequence as the reference does (spec C1-C3), without its defects:
 * <ul>
 *   <li>ChatML with system {@value #SYSTEM_PROMPT}, user = instruction, assistant = output (the input field is
 *       ignored), rendered without generation prompt and right-stripped: the sequence ends with {@code <|im_end|>};</li>
 *   <li>labels by token positions: the prompt (through {@code assistant⏎}) and the response are tokenised apart, so
 *       the loss covers exactly the response tokens and the closing {@code <|im_end|>}, never prompt text that
 *       happens to equal the output (the reference's first-{@code find}, C10);</li>
 *   <li>a sequence over the maximum length loses history text from its end, never the response or the span markers
 *       (the reference truncates the tail, and can cut the response entirely, C10); one that does not fit even
 *       without history is skipped with a reason.</li>
 * </ul>
 */
public final class SftEncoder {
    public static final String SYSTEM_PROMPT = "你是一个微博用户。";
    /** The header before the five history posts, and the blocks that may follow them (spec B8). */
    static final String HISTORY_HEADER = "以下是你的五条历史博文: \n";
    static final List<String> AFTER_HISTORY = List.of("以下是你的用户画像：", PromptSpans.NEWS_MARKER);

    /** Why a record yields no example. */
    public enum Skip {
        EMPTY_OUTPUT("empty output"),
        NO_MARKERS("no span markers (PAC-LoRA needs them)"),
        TOO_LONG("over the maximum length even without history");

        public final String reason;

        Skip(String reason) {
            this.reason = reason;
        }
    }

    /** An example, or why there is none. */
    public record Encoded(SftExample example, Skip skip) {}

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final boolean needSpans;
    private final int imEnd;

    /** @param needSpans whether the PAC spans are required (PAC-LoRA) or left empty (plain LoRA) */
    public SftEncoder(Tokenizer tokenizer, int maxLength, boolean needSpans) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
        this.needSpans = needSpans;
        OptionalInt end = tokenizer.tokenId("<|im_end|>");
        if (end.isEmpty()) throw new IllegalArgumentException("the tokenizer has no <|im_end|> token");
        this.imEnd = end.getAsInt();
    }

    public Encoded encode(AlpacaRecord record) {
        if (record.output() == null || record.output().isEmpty()) return new Encoded(null, Skip.EMPTY_OUTPUT);
        String instruction = record.instruction();
        if (needSpans && !(instruction.contains(PromptSpans.NEWS_MARKER) && instruction.contains(PromptSpans.TAIL_MARKER))) {
            return new Encoded(null, Skip.NO_MARKERS);
        }
        int[] response = tokenizer.encode(record.output());
        response = Arrays.copyOf(response, response.length + 1);
        response[response.length - 1] = imEnd;
        int budget = maxLength - response.length;

        String prompt = prompt(instruction);
        int[] promptIds = tokenizer.encode(prompt);
        boolean shortened = false;
        if (promptIds.length > budget) {
            int[] history = historyRange(instruction);
            if (history == null) return new Encoded(null, Skip.TOO_LONG);
            // The longest history prefix (in code points) that fits: a binary search over its length.
            String text = instruction.substring(history[0], history[1]);
            int lo = 0, hi = text.codePointCount(0, text.length()) - 1;
            String best = null;
            int[] bestIds = null;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                String kept = text.substring(0, text.offsetByCodePoints(0, mid));
                String candidate = prompt(instruction.substring(0, history[0]) + kept + instruction.substring(history[1]));
                int[] ids = tokenizer.encode(candidate);
                if (ids.length <= budget) {
                    best = candidate;
                    bestIds = ids;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (best == null) return new Encoded(null, Skip.TOO_LONG);
            prompt = best;
            promptIds = bestIds;
            shortened = true;
        }
        Spans spans = needSpans ? PromptSpans.of(tokenizer, prompt) : Spans.NONE;
        int n = promptIds.length + response.length;
        int[] ids = Arrays.copyOf(promptIds, n);
        System.arraycopy(response, 0, ids, promptIds.length, response.length);
        int[] targets = new int[n];
        Arrays.fill(targets, F.IGNORE_INDEX);
        for (int i = promptIds.length - 1; i < n - 1; i++) targets[i] = ids[i + 1];
        return new Encoded(new SftExample(ids, targets, spans, response.length, shortened), null);
    }

    /** The sequence up to and including {@code <|im_start|>assistant⏎}: what precedes the first target. */
    public static String prompt(String instruction) {
        return ChatTemplate.render(List.of(Message.system(SYSTEM_PROMPT), Message.user(instruction)), true);
    }

    /** The history text {@code [start, end)} in the instruction (without its final newline), or null if none. */
    static int[] historyRange(String instruction) {
        int header = instruction.indexOf(HISTORY_HEADER);
        if (header < 0) return null;
        int start = header + HISTORY_HEADER.length();
        int end = -1;
        for (String next : AFTER_HISTORY) {
            int at = instruction.indexOf(next, start);
            if (at >= 0 && (end < 0 || at < end)) end = at;
        }
        if (end <= start) return null;
        return new int[] {start, end - 1}; // the newline before the next block stays
    }
}
