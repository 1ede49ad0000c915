package socialalign.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.generate.Generator;
import socialalign.models.generate.SamplingParams;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.SafetensorsFile;
import socialalign.models.tokenizer.ChatTemplate;
import socialalign.models.tokenizer.Tokenizer;

/**
 * {@code logits}, {@code grad}, {@code generate} and {@code chat} on the tiny tied Qwen2 model (with its tokenizer)
 * that {@code models/src/test/resources/qwen2/make_golden.py} writes, checked against its PyTorch golden values.
 */
class ModelCommandsTest {
    /** Tests run in the module directory; the tiny models live beside, in the models module. */
    private static final Path MODEL = Path.of("../models/src/test/resources/qwen2/tied-gqa2-f32");

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    @Test
    void gradWritesLossAndEveryGradientAsTorchComputesThem() throws IOException {
        Path out = dir.resolve("grad.safetensors");
        try (SafetensorsFile golden = SafetensorsFile.open(MODEL.resolve("expected.safetensors"))) {
            String ids = list(golden.metadata().get("ids")), targets = list(golden.metadata().get("targets"));
            Run run = run(null, "grad", "--model", MODEL.toString(), "--ids", ids, "--targets", targets, "--out", out.toString());
            assertEquals(0, run.exit(), run.err());
            try (SafetensorsFile written = SafetensorsFile.open(out)) {
                float loss = golden.readFloats("loss")[0];
                assertEquals(loss, written.readFloats("loss")[0], 1e-5 * loss);
                long grads = golden.entries().keySet().stream().filter(n -> n.startsWith("grad.")).count();
                assertEquals(grads + 1, written.entries().size());
                for (String name : golden.entries().keySet()) {
                    if (!name.startsWith("grad.")) continue;
                    float[] e = golden.readFloats(name), a = written.readFloats(name);
                    double d = 0, n = 0;
                    for (int i = 0; i < e.length; i++) {
                        d += (a[i] - e[i]) * (double) (a[i] - e[i]);
                        n += e[i] * (double) e[i];
                    }
                    assertTrue(Math.sqrt(d / n) < 1e-4, name + ": relative difference " + Math.sqrt(d / n));
                }
            }
        }
    }

    @Test
    void logitsWritesEveryPositionsRow() throws IOException {
        Path out = dir.resolve("logits.safetensors");
        try (SafetensorsFile golden = SafetensorsFile.open(MODEL.resolve("expected.safetensors"))) {
            Run run = run(null, "logits", "--model", MODEL.toString(), "--ids", list(golden.metadata().get("ids")), "--out", out.toString());
            assertEquals(0, run.exit(), run.err());
            try (SafetensorsFile written = SafetensorsFile.open(out)) {
                assertArrayEquals(golden.entry("logits").shape(), written.entry("logits").shape());
                float[] e = golden.readFloats("logits"), a = written.readFloats("logits");
                for (int i = 0; i < e.length; i++) assertEquals(e[i], a[i], 1e-4, "logit " + i);
            }
        }
    }

    @Test
    void generateStreamsTheGreedyReply() {
        Run run = run(null, "generate", "--model", MODEL.toString(), "--prompt", "hello", "--system", "Be brief.",
                "--greedy", "--max-new-tokens", "6");
        assertEquals(0, run.exit(), run.err());
        Tokenizer tokenizer = Tokenizer.load(MODEL);
        int[] prompt = tokenizer.encode(ChatTemplate.render(
                java.util.List.of(ChatTemplate.Message.system("Be brief."), ChatTemplate.Message.user("hello")), true));
        Qwen2ForCausalLM model = Qwen2ForCausalLM.load(MODEL, new CpuBackend(1));
        int[] reply = new Generator(model, tokenizer.size(), 258, 256).generate(prompt, SamplingParams.greedy(6), id -> {}).tokens();
        assertEquals(tokenizer.decode(reply, true) + System.lineSeparator(), run.out());
        assertTrue(run.err().contains("greedy"), run.err());
    }

    @Test
    void aSeedMakesSamplingReproducibleAndChatAnswersEachLine() {
        String[] args = {"generate", "--model", MODEL.toString(), "--prompt", "the", "--temperature", "0.9", "--top-k", "40",
                "--top-p", "0.95", "--repetition-penalty", "1.1", "--max-new-tokens", "12", "--seed", "5"};
        Run first = run(null, args), second = run(null, args);
        assertEquals(0, first.exit(), first.err());
        assertEquals(first.out(), second.out());
        assertTrue(first.err().contains("seed 5"), first.err());

        Run chat = run("hi\n/reset\nhello\n/exit\n", "chat", "--model", MODEL.toString(), "--greedy", "--max-new-tokens", "3");
        assertEquals(0, chat.exit(), chat.err());
        assertEquals(2, chat.out().lines().count(), chat.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Run badId = run(null, "logits", "--model", MODEL.toString(), "--ids", "1,2,999", "--out", dir.resolve("x").toString());
        assertEquals(2, badId.exit());
        assertEquals("socialalign: --ids: element 2 (999) is outside the vocabulary 0..271", badId.err().strip());

        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.copy(MODEL.resolve("config.json"), broken.resolve("config.json"));
        byte[] weights = Files.readAllBytes(MODEL.resolve("model.safetensors"));
        Files.write(broken.resolve("model.safetensors"), Arrays.copyOf(weights, weights.length - 100));
        Run truncated = run(null, "logits", "--model", broken.toString(), "--ids", "1", "--out", dir.resolve("x").toString());
        assertEquals(2, truncated.exit());
        assertEquals(1, truncated.err().strip().lines().count(), truncated.err());
        assertTrue(truncated.err().startsWith("socialalign: " + broken.resolve("model.safetensors") + ": tensor "), truncated.err());
        assertTrue(truncated.err().contains("(truncated file?)"), truncated.err());

        Run targets = run(null, "grad", "--model", MODEL.toString(), "--ids", "1,2", "--targets", "2", "--out", dir.resolve("x").toString());
        assertEquals(2, targets.exit());
        assertEquals("socialalign: --targets: 1 targets for 2 ids", targets.err().strip());
        assertTrue(Files.notExists(dir.resolve("x")));
    }

    @Test
    void deviceAutoRunsOnTheCpuWithoutAGpuAndCudaEitherMatchesOrSaysWhyNot() throws IOException {
        try (SafetensorsFile golden = SafetensorsFile.open(MODEL.resolve("expected.safetensors"))) {
            String ids = list(golden.metadata().get("ids"));
            float[] expected = golden.readFloats("logits");
            Path cpu = dir.resolve("cpu.safetensors"), auto = dir.resolve("auto.safetensors"), cuda = dir.resolve("cuda.safetensors");
            assertEquals(0, run(null, "logits", "--model", MODEL.toString(), "--ids", ids, "--out", cpu.toString()).exit());
            Run onAuto = run(null, "logits", "--model", MODEL.toString(), "--ids", ids, "--out", auto.toString(), "--device", "auto");
            assertEquals(0, onAuto.exit(), onAuto.err());
            Run onCuda = run(null, "logits", "--model", MODEL.toString(), "--ids", ids, "--out", cuda.toString(), "--device", "cuda");
            try (SafetensorsFile c = SafetensorsFile.open(cpu); SafetensorsFile a = SafetensorsFile.open(auto)) {
                if (onCuda.exit() != 0) {
                    // No usable GPU here: auto fell back to the CPU (same numbers), cuda refused in one line.
                    assertArrayEquals(c.readFloats("logits"), a.readFloats("logits"));
                    assertEquals(2, onCuda.exit());
                    assertTrue(onCuda.err().startsWith("socialalign: --device cuda: ") && onCuda.err().strip().lines().count() == 1,
                            onCuda.err());
                    assertTrue(Files.notExists(cuda));
                    return;
                }
                // A GPU: its float32 logits match PyTorch's as the CPU's do.
                try (SafetensorsFile g = SafetensorsFile.open(cuda)) {
                    float[] actual = g.readFloats("logits");
                    for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-4, "GPU logit " + i);
                }
            }
        }
    }

    @Test
    void anUnknownDeviceIsAOneLineError() {
        Run run = run(null, "logits", "--model", MODEL.toString(), "--ids", "1,2", "--out", dir.resolve("x").toString(), "--device", "tpu");
        assertEquals(2, run.exit());
        assertEquals("socialalign: --device tpu: device: 'tpu' is not one of cpu, cuda, auto", run.err().strip());
    }

    /** "[1, 2, -100]" -> "1,2,-100". */
    private static String list(String json) {
        return json.replaceAll("[\\[\\] ]", "");
    }

    private static Run run(String stdin, String... args) {
        PrintStream out = System.out, err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            if (stdin != null) System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            int exit = Main.run(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }
}
