package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.models.generate.SamplingParams;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.llm.ChatException;
import socialalign.pipeline.llm.LocalChat;
import socialalign.pipeline.llm.OpenAiChat;
import socialalign.pipeline.llm.PromptCache;

/**
 * The LLM judge of issue 7: its answer parsing, and the judge on a fake OpenAI-compatible server on 127.0.0.1 (prompts,
 * cache, a per-post failure for an answer that names no emotion) and on the tiny local Qwen2 fixture (plumbing only).
 */
class LlmJudgeTest {
    static final Path MODEL = Path.of("../models/src/test/resources/qwen2/tied-gqa2-f32");

    @TempDir
    Path folder;

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    /** The fake model's answer for each post: the post is the prompt's last line. */
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private volatile JsonNode lastRequest;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            lastRequest = body;
            String user = body.at("/messages/1/content").asText();
            String post = user.substring(user.lastIndexOf("微博博文：") + "微博博文：".length());
            byte[] answer = Json.MAPPER.createObjectNode().set("choices", Json.MAPPER.createArrayNode().add(
                    Json.MAPPER.createObjectNode().set("message", Json.MAPPER.createObjectNode()
                            .put("role", "assistant").put("content", answers.getOrDefault(post, "neutral")))))
                    .toString().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private LlmJudge openAiJudge(Path cache) {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
        return new LlmJudge(new OpenAiChat(base, "judge-model", "", 2, Duration.ofMillis(10)), new PromptCache(cache), Polarity.NEUTRAL, 3);
    }

    @Test
    void parsesTheAnswerLeniently() throws ChatException {
        assertEquals(Emotion.SAD, LlmJudge.parse("sad"));
        assertEquals(Emotion.SAD, LlmJudge.parse("  **Sad**。\n"));
        assertEquals(Emotion.SAD, LlmJudge.parse("sad（悲伤）"));
        assertEquals(Emotion.ANGRY, LlmJudge.parse("类别：愤怒"));
        assertEquals(Emotion.NEUTRAL, LlmJudge.parse("neural"));
        assertEquals(Emotion.SURPRISE, LlmJudge.parse("The emotion is: surprise."));
    }

    @Test
    void anAnswerWithoutOneEmotionIsAFailure() {
        ChatException none = assertThrows(ChatException.class, () -> LlmJudge.parse("I cannot tell."));
        assertEquals("the answer names no emotion: \"I cannot tell.\"", none.getMessage());
        ChatException two = assertThrows(ChatException.class, () -> LlmJudge.parse("happy or sad"));
        assertEquals("the answer names 2 different emotions: \"happy or sad\"", two.getMessage());
        // Words that merely contain a label are not labels.
        assertThrows(ChatException.class, () -> LlmJudge.parse("unhappy, fearful"));
    }

    @Test
    void judgesThroughAnEndpointWithPerPostFailuresAndACache() {
        answers.put("今天真开心", "happy");
        answers.put("气死我了", "Angry.");
        answers.put("吓死了", "fear");
        answers.put("好奇怪", "I am not sure what this is.");
        Path cache = folder.resolve("judge-cache");
        List<String> posts = List.of("今天真开心", "气死我了", "吓死了", "好奇怪", "开会");
        List<EmotionLabeller.Label> labels = openAiJudge(cache).labelAll(posts);
        assertEquals(List.of(Emotion.HAPPY, Emotion.ANGRY, Emotion.FEAR), labels.subList(0, 3).stream().map(EmotionLabeller.Label::emotion).toList());
        assertEquals(List.of(Polarity.POSITIVE, Polarity.NEGATIVE, Polarity.NEGATIVE),
                labels.subList(0, 3).stream().map(EmotionLabeller.Label::polarity).toList());
        assertFalse(labels.get(3).labelled());
        assertEquals("judge openai:judge-model on \"好奇怪\": the answer names no emotion: \"I am not sure what this is.\"",
                labels.get(3).failure());
        assertEquals(EmotionLabeller.Label.of(Emotion.NEUTRAL, Polarity.NEUTRAL), labels.get(4));
        // The request: the fixed prompts and the model name.
        assertEquals("judge-model", lastRequest.get("model").asText());
        assertEquals(LlmJudge.SYSTEM, lastRequest.at("/messages/0/content").asText());
        assertTrue(lastRequest.at("/messages/1/content").asText().startsWith("请判断下面这条微博博文表达的情绪"));
        assertEquals(5, calls.get());
        // A rerun: the four good answers come from the cache, the failed post is asked again.
        assertEquals(labels, openAiJudge(cache).labelAll(posts));
        assertEquals(6, calls.get());
    }

    @Test
    void theUserPromptIsFixed() {
        assertEquals("""
                请判断下面这条微博博文表达的情绪，只能从以下六类中选择一类：
                happy（积极）、neutral（中性）、angry（愤怒）、sad（悲伤）、fear（恐惧）、surprise（惊奇）。
                只输出类别的英文名，不要输出其他内容。

                微博博文：下雪了""", LlmJudge.prompt("下雪了"));
    }

    /**
     * The tiny model's greedy answer is blank noise: the post is a named failure and nothing is cached; a cached answer
     * for the same model, settings and prompt is used without decoding.
     */
    @Test
    void judgesWithTheLocalModel() throws IOException {
        Path cache = folder.resolve("local-cache");
        LocalChat chat = new LocalChat(MODEL, SamplingParams.greedy(8));
        new PromptCache(cache).put(chat.cacheKey(), LlmJudge.SYSTEM, LlmJudge.prompt("今天真开心"), "happy");
        LlmJudge judge = new LlmJudge(chat, new PromptCache(cache), Polarity.NEUTRAL, 1);
        List<EmotionLabeller.Label> labels = judge.labelAll(List.of("今天真开心", "气死我了"));
        assertEquals(EmotionLabeller.Label.of(Emotion.HAPPY, Polarity.POSITIVE), labels.get(0));
        assertFalse(labels.get(1).labelled());
        assertTrue(labels.get(1).failure().startsWith("judge local:tied-gqa2-f32 on \"气死我了\": the answer names no emotion"),
                labels.get(1).failure());
        try (Stream<Path> files = Files.walk(cache)) {
            assertEquals(1, files.filter(Files::isRegularFile).count());
        }
        assertTrue(judge.provenance().startsWith("LLM judge local:tied-gqa2-f32"));
    }

    @Test
    void theJudgeSettingsChooseTheLabeller() {
        assertTrue(Judge.CLASSIFIER.open(folder, Polarity.NEUTRAL).labeller() instanceof EmotionClassifier);
        Judge.Labelling local = new Judge("local", MODEL.toString(), null, null, 0).open(folder, Polarity.NEUTRAL);
        assertTrue(local.labeller() instanceof LlmJudge);
        assertTrue(local.provenance().startsWith("LLM judge local:tied-gqa2-f32"), local.provenance());
        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> new Judge("openai", null, null, null, 0).open(folder, Polarity.NEUTRAL));
        assertEquals("judge model: the openai judge needs a model name", noModel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Judge("oracle", "x", null, null, 0).open(folder, Polarity.NEUTRAL));
    }
}
