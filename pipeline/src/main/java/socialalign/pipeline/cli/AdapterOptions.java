package socialalign.pipeline.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import socialalign.autograd.nn.Spans;
import socialalign.lora.LoraModel;
import socialalign.models.qwen2.Qwen2ForCausalLM;

/** The adapter options of the audit commands ({@code logits}, {@code grad}): an adapter and the prompt's spans. */
final class AdapterOptions {
    @Option(names = "--adapter", paramLabel = "DIR", description = "a LoRA or PAC-LoRA adapter (PEFT layout)")
    Path adapter;

    @Option(names = "--user-end", defaultValue = "0", paramLabel = "N", description = "PAC-LoRA: end of the user span (spec C3)")
    int userEnd;

    @Option(names = "--news-end", defaultValue = "0", paramLabel = "N", description = "PAC-LoRA: end of the news span (spec C3)")
    int newsEnd;

    /** The adapter on {@code base}, or null when none is given. */
    LoraModel load(Qwen2ForCausalLM base) {
        return adapter == null ? null : ModelArgs.adapter(base, adapter, null);
    }

    Spans spans() {
        return ModelArgs.spans(userEnd, newsEnd);
    }
}
