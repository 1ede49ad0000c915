package socialalign.pipeline.sentiment;

import java.util.Locale;
import java.util.Optional;

/** The six emotions of SMP2020-EWECT, in the order of the classifier's outputs. */
public enum Emotion {
    HAPPY, NEUTRAL, ANGRY, SAD, FEAR, SURPRISE;

    /** The label as the data files and the JSON output spell it: {@code happy}, {@code neutral}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The emotion of a data-file label; another public copy of the data spells neutral {@code neural}. */
    public static Optional<Emotion> parse(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        if (l.equals("neural")) return Optional.of(NEUTRAL);
        for (Emotion e : values()) if (e.label().equals(l)) return Optional.of(e);
        return Optional.empty();
    }
}
