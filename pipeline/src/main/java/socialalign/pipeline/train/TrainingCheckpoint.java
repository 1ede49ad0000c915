package socialalign.pipeline.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import socialalign.autograd.Variable;
import socialalign.autograd.optim.AdamW;
import socialalign.engine.Tensor;
import socialalign.lora.LoraModel;
import socialalign.models.safetensors.SafetensorsFile;
import socialalign.models.safetensors.SafetensorsWriter;

/**
 * A checkpoint directory {@code checkpoint-<step>}: the adapter in PEFT layout, {@code optimizer.safetensors} (AdamW's
 * {@code exp_avg.<key>} and {@code exp_avg_sq.<key>}, the step counts in its metadata) and {@code trainer_state.json}.
 * It is written under a temporary name and renamed into place whole, so a killed run leaves either the complete
 * checkpoint or none.
 */
public final class TrainingCheckpoint {
    static final String PREFIX = "checkpoint-", OPTIMIZER_FILE = "optimizer.safetensors", STATE_FILE = "trainer_state.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingCheckpoint() {}

    static Path save(Path outputDir, LoraModel model, AdamW optimizer, TrainerState state, int keep) throws IOException {
        Path target = outputDir.resolve(PREFIX + state.globalStep());
        Path tmp = Files.createTempDirectory(outputDir, "." + PREFIX + state.globalStep() + ".");
        try {
            model.save(tmp, state.baseModel());
            List<SafetensorsWriter.Named> tensors = new ArrayList<>();
            List<Integer> steps = new ArrayList<>();
            List<Map.Entry<String, Variable>> params = List.copyOf(model.adapterParameters().entrySet());
            List<Tensor[]> moments = optimizer.state();
            for (int i = 0; i < params.size(); i++) {
                int[] shape = params.get(i).getValue().shape();
                Tensor[] mv = moments.get(i);
                tensors.add(new SafetensorsWriter.Named("exp_avg." + params.get(i).getKey(), shape, floats(mv[0], shape)));
                tensors.add(new SafetensorsWriter.Named("exp_avg_sq." + params.get(i).getKey(), shape, floats(mv[1], shape)));
                steps.add(optimizer.stepCount(i));
            }
            SafetensorsWriter.writeF32(tmp.resolve(OPTIMIZER_FILE), tensors, Map.of("steps", JSON.writeValueAsString(steps)));
            Files.write(tmp.resolve(STATE_FILE), JSON.writeValueAsBytes(state));
            if (Files.exists(target)) deleteTree(target); // a rerun of the same step replaces it
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
        prune(outputDir, keep);
        return target;
    }

    /** The {@code trainer_state.json} of a checkpoint. */
    public static TrainerState state(Path checkpoint) {
        try {
            return JSON.readValue(checkpoint.resolve(STATE_FILE).toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new UncheckedIOException(checkpoint.resolve(STATE_FILE) + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Puts the checkpoint's moments and step counts back into {@code optimizer}, whose parameters are the model's. */
    static void restoreOptimizer(Path checkpoint, LoraModel model, AdamW optimizer) throws IOException {
        try (SafetensorsFile file = SafetensorsFile.open(checkpoint.resolve(OPTIMIZER_FILE))) {
            int[] steps = JSON.readValue(file.metadata().get("steps"), int[].class);
            List<Map.Entry<String, Variable>> params = List.copyOf(model.adapterParameters().entrySet());
            for (int i = 0; i < params.size(); i++) {
                String key = params.get(i).getKey();
                int[] shape = params.get(i).getValue().shape();
                var backend = params.get(i).getValue().backend();
                optimizer.restore(i, backend.fromFloats(file.readFloats("exp_avg." + key), shape),
                        backend.fromFloats(file.readFloats("exp_avg_sq." + key), shape), steps[i]);
            }
        }
    }

    /** The checkpoint with the highest step in {@code outputDir}, or null. */
    public static Path latest(Path outputDir) throws IOException {
        try (Stream<Path> entries = Files.list(outputDir)) {
            return entries.filter(p -> step(p) >= 0).max(Comparator.comparingInt(TrainingCheckpoint::step)).orElse(null);
        }
    }

    /** Whether {@code dir} is a checkpoint (rather than an output directory holding them). */
    public static boolean isCheckpoint(Path dir) {
        return Files.isRegularFile(dir.resolve(STATE_FILE));
    }

    private static void prune(Path outputDir, int keep) throws IOException {
        List<Path> all;
        try (Stream<Path> entries = Files.list(outputDir)) {
            all = entries.filter(p -> step(p) >= 0).sorted(Comparator.comparingInt(TrainingCheckpoint::step)).toList();
        }
        for (int i = 0; i < all.size() - keep; i++) deleteTree(all.get(i));
    }

    static int step(Path p) {
        String name = p.getFileName().toString();
        if (!name.startsWith(PREFIX) || !Files.isDirectory(p)) return -1;
        try {
            return Integer.parseInt(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A parameter that never had a gradient has no moments yet: zeros, with step count 0, mean the same. */
    private static float[] floats(Tensor t, int[] shape) {
        return t != null ? t.toFloats() : new float[Math.toIntExact(socialalign.engine.Shape.numel(shape))];
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
