package socialalign.models.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;

/** Generation on the tiny tied model of {@code make_golden.py} (vocabulary 272, tokenizer 266). */
class GeneratorTest {
    private static Qwen2ForCausalLM model;
    private static Tokenizer tokenizer;
    private static final int[] PROMPT = {256, 104, 101, 108, 108, 111, 258};

    @BeforeAll
    static void load() throws URISyntaxException {
        Path dir = Path.of(GeneratorTest.class.getResource("/qwen2/tied-gqa2-f32/config.json").toURI()).getParent();
        model = Qwen2ForCausalLM.load(dir, new CpuBackend(2));
        tokenizer = Tokenizer.load(dir);
    }

    @Test
    void greedyEqualsArgmaxOfTheFullForwardAtEveryStep() {
        int samplable = tokenizer.size();
        IntArrayList streamed = new IntArrayList();
        Generator.Result result = new Generator(model, samplable).generate(PROMPT, SamplingParams.greedy(12), streamed::add);
        assertEquals(Generator.Stop.MAX_NEW_TOKENS, result.stop());
        assertArrayEquals(result.tokens(), streamed.toIntArray(), "every token is streamed as it comes");

        int[] sequence = PROMPT.clone();
        for (int step = 0; step < 12; step++) {
            float[] logits = model.logits(sequence).value().slice(0, sequence.length - 1, sequence.length).toFloats();
            int best = 0;
            for (int i = 1; i < samplable; i++) if (logits[i] > logits[best]) best = i;
            sequence = Arrays.copyOf(sequence, sequence.length + 1);
            sequence[sequence.length - 1] = best;
        }
        assertArrayEquals(Arrays.copyOfRange(sequence, PROMPT.length, sequence.length), result.tokens());
    }

    @Test
    void aSeedReproducesASampleAndIdsBeyondTheTokenizerNeverComeUp() {
        SamplingParams params = new SamplingParams(true, 1.5, 0, 1, 1.1, 40, 7);
        int[] first = new Generator(model, 270).generate(PROMPT, params, id -> {}).tokens();
        int[] second = new Generator(model, 270).generate(PROMPT, params, id -> {}).tokens();
        assertArrayEquals(first, second);
        int[] other = new Generator(model, 270).generate(PROMPT, new SamplingParams(true, 1.5, 0, 1, 1.1, 40, 8), id -> {}).tokens();
        assertFalse(Arrays.equals(first, other), "another seed, another sample");

        int[] narrow = new Generator(model, 20).generate(PROMPT, new SamplingParams(true, 5, 0, 1, 1, 60, 1), id -> {}).tokens();
        assertEquals(60, narrow.length);
        assertTrue(Arrays.stream(narrow).allMatch(id -> id < 20), Arrays.toString(narrow));
    }

    @Test
    void aStopTokenEndsGenerationAndIsNotEmitted() {
        int first = new Generator(model, 266).generate(PROMPT, SamplingParams.greedy(1), id -> {}).tokens()[0];
        Generator.Result stopped = new Generator(model, 266, first).generate(PROMPT, SamplingParams.greedy(10), id -> {
            throw new AssertionError("nothing is streamed");
        });
        assertEquals(Generator.Stop.STOP_TOKEN, stopped.stop());
        assertEquals(0, stopped.tokens().length);
    }

    @Test
    void aFollowUpPromptReusesTheCacheAndGivesWhatAFreshGeneratorGives() {
        Generator chat = new Generator(model, 266);
        int[] reply = chat.generate(PROMPT, SamplingParams.greedy(5), id -> {}).tokens();
        int[] next = concat(PROMPT, reply, new int[] {257, 104, 105});
        int[] continued = chat.generate(next, SamplingParams.greedy(6), id -> {}).tokens();
        assertArrayEquals(new Generator(model, 266).generate(next, SamplingParams.greedy(6), id -> {}).tokens(), continued);
        // and a prompt that diverges early (a new conversation) is not confused by the cache
        int[] other = {256, 120, 121};
        assertArrayEquals(new Generator(model, 266).generate(other, SamplingParams.greedy(4), id -> {}).tokens(),
                chat.generate(other, SamplingParams.greedy(4), id -> {}).tokens());
    }

    private static int[] concat(int[]... parts) {
        return Arrays.stream(parts).flatMapToInt(Arrays::stream).toArray();
    }
}
