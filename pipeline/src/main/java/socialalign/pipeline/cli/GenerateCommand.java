package socialalign.pipeline.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.models.generate.Generator;
import socialalign.models.generate.SamplingParams;

/** {@code generate}: one reply of a chat model to one prompt, streamed to stdout as it is generated. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generates the assistant's reply to a prompt (ChatML, as Qwen2.5's chat template renders it), "
                + "printing tokens as they come. Settings go to stderr.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Hugging Face Qwen2 model directory (config.json, safetensors weights, tokenizer.json)")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "the user's message")
    String prompt;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt (default: the template's own)")
    String system;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() {
        SamplingParams params = sampling.resolve(model);
        Conversation conversation = new Conversation(model, system, device.backend());
        System.err.println("socialalign: " + Conversation.describe(params));
        Generator.Stop stop = conversation.reply(prompt, params, System.out);
        System.out.println();
        if (stop == Generator.Stop.MAX_NEW_TOKENS) System.err.println("socialalign: stopped after --max-new-tokens " + params.maxNewTokens());
        return 0;
    }
}
