package socialalign.pipeline.crawl.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One tab of a {@link HeadlessChromium}: navigation, script evaluation, and a record of what the
 * network did since the last navigation (statuses, redirects, failed loads), so that the caller can
 * tell a blocked, failed or slow page from a good one.
 */
public final class BrowserTab implements AutoCloseable {

    /** One HTTP response the tab received; {@code type} is the DevTools resource type (Document, XHR, Fetch, ...). */
    public record Response(String url, int status, String type) {}

    /**
     * The outcome of a navigation.
     *
     * @param status    the main document's HTTP status, 0 when none arrived
     * @param errorText the browser's reason when the navigation or its load failed, {@code ""} otherwise
     */
    public record Navigation(URI url, int status, String errorText) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HeadlessChromium browser;
    private final String targetId;
    private final String sessionId;
    private final List<Response> responses = new ArrayList<>();
    private final List<String> redirects = new ArrayList<>();
    private final List<String> failedLoads = new ArrayList<>();
    private final Map<String, String> requestUrls = new ConcurrentHashMap<>();
    private final Map<String, Integer> documentStatus = new ConcurrentHashMap<>();
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    BrowserTab(HeadlessChromium browser, String targetId, String sessionId) throws IOException, InterruptedException {
        this.browser = browser;
        this.targetId = targetId;
        this.sessionId = sessionId;
        browser.subscribe(sessionId, this::event);
        browser.call("Page.enable", JSON.createObjectNode(), sessionId);
        browser.call("Network.enable", JSON.createObjectNode(), sessionId);
    }

    /** Sends this User-Agent and Accept-Language instead of headless Chromium's own. */
    public void userAgent(String userAgent, String acceptLanguage) throws IOException, InterruptedException {
        browser.call("Network.setUserAgentOverride", JSON.createObjectNode().put("userAgent", userAgent)
                .put("acceptLanguage", acceptLanguage), sessionId);
    }

    /** Installs the cookies of a {@code Cookie:} header value ({@code a=1; b=2}) for {@code url}'s host. */
    public void cookies(URI url, String cookieHeader) throws IOException, InterruptedException {
        ArrayNode cookies = JSON.createArrayNode();
        for (String pair : cookieHeader.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.addObject().put("name", pair.substring(0, eq).strip()).put("value", pair.substring(eq + 1).strip())
                        .put("url", url.resolve("/").toString());
            }
        }
        ObjectNode params = JSON.createObjectNode();
        params.set("cookies", cookies);
        browser.call("Network.setCookies", params, sessionId);
    }

    /**
     * Loads {@code url} and waits for its load event (at most {@code timeout}); the network record starts afresh.
     * A failed or slow load is reported in {@link Navigation#errorText()}, not thrown.
     */
    public Navigation navigate(URI url, Duration timeout) throws IOException, InterruptedException {
        synchronized (this) {
            clearNetworkLog();
            loaded = new CompletableFuture<>();
        }
        CompletableFuture<Void> load = loaded;
        JsonNode result = browser.call("Page.navigate", JSON.createObjectNode().put("url", url.toString()), sessionId, timeout);
        String loaderId = result.path("loaderId").asText();
        String error = result.path("errorText").asText("");
        if (error.isEmpty()) {
            try {
                load.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                error = "no load event within " + timeout;
            } catch (ExecutionException e) {
                error = e.getCause().getMessage();
            }
        }
        return new Navigation(url, documentStatus.getOrDefault(loaderId, 0), error);
    }

    /** Makes this the visible tab: a background tab renders no frames, so its scroll listeners never fire. */
    public void bringToFront() throws IOException, InterruptedException {
        browser.call("Page.bringToFront", JSON.createObjectNode(), sessionId);
    }

    /** Evaluates a script expression in the page (awaiting a promise) and returns its JSON value. */
    public JsonNode evaluate(String expression) throws IOException, InterruptedException {
        JsonNode result = browser.call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true), sessionId);
        if (result.has("exceptionDetails")) {
            JsonNode details = result.path("exceptionDetails");
            throw new IOException("script failed: " + details.path("exception").path("description").asText(details.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    /** The current DOM as HTML (what the scripts rendered, not what the server sent). */
    public String html() throws IOException, InterruptedException {
        return evaluate("document.documentElement.outerHTML").asText();
    }

    /** Starts the network record afresh without navigating (before a script makes the page load more). */
    public synchronized void clearNetworkLog() {
        responses.clear();
        redirects.clear();
        failedLoads.clear();
    }

    /** Responses received since the last navigation. */
    public synchronized List<Response> responses() {
        return List.copyOf(responses);
    }

    /** Redirect targets followed since the last navigation. */
    public synchronized List<String> redirects() {
        return List.copyOf(redirects);
    }

    /** Loads that failed at the network level since the last navigation, as "TYPE URL: reason". */
    public synchronized List<String> failedLoads() {
        return List.copyOf(failedLoads);
    }

    private void event(JsonNode message) {
        JsonNode p = message.path("params");
        switch (message.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Network.requestWillBeSent" -> {
                requestUrls.put(p.path("requestId").asText(), p.path("request").path("url").asText());
                if (p.has("redirectResponse")) {
                    synchronized (this) {
                        responses.add(new Response(p.path("redirectResponse").path("url").asText(),
                                p.path("redirectResponse").path("status").asInt(), p.path("type").asText()));
                        redirects.add(p.path("request").path("url").asText());
                    }
                }
            }
            case "Network.responseReceived" -> {
                int status = p.path("response").path("status").asInt();
                if (p.path("type").asText().equals("Document")) {
                    documentStatus.put(p.path("loaderId").asText(), status);
                }
                synchronized (this) {
                    responses.add(new Response(p.path("response").path("url").asText(), status, p.path("type").asText()));
                }
            }
            case "Network.loadingFailed" -> {
                if (!p.path("canceled").asBoolean()) {
                    synchronized (this) {
                        failedLoads.add(p.path("type").asText() + " " + requestUrls.getOrDefault(p.path("requestId").asText(), "?")
                                + ": " + p.path("errorText").asText());
                    }
                }
            }
            default -> { }
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        browser.closeTarget(targetId, sessionId);
    }
}
