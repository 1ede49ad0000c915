package socialalign.pipeline.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The public Weibo responses dataset ({@code shared/data/weibo-responses}): a folder with {@code events},
 * {@code responses} and {@code users} JSON Lines files, each either {@code NAME.jsonl.gz} (the full release) or
 * {@code NAME.jsonl} (the {@code sample/} folder). Every method streams its file; close the streams.
 *
 * @param events    the events file
 * @param responses the responses file
 * @param users     the users file
 */
public record WeiboResponsesDataset(Path events, Path responses, Path users) {

    /**
     * Locates the three files in {@code folder}, preferring {@code .jsonl.gz} over {@code .jsonl}.
     *
     * @throws NoSuchFileException naming the first file that is in neither form
     */
    public static WeiboResponsesDataset in(Path folder) throws NoSuchFileException {
        return new WeiboResponsesDataset(find(folder, "events"), find(folder, "responses"), find(folder, "users"));
    }

    /** The events, in file order. */
    public Stream<WeiboEvent> streamEvents() throws IOException {
        return JsonLines.stream(events, WeiboEvent.class);
    }

    /** The responses, in file order (by event, then by time). */
    public Stream<WeiboResponse> streamResponses() throws IOException {
        return JsonLines.stream(responses, WeiboResponse.class);
    }

    /** The user profiles, in file order. */
    public Stream<WeiboUser> streamUsers() throws IOException {
        return JsonLines.stream(users, WeiboUser.class);
    }

    private static Path find(Path folder, String name) throws NoSuchFileException {
        for (String suffix : new String[] {".jsonl.gz", ".jsonl"}) {
            Path file = folder.resolve(name + suffix);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new NoSuchFileException(folder.resolve(name + ".jsonl.gz").toString(), null,
                "neither " + name + ".jsonl.gz nor " + name + ".jsonl is in " + folder);
    }
}
