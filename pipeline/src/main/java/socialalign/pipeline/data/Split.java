package socialalign.pipeline.data;

/** The values of the {@code split} field of events and responses. */
public final class Split {
    public static final String TRAIN = "train";
    public static final String TEST = "test";

    private Split() {
    }
}
