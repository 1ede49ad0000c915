package socialalign.pipeline.dataset.persona;

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
import java.util.Optional;

/**
 * Personas from any OpenAI-compatible chat-completions endpoint ({@code POST BASE/chat/completions}), with the
 * exact system and user prompts of spec B7 and, as the reference, no sampling parameters. Answers are cached on
 * disk by prompt; transient failures (network errors, 429, 5xx) are retried with exponential backoff; a failure
 * names the case and affects nothing else. Thread-safe: the persona stage bounds the requests in flight.
 */
public final class OpenAiPersonaExtractor implements PersonaExtractor {
    private final URI endpoint;
    private final String model;
    private final String apiKey;
    private final int maxAttempts;
    private final Duration firstBackoff;
    private final PromptCache cache;
    private final HttpClient http;

    /**
     * @param baseUrl      e.g. {@code https://api.openai.com/v1}; {@code /chat/completions} is appended
     * @param model        model name sent in each request
     * @param apiKey       bearer token (the {@code OPENAI_API_KEY} environment variable), or empty for none
     * @param maxAttempts  attempts per case
     * @param firstBackoff wait before the first retry; doubles at each retry
     * @param cache        the answer cache
     */
    public OpenAiPersonaExtractor(String baseUrl, String model, String apiKey, int maxAttempts, Duration firstBackoff, PromptCache cache) {
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/chat/completions");
        this.model = model;
        this.apiKey = apiKey;
        this.maxAttempts = Math.max(1, maxAttempts);
        this.firstBackoff = firstBackoff;
        this.cache = cache;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    }

    @Override
    public String source() {
        return "openai:" + model;
    }

    @Override
    public String extract(PersonaInput input) throws PersonaException {
        String user = PersonaPrompts.user(input);
        try {
            Optional<String> cached = cache.get(model, PersonaPrompts.SYSTEM, user);
            if (cached.isPresent()) {
                return cached.get();
            }
            String answer = complete(input.caseId(), user);
            cache.put(model, PersonaPrompts.SYSTEM, user, answer);
            return answer;
        } catch (IOException e) {
            throw new PersonaException(input.caseId(), "persona cache: " + e.getMessage(), e);
        }
    }

    private String complete(String caseId, String user) throws PersonaException {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(user), StandardCharsets.UTF_8));
        if (!apiKey.isEmpty()) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        String problem = "";
        Throwable cause = null;
        Duration backoff = firstBackoff;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            if (attempt > 1) {
                sleep(caseId, backoff);
                backoff = backoff.multipliedBy(2);
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return content(caseId, response.body());
                }
                problem = "HTTP " + status + " from " + endpoint + ": " + abbreviate(response.body());
                if (status != 429 && status < 500) {
                    break; // a client error does not heal by retrying
                }
            } catch (IOException e) {
                problem = e.getClass().getSimpleName() + " from " + endpoint + ": " + e.getMessage();
                cause = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PersonaException(caseId, "interrupted", e);
            }
        }
        throw new PersonaException(caseId, problem, cause);
    }

    private String body(String user) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("model", model);
        body.putArray("messages")
                .add(Json.MAPPER.createObjectNode().put("role", "system").put("content", PersonaPrompts.SYSTEM))
                .add(Json.MAPPER.createObjectNode().put("role", "user").put("content", user));
        return body.toString();
    }

    /** {@code choices[0].message.content}. */
    private static String content(String caseId, String body) throws PersonaException {
        try {
            JsonNode content = Json.MAPPER.readTree(body).path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new PersonaException(caseId, "answer without choices[0].message.content: " + abbreviate(body), null);
            }
            return content.asText();
        } catch (IOException e) {
            throw new PersonaException(caseId, "answer is not JSON: " + abbreviate(body), e);
        }
    }

    private static void sleep(String caseId, Duration d) throws PersonaException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PersonaException(caseId, "interrupted", e);
        }
    }

    private static String abbreviate(String s) {
        String line = s.replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
