package socialalign.pipeline.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.autograd.nn.Spans;
import socialalign.lora.GateMode;
import socialalign.lora.GateTrace;
import socialalign.lora.LoraModel;
import socialalign.lora.PromptSpans;
import socialalign.models.qwen2.KvCache;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.models.io.AtomicFile;
import socialalign.pipeline.train.GateReport;
import socialalign.pipeline.train.SftEncoder;

/** {@code gates}: PAC-LoRA's gate weights for every prompt token, per layer and projection, as JSON and an SVG heatmap. */
@Command(name = "gates", mixinStandardHelpOptions = true,
        description = "Writes the per-token weights of both PAC-LoRA gates (analyze experts from the news span, compose "
                + "experts from the user span) of every layer and projection as gates.json and gates.svg.")
public final class GatesCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "base Qwen2 model directory")
    Path model;

    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "PAC-LoRA adapter directory")
    Path adapter;

    @Option(names = "--prompt-file", required = true, paramLabel = "FILE",
            description = "an instruction (rendered as in training, with the system prompt), or a full ChatML prompt")
    Path promptFile;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "tokenizer.json or its directory (default: --model)")
    Path tokenizer;

    @Option(names = "--gate-mode", paramLabel = "MODE", description = "override the adapter's gate mode")
    String gateMode;

    @Option(names = "--output", defaultValue = "gates", paramLabel = "DIR", description = "output directory (default: ${DEFAULT-VALUE})")
    Path output;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(promptFile)) throw new UserError(promptFile + ": no such file");
        String text = Files.readString(promptFile);
        String prompt = text.contains("<|im_start|>") ? text : SftEncoder.prompt(text.strip());
        Tokenizer tok = ModelArgs.tokenizer(tokenizer != null ? tokenizer : model);
        Spans spans;
        try {
            spans = PromptSpans.of(tok, prompt);
        } catch (IllegalArgumentException e) {
            throw new UserError(promptFile + ": " + e.getMessage());
        }
        GateMode mode;
        try {
            mode = gateMode == null ? null : GateMode.parse(gateMode);
        } catch (IllegalArgumentException e) {
            throw new UserError("--gate-mode: " + e.getMessage());
        }
        LoraModel lora = ModelArgs.adapter(ModelArgs.model(model, false, device.backend()), adapter, mode);
        if (!lora.config().pac()) throw new UserError(adapter + ": a plain LoRA adapter has no gates");
        int[] ids = tok.encode(prompt);
        Qwen2ForCausalLM m = lora.model();
        KvCache cache = m.newCache(spans);
        GateTrace trace = new GateTrace();
        cache.memory().put(GateTrace.KEY, trace);
        m.infer(ids, cache, true);

        String[] tokens = new String[ids.length];
        for (int i = 0; i < ids.length; i++) tokens[i] = tok.decode(new int[] {ids[i]});
        GateReport report = new GateReport(tokens, spans, lora.config().gateMode(), trace.entries());
        AtomicFile.writeString(output.resolve("gates.json"), report.json());
        AtomicFile.writeString(output.resolve("gates.svg"), report.svg());
        System.err.printf("gates: %d tokens (user [0, %d), news [%d, %d)), %d modules; wrote %s and %s%n", ids.length,
                spans.userEnd(), spans.userEnd(), spans.newsEnd(), trace.entries().size(),
                output.resolve("gates.json"), output.resolve("gates.svg"));
        return 0;
    }
}
