package socialalign.pipeline.sentiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import socialalign.pipeline.data.DataFileException;

/**
 * Reads the SMP2020-EWECT files: one JSON array of {@code {"id": int, "content": string, "label": string}} per file
 * ({@code virus_train.txt}, {@code virus_eval_labeled.txt}, {@code virus_test_labeled.txt},
 * {@code usual_eval_labeled.txt}).
 */
public final class EwectData {
    /** The training split: only the virus track's training set is public in a fetchable size. */
    public static final String TRAIN = "virus_train.txt";
    /** Model selection (epoch, prior correction). */
    public static final String VALIDATION = "virus_eval_labeled.txt";
    /** The two held-out test sets: in-domain (COVID posts) and out-of-domain (general Weibo posts). */
    public static final List<String> TESTS = List.of("virus_test_labeled.txt", "usual_eval_labeled.txt");

    private static final ObjectMapper JSON = new ObjectMapper();

    private EwectData() {
    }

    /** Every record of {@code file}, in file order; a record without content or with an unknown label is an error. */
    public static List<LabelledText> read(Path file) {
        JsonNode root;
        try (InputStream in = Files.newInputStream(file)) {
            root = JSON.readTree(in);
        } catch (NoSuchFileException e) {
            throw new DataFileException(file, "no such file", e);
        } catch (JacksonException e) {
            throw new DataFileException(file, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new DataFileException(file, "cannot read: " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) throw new DataFileException(file, "expected a JSON array of records", null);
        List<LabelledText> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode r = root.get(i);
            JsonNode content = r.get("content"), label = r.get("label");
            if (content == null || !content.isTextual()) throw new DataFileException(file, "record " + i + ": no text field \"content\"", null);
            if (label == null || !label.isTextual()) throw new DataFileException(file, "record " + i + ": no text field \"label\"", null);
            int record = i;
            Emotion emotion = Emotion.parse(label.asText()).orElseThrow(() ->
                    new DataFileException(file, "record " + record + ": unknown label \"" + label.asText() + "\"", null));
            out.add(new LabelledText(content.asText(), emotion));
        }
        return out;
    }
}
