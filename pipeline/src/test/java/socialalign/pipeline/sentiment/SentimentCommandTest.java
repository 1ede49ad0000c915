package socialalign.pipeline.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.pipeline.cli.Main;

/** {@code socialalign sentiment}: one JSON line per input line; bad input is one line on stderr and exit code 2. */
class SentimentCommandTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out, err = System.err;
        var o = new ByteArrayOutputStream();
        var e = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void labelsEachLineAsJson() throws Exception {
        Run r = run("气死我了，什么垃圾东西！\n\n", "sentiment");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        JsonNode first = new ObjectMapper().readTree(lines[0]);
        assertEquals("angry", first.get("label").asText());
        assertEquals("negative", first.get("polarity").asText());
        double sum = 0;
        for (Emotion e : Emotion.values()) sum += first.get("probabilities").get(e.label()).asDouble();
        assertEquals(1, sum, 1e-5);
        assertEquals(r.out(), run("气死我了，什么垃圾东西！\n\n", "sentiment", "label").out());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Run surprise = run("", "sentiment", "--surprise", "maybe");
        assertEquals(2, surprise.code());
        assertEquals("socialalign: --surprise: \"maybe\" is not negative, neutral or positive\n", surprise.err());

        Path notAModel = Files.writeString(dir.resolve("model.bin"), "hello");
        Run model = run("", "sentiment", "label", "--model", notAModel.toString());
        assertEquals(2, model.code());
        assertTrue(model.err().startsWith("socialalign: " + notAModel + ": not an emotion model file"), model.err());

        Path broken = Files.writeString(dir.resolve(EwectData.TRAIN), "[{\"content\": \"好\", \"label\": \"joy\"}]");
        Run train = run("", "sentiment", "train", "--data", dir.toString(), "--out", dir.resolve("m.bin").toString());
        assertEquals(2, train.code());
        assertTrue(train.err().contains(broken + ": record 0: unknown label \"joy\""), train.err());
        assertTrue(Files.notExists(dir.resolve("m.bin")));
    }
}
