package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.autograd.Variable;
import socialalign.autograd.nn.Spans;
import socialalign.engine.Tensor;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.SafetensorsWriter;
import socialalign.models.safetensors.SafetensorsWriter.Named;

/**
 * {@code grad}: the loss of a sequence and the gradient of every parameter, the audit tool for checking the
 * training math against PyTorch ({@code loss = F.cross_entropy(logits, targets, ignore_index=-100)}).
 */
@Command(name = "grad", mixinStandardHelpOptions = true,
        description = "Writes the mean cross-entropy \"loss\" and \"grad.<parameter name>\" of every parameter "
                + "(Hugging Face names) to a safetensors file; with --adapter also \"grad.<PEFT key>\" of every adapter tensor.")
public final class GradCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen2 model directory")
    Path model;

    @Option(names = "--ids", required = true, paramLabel = "1,2,3", description = "input token ids, comma-separated")
    String ids;

    @Option(names = "--targets", required = true, paramLabel = "2,3,-100",
            description = "the target of each position, already shifted (position i predicts token i + 1); -100 is not counted")
    String targets;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "output file")
    Path out;

    @Mixin
    AdapterOptions adapter;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        Qwen2ForCausalLM m = ModelArgs.model(model, true, device.backend());
        int vocab = m.config().vocabSize();
        int[] inputs = ModelArgs.ids("--ids", ids, vocab, false);
        int[] expected = ModelArgs.ids("--targets", targets, vocab, true);
        if (expected.length != inputs.length) {
            throw new UserError("--targets: " + expected.length + " targets for " + inputs.length + " ids");
        }
        LoraModel lora = adapter.load(m);
        Spans spans = adapter.spans();
        // Dropout off: the gradient of the evaluation-mode loss.
        Variable loss = (lora == null ? m : lora.model()).loss(inputs, expected, spans, null);
        loss.backward();
        List<Named> tensors = new ArrayList<>();
        tensors.add(new Named("loss", new int[0], loss.value().toFloats()));
        Map<String, Variable> parameters = new LinkedHashMap<>(m.parameters());
        if (lora != null) parameters.putAll(lora.adapterParameters());
        for (Map.Entry<String, Variable> p : parameters.entrySet()) {
            Tensor g = p.getValue().grad();
            float[] values = g != null ? g.toFloats() : new float[Math.toIntExact(p.getValue().value().numel())];
            tensors.add(new Named("grad." + p.getKey(), p.getValue().shape(), values));
        }
        SafetensorsWriter.writeF32(out, tensors, Map.of("ids", ids, "targets", targets, "user_end", Integer.toString(adapter.userEnd),
                "news_end", Integer.toString(adapter.newsEnd)));
        System.err.printf("loss %.6f; wrote %d gradients to %s%n", loss.value().item(), tensors.size() - 1, out);
        return 0;
    }
}
