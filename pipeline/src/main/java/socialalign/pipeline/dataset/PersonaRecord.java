package socialalign.pipeline.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A case's persona, one line of {@code personas.jsonl}.
 *
 * @param caseId  the case
 * @param source  the backend that produced it ({@code offline}, {@code openai:MODEL})
 * @param persona the persona text, as the backend returned it
 */
public record PersonaRecord(
        @JsonProperty("case_id") String caseId,
        @JsonProperty("source") String source,
        @JsonProperty("persona") String persona) {
}
