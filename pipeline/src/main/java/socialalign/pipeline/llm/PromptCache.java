package socialalign.pipeline.llm;

import socialalign.models.io.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An on-disk cache of LLM answers keyed by the SHA-256 of the model and the exact prompts, so a rerun costs
 * nothing: {@code FOLDER/ab/abcdef….txt}, one UTF-8 file per answer, written atomically.
 */
public final class PromptCache {
    private final Path folder;

    public PromptCache(Path folder) {
        this.folder = folder;
    }

    /** The cached answer to this request, if any. */
    public Optional<String> get(String model, String system, String user) throws IOException {
        Path file = file(model, system, user);
        return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
    }

    /** Stores the answer to this request. */
    public void put(String model, String system, String user, String answer) throws IOException {
        AtomicFile.writeString(file(model, system, user), answer);
    }

    private Path file(String model, String system, String user) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // Length-prefixed parts, so that no two different requests share a key.
            for (String part : new String[] {model, system, user}) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
                sha.update(bytes);
            }
            String key = HexFormat.of().formatHex(sha.digest());
            return folder.resolve(key.substring(0, 2)).resolve(key + ".txt");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
