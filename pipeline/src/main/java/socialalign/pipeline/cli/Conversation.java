package socialalign.pipeline.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import socialalign.engine.Backend;
import socialalign.models.generate.Generator;
import socialalign.models.generate.SamplingParams;
import socialalign.models.generate.TextStreamer;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.ChatTemplate;
import socialalign.models.tokenizer.ChatTemplate.Message;
import socialalign.models.tokenizer.Tokenizer;

/**
 * A ChatML conversation with a model of {@code generate} and {@code chat}: each reply is generated after the
 * conversation so far, rendered as Qwen2.5's template does, and streamed as text while it is generated.
 */
final class Conversation {
    private final Tokenizer tokenizer;
    private final Generator generator;
    private final List<Message> messages = new ArrayList<>();
    private final String system;

    Conversation(Path modelDirectory, String system, Backend backend) {
        Qwen2ForCausalLM model = ModelArgs.model(modelDirectory, false, backend);
        this.tokenizer = ModelArgs.tokenizer(modelDirectory);
        int[] stops = Stream.of("<|im_end|>", "<|endoftext|>").map(tokenizer::tokenId)
                .filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).toArray();
        this.generator = new Generator(model, tokenizer.size(), stops);
        this.system = system;
        reset();
    }

    void reset() {
        messages.clear();
        if (system != null) messages.add(Message.system(system));
    }

    /** Generates the reply to {@code userText}, printing it to {@code out} as it comes; returns why it ended. */
    Generator.Stop reply(String userText, SamplingParams params, PrintStream out) {
        messages.add(Message.user(userText));
        int[] prompt = tokenizer.encode(ChatTemplate.render(messages, true));
        TextStreamer streamer = new TextStreamer(tokenizer);
        Generator.Result result = generator.generate(prompt, params, id -> {
            out.print(streamer.push(id));
            out.flush();
        });
        out.print(streamer.finish());
        out.flush();
        messages.add(Message.assistant(tokenizer.decode(result.tokens(), true)));
        return result.stop();
    }

    static String describe(SamplingParams p) {
        return p.doSample()
                ? "sampling: temperature " + p.temperature() + ", top-k " + p.topK() + ", top-p " + p.topP()
                        + ", repetition penalty " + p.repetitionPenalty() + ", seed " + p.seed()
                : "greedy" + (p.repetitionPenalty() != 1 ? ", repetition penalty " + p.repetitionPenalty() : "");
    }

}
