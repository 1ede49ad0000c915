package socialalign.pipeline.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import socialalign.autograd.nn.Spans;
import socialalign.engine.Backend;
import socialalign.lora.AdapterFormatException;
import socialalign.lora.GateMode;
import socialalign.lora.LoraModel;
import socialalign.models.ModelFormatException;
import socialalign.models.qwen2.Qwen2ForCausalLM;
import socialalign.models.tokenizer.Tokenizer;
import socialalign.models.tokenizer.TokenizerFormatException;

/** What the model commands share: loading a model directory and reading id lists, bad input as {@link UserError}. */
final class ModelArgs {
    private ModelArgs() {}

    /**
     * The model in {@code directory} on {@code backend}; with {@code trainable} false its weights are frozen, and on
     * the CPU kept off the heap as stored (inference, adapter training). Another backend gets them as float32 tensors.
     */
    static Qwen2ForCausalLM model(Path directory, boolean trainable, Backend backend) {
        if (!Files.isDirectory(directory)) throw new UserError(directory + ": not a model directory");
        try {
            return trainable ? Qwen2ForCausalLM.load(directory, backend, true) : Qwen2ForCausalLM.loadFrozen(directory, backend);
        } catch (ModelFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The LoRA or PAC-LoRA adapter in {@code directory} on {@code base}, its gate mode replaced when not null. */
    static LoraModel adapter(Qwen2ForCausalLM base, Path directory, GateMode gateMode) {
        if (!Files.isDirectory(directory)) throw new UserError(directory + ": not an adapter directory");
        try {
            return LoraModel.load(base, directory, gateMode);
        } catch (AdapterFormatException | ModelFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /** The prompt spans from {@code --user-end} and {@code --news-end}. */
    static Spans spans(int userEnd, int newsEnd) {
        try {
            return new Spans(userEnd, newsEnd);
        } catch (IllegalArgumentException e) {
            throw new UserError("--user-end/--news-end: " + e.getMessage());
        }
    }

    static Tokenizer tokenizer(Path directory) {
        try {
            return Tokenizer.load(directory);
        } catch (TokenizerFormatException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /**
     * A comma-separated list of ids, each in {@code [0, vocab)}; with {@code allowIgnore} also -100 (a target
     * that is not counted).
     */
    static int[] ids(String option, String list, int vocab, boolean allowIgnore) {
        String[] parts = list.split(",", -1);
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            try {
                ids[i] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new UserError(option + ": element " + i + " \"" + part + "\" is not an integer");
            }
            boolean ignored = allowIgnore && ids[i] == -100;
            if (!ignored && (ids[i] < 0 || ids[i] >= vocab)) {
                throw new UserError(option + ": element " + i + " (" + ids[i] + ") is outside the vocabulary 0.." + (vocab - 1)
                        + (allowIgnore ? " (or -100)" : ""));
            }
        }
        return ids;
    }
}
