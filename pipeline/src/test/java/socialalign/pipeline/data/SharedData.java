package socialalign.pipeline.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared} (beside the repository root) from the module's working directory. */
public final class SharedData {
    private SharedData() {
    }

    /** {@code ../shared/data/weibo-responses}; it may be absent (a user's clone), so callers assume it exists. */
    public static Path weiboResponses() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path root = dir == null ? Path.of("").toAbsolutePath() : dir;
        return root.resolveSibling("shared").resolve("data").resolve("weibo-responses");
    }
}
