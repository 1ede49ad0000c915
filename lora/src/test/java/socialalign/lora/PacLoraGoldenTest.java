package socialalign.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Linear;
import socialalign.autograd.nn.Spans;
import socialalign.autograd.nn.TokenContext;
import socialalign.engine.cpu.CpuBackend;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.SafetensorsFile;

/**
 * Parity with the reference's PAC-LoRA math in PyTorch ({@code make_golden.py}): the layer on random shapes and spans
 * in every gate mode with non-zero compose experts, and a whole tiny Qwen2 with PAC-LoRA on all seven projections,
 * outputs and every gradient within 1e-4 relative. The golden values are float64 results rounded once to float32.
 */
class PacLoraGoldenTest {
    private static final CpuBackend CPU = new CpuBackend(2);
    private static final double TOLERANCE = 1e-4;
    /**
     * Element by element through a whole model, float32 itself misses 1e-4: torch's own float32 run of this model is
     * off the exact gradients by up to 5.3e-4 on the same measure (pooled mode, a gate's first layer: a sum over
     * tokens of small terms), 1.7e-4 (avg_b), 1.0e-4 (token). In norm the check stays at 1e-4, except for pooled
     * gates: there torch's float32 run itself misses layer 0's down_proj gate gradients by 2.2e-4 in norm, so 3e-4.
     */
    private static final double MODEL_ELEMENT_TOLERANCE = 1e-3;

    private static double normTolerance(GateMode mode) {
        return mode == GateMode.POOLED ? 3e-4 : TOLERANCE;
    }

    @Test
    void layerOutputAndEveryGradientMatchTorchInEveryMode() throws Exception {
        try (SafetensorsFile golden = SafetensorsFile.open(Fixtures.resource("layer.safetensors"))) {
            JsonNode cases = new ObjectMapper().readTree(golden.metadata().get("cases"));
            for (int k = 0; k < cases.size(); k++) {
                JsonNode c = cases.get(k);
                String p = "case" + k + ".";
                Map<String, Variable> leaves = new HashMap<>();
                var read = new Object() {
                    Variable leaf(String name) {
                        return leaves.computeIfAbsent(name, n -> Variable.leaf(n,
                                CPU.fromFloats(golden.readFloats(p + n), golden.entry(p + n).shape())));
                    }
                };
                Linear base = new Linear(read.leaf("weight"), c.get("bias").asBoolean() ? read.leaf("bias") : null);
                GateMode mode = GateMode.parse(c.get("mode").asText());
                LoraConfig config = new LoraConfig(c.get("r").asInt(), c.get("alpha").asDouble(), 0, LoraConfig.ALL_TARGETS, true, mode);
                String prefix = LoraModel.keyPrefix("m");
                PacLoraLinear layer = PacLoraLinear.create("m", base, config, (key, shape, initial) ->
                        read.leaf("adapter." + key.substring(prefix.length(), key.length() - ".weight".length())).value());
                // create() wraps the tensors in its own leaves: collect gradients from those.
                Variable x = read.leaf("x");
                int t = x.shape()[1];
                Spans spans = new Spans(c.get("user_end").asInt(), c.get("news_end").asInt());
                Variable y = layer.forward(x, new TokenContext(TokenContext.range(0, t), spans, new HashMap<>(), null));
                String what = "case " + k + " (" + c + ")";
                Fixtures.assertClose(what + " y", golden.readFloats(p + "y"), golden.entry(p + "y").shape(), y.value(), TOLERANCE);

                F.sumAll(F.mul(y, Variable.constant(read.leaf("dy").value()))).backward();
                check(golden, p, what, "x", x);
                check(golden, p, what, "weight", base.weight);
                if (base.bias != null) check(golden, p, what, "bias", base.bias);
                layer.adapterParameters().forEach((key, v) ->
                        check(golden, p, what, "adapter." + key.substring(0, key.length() - ".weight".length()), v));
            }
        }
    }

    private static void check(SafetensorsFile golden, String prefix, String what, String name, Variable v) {
        String key = prefix + "grad." + name;
        Fixtures.assertClose(what + " grad." + name, golden.readFloats(key), golden.entry(key).shape(), v.grad(), TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(GateMode.class)
    void wholeQwen2WithPacLoraMatchesTorch(GateMode mode) {
        try (SafetensorsFile golden = SafetensorsFile.open(Fixtures.resource("model.safetensors"))) {
            Map<String, String> meta = golden.metadata();
            int[] ids = ints(meta.get("ids")), targets = ints(meta.get("targets"));
            Spans spans = new Spans(Integer.parseInt(meta.get("user_end")), Integer.parseInt(meta.get("news_end")));
            Qwen2ForCausalLM base = Qwen2ForCausalLM.load(Fixtures.tinyModel(), CPU);
            LoraModel adapted = LoraModel.load(base, Fixtures.tinyAdapter(), mode);
            String m = mode.wireName();

            Variable loss = adapted.model().loss(ids, targets, spans, null);
            Fixtures.assertClose(m + " logits", golden.readFloats("logits." + m), golden.entry("logits." + m).shape(),
                    adapted.model().logits(ids, spans, null).value(), TOLERANCE);
            double torchLoss = golden.readFloats("loss." + m)[0];
            assertEquals(torchLoss, loss.value().item(), 1e-5 * Math.abs(torchLoss), m + " loss");

            loss.backward();
            Map<String, Variable> adapter = adapted.adapterParameters();
            assertEquals(2 * 7 * 10, adapter.size());
            adapter.forEach((key, v) -> Fixtures.assertClose(m + " grad." + key, golden.readFloats("grad." + m + "." + key),
                    golden.entry("grad." + m + "." + key).shape(), v.grad(), normTolerance(mode), MODEL_ELEMENT_TOLERANCE));
            if (mode == GateMode.TOKEN) {
                base.parameters().forEach((name, v) -> Fixtures.assertClose(m + " grad." + name,
                        golden.readFloats("grad." + m + "." + name), golden.entry("grad." + m + "." + name).shape(), v.grad(), normTolerance(mode), MODEL_ELEMENT_TOLERANCE));
            }
        }
    }

    static int[] ints(String json) {
        try {
            return new ObjectMapper().readValue(json, int[].class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
