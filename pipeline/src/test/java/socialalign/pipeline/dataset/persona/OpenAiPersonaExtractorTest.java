package socialalign.pipeline.dataset.persona;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.dataset.HistoryPost;
import socialalign.pipeline.dataset.Json;
import socialalign.pipeline.llm.OpenAiChat;
import socialalign.pipeline.llm.PromptCache;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The chat-completions persona backend ({@link ChatPersonaExtractor} on {@link OpenAiChat}) against a fake server on 127.0.0.1: prompts, retries, cache, named failures. */
class OpenAiPersonaExtractorTest {
    @TempDir
    Path cacheDir;

    private HttpServer server;
    private final ConcurrentLinkedQueue<JsonNode> requests = new ConcurrentLinkedQueue<>();
    private final List<String> authorizations = new ArrayList<>();
    /** Status codes to answer, in order, before answering 200. */
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", exchange -> {
            calls.incrementAndGet();
            JsonNode body = Json.MAPPER.readTree(exchange.getRequestBody());
            requests.add(body);
            synchronized (authorizations) {
                authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            }
            Integer failure = failures.poll();
            String user = body.path("messages").path(1).path("content").asText();
            byte[] answer = (failure != null ? "{\"error\": \"busy\"}"
                    : Json.MAPPER.createObjectNode().set("choices", Json.MAPPER.createArrayNode().add(
                    Json.MAPPER.createObjectNode().set("message", Json.MAPPER.createObjectNode()
                            .put("role", "assistant").put("content", "1. 兴趣话题：" + user.length())))).toString())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(failure != null ? failure : 200, answer.length);
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

    private ChatPersonaExtractor extractor() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/";
        return new ChatPersonaExtractor(new OpenAiChat(base, "test-model", "sk-test", 3, Duration.ofMillis(10)), new PromptCache(cacheDir));
    }

    private static PersonaInput input(String caseId) {
        List<HistoryPost> history = List.of(new HistoryPost("1", "一", "", "", 0, null), new HistoryPost("2", "二", "", "", 0, null));
        return new PersonaInput(caseId, "小明", history);
    }

    @Test
    void sendsTheExactPromptsWithoutSamplingParameters() throws Exception {
        String answer = extractor().extract(input("e/1"));
        JsonNode request = requests.peek();
        assertEquals("test-model", request.get("model").asText());
        assertEquals(List.of("model", "messages"), iterable(request.fieldNames()));
        assertEquals("system", request.at("/messages/0/role").asText());
        assertEquals(PersonaPrompts.SYSTEM, request.at("/messages/0/content").asText());
        assertEquals(PersonaPrompts.user(input("e/1")), request.at("/messages/1/content").asText());
        assertEquals("Bearer sk-test", authorizations.getFirst());
        assertEquals("1. 兴趣话题：" + PersonaPrompts.user(input("e/1")).length(), answer);
    }

    @Test
    void retriesTransientFailuresThenCaches() throws Exception {
        failures.add(503);
        failures.add(429);
        ChatPersonaExtractor extractor = extractor();
        String first = extractor.extract(input("e/1"));
        assertEquals(3, calls.get());
        // Same prompt again, even from a new extractor: the disk cache answers.
        assertEquals(first, extractor().extract(input("e/2")));
        assertEquals(3, calls.get());
    }

    @Test
    void aClientErrorFailsAtOnceAndNamesTheCase() {
        failures.add(401);
        PersonaException e = assertThrows(PersonaException.class, () -> extractor().extract(input("e/42")));
        assertTrue(e.getMessage().startsWith("case e/42: HTTP 401"), e.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void givesUpAfterMaxAttempts() {
        failures.add(500);
        failures.add(500);
        failures.add(500);
        PersonaException e = assertThrows(PersonaException.class, () -> extractor().extract(input("e/7")));
        assertTrue(e.getMessage().startsWith("case e/7: HTTP 500"), e.getMessage());
        assertEquals(3, calls.get());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
