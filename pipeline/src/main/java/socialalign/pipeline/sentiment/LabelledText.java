package socialalign.pipeline.sentiment;

/** One labelled post of SMP2020-EWECT. */
public record LabelledText(String text, Emotion emotion) {
}
