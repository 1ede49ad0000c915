package socialalign.autograd.nn;

/**
 * The two spans of a SocialAlign prompt, as absolute token positions (spec C3): the user span
 * {@code [0, userEnd)} (system prompt, name, history, persona) and the news span {@code [userEnd, newsEnd)}.
 * Positions at or after {@code newsEnd} (instruction tail, response) belong to neither.
 */
public record Spans(int userEnd, int newsEnd) {

    /** No spans: every token is outside both (plain models, plain LoRA). */
    public static final Spans NONE = new Spans(0, 0);

    public Spans {
        if (userEnd < 0 || newsEnd < userEnd) {
            throw new IllegalArgumentException("spans: need 0 <= user end <= news end, got user end " + userEnd
                    + ", news end " + newsEnd);
        }
    }

    public boolean inUser(int position) {
        return position < userEnd;
    }

    public boolean inNews(int position) {
        return position >= userEnd && position < newsEnd;
    }
}
