package socialalign.pipeline.dataset.alpaca;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One training or test example in Alpaca format (spec B8): the filled instruction, an always-empty input, and the
 * user's real post as output.
 *
 * @param instruction the filled template
 * @param input       always {@code ""}
 * @param output      the cleaned target post
 */
@JsonPropertyOrder({"instruction", "input", "output"})
public record AlpacaRecord(
        @JsonProperty("instruction") String instruction,
        @JsonProperty("input") String input,
        @JsonProperty("output") String output) {
}
