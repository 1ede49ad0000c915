package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.engine.cpu.CpuBackend;

/** Training on a toy task whose emotions are given away by one word, hidden among random filler characters. */
class EmotionTrainerTest {
    private static final EmotionTrainer.Config TOY = new EmotionTrainer.Config(7, 15, 8, 0.05, 0, 0.1, 2, 1, 8, 8, 0.1);

    static List<LabelledText> toyPosts(long seed, int perEmotion) {
        var random = new SplittableRandom(seed);
        String filler = "我们你他今天明天这那个是有在了也就都还";
        String[][] cues = {{"开心", "HAPPY"}, {"气死", "ANGRY"}, {"难过", "SAD"}};
        List<LabelledText> posts = new ArrayList<>();
        for (int i = 0; i < perEmotion; i++) {
            for (String[] cue : cues) {
                var sb = new StringBuilder();
                for (int j = 0; j < 6; j++) sb.append(filler.charAt(random.nextInt(filler.length())));
                sb.insert(random.nextInt(sb.length() + 1), cue[0]);
                posts.add(new LabelledText(sb.toString(), Emotion.valueOf(cue[1])));
            }
        }
        return posts;
    }

    private static EmotionClassifier train(CpuBackend backend) {
        return new EmotionTrainer(TOY, backend, new PrintStream(new ByteArrayOutputStream())).train(toyPosts(1, 20), toyPosts(2, 5));
    }

    @Test
    void learnsTheCueWordsAndIsReproducible(@TempDir Path dir) throws IOException {
        try (var backend = new CpuBackend(1)) {
            EmotionClassifier model = train(backend);
            List<LabelledText> test = toyPosts(3, 10);
            List<Emotion> predicted = model.predictAll(test.stream().map(LabelledText::text).toList()).stream()
                    .map(EmotionClassifier.Prediction::emotion).toList();
            assertEquals(test.stream().map(LabelledText::emotion).toList(), predicted);

            // Same seed, same thread count: the same probabilities to the last bit.
            assertArrayEquals(model.predict("今天开心").probabilities(), train(backend).predict("今天开心").probabilities());

            // The file keeps the model to half precision and reads back the same predictions.
            Path file = dir.resolve("toy.bin");
            EmotionModelFile.write(file, model, "toy");
            var loaded = EmotionModelFile.read(file);
            assertEquals("toy", loaded.provenance());
            assertEquals(model.vocabulary().features(), loaded.classifier().vocabulary().features());
            assertArrayEquals(model.adjustment(), loaded.classifier().adjustment());
            double[] before = model.predict("他们气死了").probabilities(), after = loaded.classifier().predict("他们气死了").probabilities();
            assertArrayEquals(before, after, 1e-2);
            double sum = 0;
            for (double p : after) sum += p;
            assertEquals(1, sum, 1e-9);
        }
    }
}
