package socialalign.pipeline.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.data.DataFileException;

/**
 * The evaluation of several systems on the same test events: what {@code evaluate} writes as JSON and the report
 * reads back.
 *
 * @param systems    each system's scores, in the order given
 * @param realPosts  the macro level of the test users' real posts: the floor a perfect micro-level system would
 *                   reach, set by how few users each event has against its whole crowd
 * @param classifier the sentiment classifier that labelled every post (its provenance)
 * @param resamples  bootstrap resamples of each confidence interval
 * @param seed       the bootstrap's seed
 */
public record Evaluation(List<SystemScores> systems, MacroScores realPosts, String classifier, int resamples, long seed) {

    /** snake_case field names, as every other file of the pipeline. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public void write(Path file) throws IOException {
        AtomicFile.writeString(file, JSON.writeValueAsString(this) + "\n");
    }

    public static Evaluation read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Evaluation.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new DataFileException(file, "not an evaluation file: " + e.getOriginalMessage(), e);
        }
    }
}
