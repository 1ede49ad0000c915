package socialalign.models.tokenizer;

import org.junit.jupiter.api.Test;
import socialalign.models.tokenizer.ChatTemplate.Message;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Renderings of Qwen2.5-Instruct's chat template, written out by hand from the Jinja source. */
class ChatTemplateTest {

    private static final String DEFAULT_SYSTEM = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. "
            + "You are a helpful assistant.<|im_end|>\n";

    @Test
    void defaultSystemPromptWhenNoneIsGiven() {
        assertEquals(DEFAULT_SYSTEM + "<|im_start|>user\n你好<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.render(List.of(Message.user("你好")), true));
        assertEquals(DEFAULT_SYSTEM, ChatTemplate.render(List.of(), false));
    }

    @Test
    void ownSystemPromptReplacesTheDefault() {
        assertEquals("<|im_start|>system\n你是一名微博用户。<|im_end|>\n<|im_start|>user\n新闻<|im_end|>\n",
                ChatTemplate.render(List.of(Message.system("你是一名微博用户。"), Message.user("新闻")), false));
    }

    @Test
    void multiTurnWithAssistantAndALaterSystemMessage() {
        String rendered = ChatTemplate.render(List.of(Message.user("a"), Message.assistant("b"),
                Message.system("c"), Message.user(" d\n")), true);
        assertEquals(DEFAULT_SYSTEM + "<|im_start|>user\na<|im_end|>\n<|im_start|>assistant\nb<|im_end|>\n"
                + "<|im_start|>system\nc<|im_end|>\n<|im_start|>user\n d\n<|im_end|>\n<|im_start|>assistant\n", rendered);
    }

    @Test
    void consecutiveToolResponsesShareOneUserTurn() {
        String rendered = ChatTemplate.render(List.of(Message.system("s"), Message.user("q"), Message.tool("r1"),
                Message.tool("r2"), Message.assistant("x")), false);
        assertEquals("<|im_start|>system\ns<|im_end|>\n<|im_start|>user\nq<|im_end|>\n"
                + "<|im_start|>user\n<tool_response>\nr1\n</tool_response>\n<tool_response>\nr2\n</tool_response>"
                + "<|im_end|>\n<|im_start|>assistant\nx<|im_end|>\n", rendered);
    }

    @Test
    void encodesMarkersAsSpecialTokens() {
        Tokenizer qwen = Tokenizer.load(TokenizerFiles.qwenTokenizerJson());
        int[] ids = qwen.encode(ChatTemplate.render(List.of(Message.user("你好")), true));
        assertEquals(151644, ids[0]);
        assertEquals(3, Arrays.stream(ids).filter(id -> id == 151644).count());
        assertEquals(2, Arrays.stream(ids).filter(id -> id == 151645).count());
        // "<|im_start|>assistant\n" closes the prompt: 151644, "assistant" (77091), "\n" (198).
        assertEquals(List.of(151644, 77091, 198), Arrays.stream(ids, ids.length - 3, ids.length).boxed().toList());
    }
}
