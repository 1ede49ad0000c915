package socialalign.pipeline.crawl.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A headless Chromium child process driven over the Chrome DevTools Protocol: one browser-level
 * WebSocket ({@code java.net.http}), with each tab attached as a flat session. No Selenium, no driver
 * binary. Closing kills the process tree and deletes the throw-away profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** The environment variable naming the browser binary, when it is not {@code chromium} on the PATH. */
    public static final String BINARY_ENV = "SOCIALALIGN_CHROMIUM";

    /** Resolves no host but 127.0.0.1: a browser that cannot leave the machine (tests, the fake Weibo). */
    public static final List<String> LOOPBACK_ONLY = List.of("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LISTENING = "DevTools listening on ";
    private static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Duration callTimeout;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, Consumer<JsonNode>> sessions = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket, Duration callTimeout, Listener listener) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
        this.callTimeout = callTimeout;
        listener.owner = this;
    }

    /** The browser binary: {@value #BINARY_ENV} if set, else the first of chromium, chromium-browser, google-chrome on the PATH. */
    public static Optional<Path> find() {
        String configured = System.getenv(BINARY_ENV);
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return CANDIDATES.stream()
                .flatMap(name -> Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts the browser with a fresh profile and connects to it.
     *
     * @param callTimeout how long one protocol command may take
     * @param extraArgs   more switches, e.g. {@link #LOOPBACK_ONLY}
     * @throws IOException when the binary does not start or prints no DevTools address within 30 s
     */
    public static HeadlessChromium launch(Path binary, Duration callTimeout, List<String> extraArgs)
            throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("socialalign-chromium-");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
                "--disable-dev-shm-usage", "--remote-debugging-port=0", "--user-data-dir=" + profile));
        command.addAll(extraArgs);
        command.add("about:blank");
        Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI endpoint = devToolsAddress(process).get(30, TimeUnit.SECONDS);
            Listener listener = new Listener();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(endpoint, listener).get(30, TimeUnit.SECONDS);
            return new HeadlessChromium(process, profile, socket, callTimeout, listener);
        } catch (ExecutionException | TimeoutException e) {
            kill(process);
            deleteTree(profile);
            throw new IOException("could not start " + binary + " in headless mode: "
                    + (e.getCause() == null ? "no DevTools address within 30 s" : e.getCause().getMessage()), e);
        }
    }

    // Chromium prints "DevTools listening on ws://..." on stderr; the rest of stderr is drained so the pipe never fills.
    private static CompletableFuture<URI> devToolsAddress(Process process) {
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = err.readLine()) != null; ) {
                    int at = line.indexOf(LISTENING);
                    if (at >= 0) {
                        address.complete(URI.create(line.substring(at + LISTENING.length()).strip()));
                    }
                }
                address.completeExceptionally(new IOException("the browser exited (code "
                        + process.waitFor() + ") before printing its DevTools address"));
            } catch (IOException | InterruptedException e) {
                address.completeExceptionally(e);
            }
        });
        return address;
    }

    /** Opens a new blank tab. */
    public BrowserTab newTab() throws IOException, InterruptedException {
        String targetId = call("Target.createTarget", JSON.createObjectNode().put("url", "about:blank"), null)
                .path("targetId").asText();
        String sessionId = call("Target.attachToTarget", JSON.createObjectNode().put("targetId", targetId).put("flatten", true), null)
                .path("sessionId").asText();
        return new BrowserTab(this, targetId, sessionId);
    }

    /**
     * Sends one command (to a tab's session, or to the browser when {@code sessionId} is null) and waits for its result.
     *
     * @throws IOException when the browser reports an error, or does not answer within the call timeout
     */
    JsonNode call(String method, ObjectNode params, String sessionId) throws IOException, InterruptedException {
        return call(method, params, sessionId, callTimeout);
    }

    JsonNode call(String method, ObjectNode params, String sessionId, Duration timeout) throws IOException, InterruptedException {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(message), true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            JsonNode answer = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (answer.has("error")) {
                throw new IOException(method + ": " + answer.path("error").path("message").asText());
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new IOException(method + ": no answer from the browser within " + timeout, e);
        } catch (ExecutionException e) {
            throw new IOException(method + ": " + e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    void subscribe(String sessionId, Consumer<JsonNode> events) {
        sessions.put(sessionId, events);
    }

    void closeTarget(String targetId, String sessionId) throws IOException, InterruptedException {
        sessions.remove(sessionId);
        call("Target.closeTarget", JSON.createObjectNode().put("targetId", targetId), null);
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.path("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        Consumer<JsonNode> events = sessions.get(message.path("sessionId").asText(""));
        if (events != null) {
            events.accept(message);
        }
    }

    private void disconnected(Throwable cause) {
        IOException gone = new IOException("the browser connection closed" + (cause == null ? "" : ": " + cause.getMessage()));
        pending.values().forEach(f -> f.completeExceptionally(gone));
    }

    @Override
    public void close() {
        socket.abort();
        kill(process);
        deleteTree(profile);
    }

    private static void kill(Process process) {
        // The launcher may be a shell script: end the renderers and the browser it started too.
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A file still held by a dying child: the temporary folder is the system's to clean.
        }
    }

    /** Joins fragmented text frames into whole protocol messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        // Set before the first command is sent, so no answer can arrive without it.
        private volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                if (owner != null) {
                    owner.dispatch(text);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (owner != null) {
                owner.disconnected(null);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (owner != null) {
                owner.disconnected(error);
            }
        }
    }
}
