package socialalign.pipeline.dataset.clean;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The four case-sensitive substring blacklists of spec B3, kept as data files (one entry per line) rather than
 * code. {@link #reference()} loads the reference's lists from the classpath
 * ({@code socialalign/pipeline/dataset/exclusions/*.txt}); {@link #load(Path)} reads the same four file names from
 * a folder.
 *
 * @param topics        {@code exclude_topics}: tested against a post's topics
 * @param texts         {@code exclude_texts}: tested against a post's text
 * @param retweetTopics {@code exclude_retweet_topics}: tested against the retweet's topics
 * @param retweetTexts  {@code exclude_retweet_texts}: tested against the retweet's text
 */
public record ExclusionLists(List<String> topics, List<String> texts, List<String> retweetTopics, List<String> retweetTexts) {
    private static final String RESOURCES = "/socialalign/pipeline/dataset/exclusions/";
    private static final ExclusionLists REFERENCE = new ExclusionLists(
            resource("exclude_topics.txt"), resource("exclude_texts.txt"),
            resource("exclude_retweet_topics.txt"), resource("exclude_retweet_texts.txt"));

    public ExclusionLists {
        topics = List.copyOf(topics);
        texts = List.copyOf(texts);
        retweetTopics = List.copyOf(retweetTopics);
        retweetTexts = List.copyOf(retweetTexts);
    }

    /** The reference's lists, verbatim (107, 244, 13 and 51 entries). */
    public static ExclusionLists reference() {
        return REFERENCE;
    }

    /** No exclusions at all. */
    public static ExclusionLists none() {
        return new ExclusionLists(List.of(), List.of(), List.of(), List.of());
    }

    /** Reads {@code exclude_topics.txt}, {@code exclude_texts.txt}, {@code exclude_retweet_topics.txt} and {@code exclude_retweet_texts.txt} from {@code folder}. */
    public static ExclusionLists load(Path folder) throws IOException {
        return new ExclusionLists(file(folder, "exclude_topics.txt"), file(folder, "exclude_texts.txt"),
                file(folder, "exclude_retweet_topics.txt"), file(folder, "exclude_retweet_texts.txt"));
    }

    /** The first entry of {@code list} that is a substring of {@code field}, or {@code null}. */
    public static String firstContained(List<String> list, String field) {
        for (String entry : list) {
            if (field.contains(entry)) {
                return entry;
            }
        }
        return null;
    }

    private static List<String> file(Path folder, String name) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(folder.resolve(name), StandardCharsets.UTF_8)) {
            return entries(in);
        }
    }

    private static List<String> resource(String name) {
        InputStream in = ExclusionLists.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new IllegalStateException("missing resource " + RESOURCES + name);
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return entries(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One entry per line, verbatim; empty lines are skipped because the empty string would match every text. */
    private static List<String> entries(BufferedReader in) {
        return in.lines().filter(line -> !line.isEmpty()).toList();
    }
}
