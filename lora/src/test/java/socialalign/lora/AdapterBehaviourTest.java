package socialalign.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Init;
import socialalign.autograd.nn.Spans;
import socialalign.engine.Tensor;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/** Cached decoding against the full forward, save and load, merging, and the one-line errors of adapter files. */
class AdapterBehaviourTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final int[] IDS = {3, 17, 42, 5, 9, 33, 60, 1, 8, 27, 44, 12, 30, 2, 50, 19};
    private static final Spans SPANS = new Spans(5, 9);

    private static Qwen2ForCausalLM base() {
        return Qwen2ForCausalLM.load(Fixtures.tinyModel(), CPU, false);
    }

    /**
     * The reference decodes with chunk-local positions, so a generated token lands in the user span (spec C9). Here
     * positions are absolute: a prompt prefilled at once, then one token at a time, gives the logits of the full
     * forward in every mode; per-token gates also survive a prefill split across the span boundaries.
     */
    @ParameterizedTest
    @EnumSource(GateMode.class)
    void cachedDecodingEqualsTheFullForward(GateMode mode) {
        Qwen2ForCausalLM model = LoraModel.load(base(), Fixtures.tinyAdapter(), mode).model();
        Tensor full = model.logits(IDS, SPANS, null).value();
        int prompt = 10;
        KvCache cache = model.newCache(SPANS);
        assertRowsClose(mode + " prefill", full.slice(0, 0, prompt), model.infer(Arrays.copyOf(IDS, prompt), cache, false));
        for (int t = prompt; t < IDS.length; t++) {
            assertRowsClose(mode + " decode of position " + t, full.slice(0, t, t + 1), model.infer(new int[] {IDS[t]}, cache, true));
        }
        if (mode != GateMode.POOLED) {
            KvCache chunked = model.newCache(SPANS);
            int[] cuts = {0, 3, 7, 11, IDS.length};
            for (int c = 0; c + 1 < cuts.length; c++) {
                Tensor logits = model.infer(Arrays.copyOfRange(IDS, cuts[c], cuts[c + 1]), chunked, false);
                assertRowsClose(mode + " chunk " + c, full.slice(0, cuts[c], cuts[c + 1]), logits);
            }
        }
    }

    @Test
    void theSpansChangeTheOutputAndAFreshAdapterDoesNot() {
        Qwen2ForCausalLM base = base();
        Qwen2ForCausalLM adapted = LoraModel.load(base, Fixtures.tinyAdapter()).model();
        assertFalse(Arrays.equals(adapted.logits(IDS, SPANS, null).value().toFloats(),
                adapted.logits(IDS, new Spans(2, 12), null).value().toFloats()));
        LoraModel fresh = LoraModel.create(base, LoraConfig.pacDefaults(), 42);
        assertArrayEquals(base.logits(IDS).value().toFloats(), fresh.model().logits(IDS, SPANS, null).value().toFloats(), 1e-6f,
                "compose experts start at zero");
        assertEquals(2 * 7 * 10, fresh.adapterParameters().size());
    }

    @Test
    void saveThenLoadGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        Qwen2ForCausalLM base = base();
        LoraModel original = LoraModel.load(base, Fixtures.tinyAdapter(), GateMode.POOLED);
        original.save(dir, "tiny-qwen2");
        LoraModel loaded = LoraModel.load(base, dir);
        assertEquals(GateMode.POOLED, loaded.config().gateMode());
        assertEquals(original.config(), loaded.config());
        assertArrayEquals(original.model().logits(IDS, SPANS, null).value().toFloats(),
                loaded.model().logits(IDS, SPANS, null).value().toFloats());
        assertTrue(Files.readString(dir.resolve(AdapterFiles.CONFIG_FILE)).contains("\"peft_type\" : \"LORA\""));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(AdapterFiles.CONFIG_FILE, AdapterFiles.WEIGHTS_FILE),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary files left");
        }
    }

    @Test
    void plainLoraMergedEqualsUnmergedAndUnmergeRestoresTheBase() {
        Qwen2ForCausalLM base = base();
        LoraModel lora = LoraModel.create(base, new LoraConfig(4, 8, 0.1, LoraConfig.ALL_TARGETS, false, null), 7);
        SplittableRandom random = new SplittableRandom(3);
        lora.adapterParameters().forEach((key, v) -> {
            if (key.endsWith("lora_B.weight")) v.setValue(Init.uniform(CPU, random, 0.3, v.shape()));
        });
        float[] unmerged = lora.model().logits(IDS).value().toFloats();
        assertFalse(Arrays.equals(base.logits(IDS).value().toFloats(), unmerged));
        Variable q = base.parameters().get("model.layers.0.self_attn.q_proj.weight");
        Tensor before = q.value();
        lora.merge();
        assertNotEquals(before, q.value());
        assertArrayEquals(unmerged, lora.model().logits(IDS).value().toFloats(), 1e-5f);
        lora.unmerge();
        assertSame(before, q.value());
        assertArrayEquals(unmerged, lora.model().logits(IDS).value().toFloats());
        LoraModel pac = LoraModel.create(base, LoraConfig.pacDefaults(), 1);
        assertThrows(IllegalStateException.class, pac::merge);
    }

    @Test
    void badAdapterFilesAreOneLineErrorsNamingTheFileAndTensor(@TempDir Path dir) throws IOException {
        Qwen2ForCausalLM base = base();
        Path wrongRank = copy(dir.resolve("rank"));
        Files.writeString(wrongRank.resolve(AdapterFiles.CONFIG_FILE),
                Files.readString(wrongRank.resolve(AdapterFiles.CONFIG_FILE)).replace("\"r\": 2", "\"r\": 3"));
        String message = assertThrows(AdapterFormatException.class, () -> LoraModel.load(base, wrongRank)).getMessage();
        assertTrue(message.contains("adapter_model.safetensors: tensor base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight: shape [2, 16]"), message);

        Path fewerTargets = copy(dir.resolve("targets"));
        Files.writeString(fewerTargets.resolve(AdapterFiles.CONFIG_FILE),
                Files.readString(fewerTargets.resolve(AdapterFiles.CONFIG_FILE)).replace("\"down_proj\"", "\"up_proj\"").replaceFirst("\"up_proj\"", "\"v_proj\"").replace("\"q_proj\",", ""));
        message = assertThrows(AdapterFormatException.class, () -> LoraModel.load(base, fewerTargets)).getMessage();
        assertFalse(message.contains("\n"));

        Path badMode = copy(dir.resolve("mode"));
        Files.writeString(badMode.resolve(AdapterFiles.CONFIG_FILE),
                Files.readString(badMode.resolve(AdapterFiles.CONFIG_FILE)).replace("\"r\": 2", "\"pac_gate_mode\": \"mean\", \"r\": 2"));
        message = assertThrows(AdapterFormatException.class, () -> LoraModel.load(base, badMode)).getMessage();
        assertTrue(message.endsWith("adapter_config.json: gate mode \"mean\" is not one of token, pooled, avg_a, avg_b, avg_both"), message);

        message = assertThrows(AdapterFormatException.class, () -> LoraModel.load(base, dir.resolve("nothing"))).getMessage();
        assertTrue(message.endsWith("adapter_config.json: no such file"), message);
    }

    private static Path copy(Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : List.of(AdapterFiles.CONFIG_FILE, AdapterFiles.WEIGHTS_FILE)) Files.copy(Fixtures.tinyAdapter().resolve(f), to.resolve(f));
        return to;
    }

    /** Cached and uncached paths run the same kernels in a different grouping: float32 rounding apart only. */
    private static void assertRowsClose(String what, Tensor expected, Tensor actual) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertArrayEquals(expected.toFloats(), actual.toFloats(), 1e-5f, what);
    }
}
