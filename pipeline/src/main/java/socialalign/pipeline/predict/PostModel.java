package socialalign.pipeline.predict;

/** What writes a user's post for a test case: a language model, or a stand-in in tests. */
@FunctionalInterface
public interface PostModel {

    /** A generated post, the number of tokens it took and whether it ended at a stop token. */
    record Post(String text, int newTokens, boolean stopToken) {}

    /** The post for {@code testCase}, sampled with {@code seed}. */
    Post write(TestCase testCase, long seed);
}
