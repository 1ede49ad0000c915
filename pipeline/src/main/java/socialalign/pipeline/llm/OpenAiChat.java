package socialalign.pipeline.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import socialalign.pipeline.dataset.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Any OpenAI-compatible chat-completions endpoint ({@code POST BASE/chat/completions}) with a system and a user
 * message and, as the reference's persona script, no sampling parameters. Transient failures (network errors, 429,
 * 5xx) are retried with exponential backoff; a client error fails at once. Thread-safe.
 */
public final class OpenAiChat implements ChatModel {
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final HttpClient http;

    /**
     * @param baseUrl      e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
     * @param model        model name sent in each request
     * @param apiKey       bearer token (the {@code OPENAI_API_KEY} environment variable), or null or empty for none
     * @param maxAttempts  attempts per request
     * @param firstBackoff wait before the first retry; doubles at each retry
     */
    public OpenAiChat(String baseUrl, String model, String apiKey, int maxAttempts, Duration firstBackoff) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey == null ? "" : apiKey;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoff = firstBackoff;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public String name() {
        return "openai:" + model;
    }

    /** The model name: one model's answers are shared by every endpoint that serves it. */
    @Override
    public String cacheKey() {
        return model;
    }

    @Override
    public String complete(String system, String user) throws ChatException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(system, user), StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        String problem = "";
        Throwable cause = null;
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return content(response.body());
                }
                problem = "HTTP " + status + " from " + endpoint + ": " + CachedChat.abbreviate(response.body());
                if (status != 429 && status < 500) {
                    break; // a client error does not heal by retrying
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + " from " + endpoint + ": " + e.getMessage();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ChatException("interrupted", e);
            }
        }
        throw new ChatException(problem, cause);
    }

    private String body(String system, String user) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.putArray("messages")
                .add(Json.MAPPER.createObjectNode().put("role", "system").put("content", system))
                .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", user));
        return body.toString();
    }

    /** {@code choices[0].message.content}. */
    private static String content(String body) throws ChatException {
        try {
            JsonNode content = Json.MAPPER.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new ChatException("answer without choices[0].message.content: " + CachedChat.abbreviate(body), null);
            }
            return content.asText();
        } catch (IOException e) {
            throw new ChatException("answer is not JSON: " + CachedChat.abbreviate(body), e);
        }
    }

    private static void sleep(Duration d) throws ChatException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ChatException("interrupted", e);
        }
    }
}
