package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.engine.Tensor;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.safetensors.SafetensorsWriter;

/** {@code logits}: the logits of every position of a token sequence, for checking the forward against PyTorch. */
@Command(name = "logits", mixinStandardHelpOptions = true,
        description = "Writes the logits [T, vocab] (F32 tensor \"logits\") of a token sequence to a safetensors file.")
public final class LogitsCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face Qwen2 model directory")
    Path model;

    @Option(names = "--ids", required = true, paramLabel = "1,2,3", description = "token ids, comma-separated")
    String ids;

    @Option(names = "--out", required = true, paramLabel = "FILE.safetensors", description = "output file")
    Path out;

    @Mixin
    AdapterOptions adapter;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        Qwen2ForCausalLM m = ModelArgs.model(model, true, device.backend());
        int[] tokens = ModelArgs.ids("--ids", ids, m.config().vocabSize(), false);
        LoraModel lora = adapter.load(m);
        Qwen2ForCausalLM run = lora == null ? m : lora.model();
        Tensor logits = run.infer(tokens, run.newCache(adapter.spans()), false);
        SafetensorsWriter.writeF32(out, List.of(new SafetensorsWriter.Named("logits", logits.shape(), logits.toFloats())),
                Map.of("ids", ids));
        System.err.println("wrote logits [" + tokens.length + ", " + m.config().vocabSize() + "] to " + out);
        return 0;
    }
}
