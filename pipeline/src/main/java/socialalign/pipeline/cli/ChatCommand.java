package socialalign.pipeline.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import socialalign.models.generate.SamplingParams;

/**
 * {@code chat}: an interactive conversation on stdin and stdout. Each line is a user turn; the reply streams as it
 * is generated; the conversation so far stays in the KV cache, so a turn only computes what is new.
 */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Chats with a model: one line per user turn; /reset forgets the conversation, /exit (or end of input) quits.")
public final class ChatCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Hugging Face Qwen2 model directory (config.json, safetensors weights, tokenizer.json)")
    Path model;

    @Option(names = "--system", paramLabel = "TEXT", description = "system prompt (default: the template's own)")
    String system;

    @Mixin
    SamplingOptions sampling;

    @Mixin
    DeviceOptions device;

    @Override
    public Integer call() throws IOException {
        SamplingParams params = sampling.resolve(model);
        Conversation conversation = new Conversation(model, system, device.backend());
        System.err.println("socialalign: " + Conversation.describe(params) + "; /reset forgets, /exit quits");
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (true) {
            System.err.print("> ");
            System.err.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit")) return 0;
            if (line.strip().equals("/reset")) {
                conversation.reset();
                continue;
            }
            if (line.isBlank()) continue;
            conversation.reply(line, params, System.out);
            System.out.println();
        }
    }
}
