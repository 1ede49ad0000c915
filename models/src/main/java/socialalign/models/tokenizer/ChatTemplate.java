package socialalign.models.tokenizer;

import java.util.List;
import java.util.Objects;

/**
 * ChatML exactly as Qwen2.5-Instruct's Jinja {@code chat_template} renders a conversation without tools:
 * <pre>
 * &lt;|im_start|&gt;system\n{system}&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;user\n{content}&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;assistant\n{content}&lt;|im_end|&gt;\n
 * &lt;|im_start|&gt;assistant\n            (the generation prompt, when asked for)
 * </pre>
 * When the first message is not a system message, the template puts {@link #DEFAULT_SYSTEM_PROMPT} first.
 * Consecutive tool messages share one user turn, each wrapped in {@code <tool_response>} tags. Contents are
 * copied verbatim, as the template does (no trimming, no escaping). Tool definitions and assistant tool calls
 * are outside this class.
 */
public final class ChatTemplate {

    /** What Qwen2.5's template says when the conversation brings no system prompt of its own. */
    public static final String DEFAULT_SYSTEM_PROMPT =
            "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.";

    /** Who speaks; {@link #wireName()} is the role as the template writes it. */
    public enum Role {
        SYSTEM, USER, ASSISTANT, TOOL;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One turn of a conversation. */
    public record Message(Role role, String content) {
        public Message {
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(content, "content");
        }

        public static Message system(String content) {
            return new Message(Role.SYSTEM, content);
        }

        public static Message user(String content) {
            return new Message(Role.USER, content);
        }

        public static Message assistant(String content) {
            return new Message(Role.ASSISTANT, content);
        }

        public static Message tool(String content) {
            return new Message(Role.TOOL, content);
        }
    }

    private ChatTemplate() {
    }

    /**
     * The prompt text of a conversation, to be encoded with {@link Tokenizer#encode} (which turns the ChatML
     * markers into their special-token ids).
     *
     * @param addGenerationPrompt end with an open assistant turn for the model to continue
     */
    public static String render(List<Message> messages, boolean addGenerationPrompt) {
        StringBuilder out = new StringBuilder();
        if (messages.isEmpty() || messages.getFirst().role() != Role.SYSTEM) {
            turn(out, "system", DEFAULT_SYSTEM_PROMPT);
        }
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (m.role() != Role.TOOL) {
                turn(out, m.role().wireName(), m.content());
                continue;
            }
            if (i == 0 || messages.get(i - 1).role() != Role.TOOL) {
                out.append("<|im_start|>user");
            }
            out.append("\n<tool_response>\n").append(m.content()).append("\n</tool_response>");
            if (i == messages.size() - 1 || messages.get(i + 1).role() != Role.TOOL) {
                out.append("<|im_end|>\n");
            }
        }
        if (addGenerationPrompt) {
            out.append("<|im_start|>assistant\n");
        }
        return out.toString();
    }

    private static void turn(StringBuilder out, String role, String content) {
        out.append("<|im_start|>").append(role).append('\n').append(content).append("<|im_end|>\n");
    }
}
