package socialalign.models.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import socialalign.engine.Tensor;
import socialalign.models.ModelFormatException;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} names in its {@code weight_map}. Shards are mapped once each and stay
 * mapped until {@link #close}.
 */
public final class Checkpoint implements AutoCloseable {

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path source;
    private final Map<String, SafetensorsFile> fileOf;
    private final Map<Path, SafetensorsFile> files;

    private Checkpoint(Path source, Map<String, SafetensorsFile> fileOf, Map<Path, SafetensorsFile> files) {
        this.source = source;
        this.fileOf = fileOf;
        this.files = files;
    }

    /** Opens the weights of {@code directory}, single file first, then the sharded form. */
    public static Checkpoint open(Path directory) {
        Path single = directory.resolve(SINGLE_FILE), index = directory.resolve(INDEX_FILE);
        if (Files.isRegularFile(single)) {
            SafetensorsFile file = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
            file.entries().keySet().forEach(name -> fileOf.put(name, file));
            return new Checkpoint(single, fileOf, Map.of(single, file));
        }
        if (Files.isRegularFile(index)) return sharded(directory, index);
        throw new ModelFormatException(directory, "no " + SINGLE_FILE + " and no " + INDEX_FILE);
    }

    private static Checkpoint sharded(Path directory, Path index) {
        JsonNode weightMap;
        try {
            JsonNode root = new ObjectMapper().readTree(index.toFile());
            weightMap = root == null ? null : root.get("weight_map");
        } catch (JacksonException e) {
            throw new ModelFormatException(index, "not valid JSON: " + e.getOriginalMessage().replaceAll("\\R", " "), e);
        } catch (IOException e) {
            throw new ModelFormatException(index, "cannot read: " + e.getMessage(), e);
        }
        if (weightMap == null || !weightMap.isObject()) throw new ModelFormatException(index, "field weight_map: missing");
        Map<String, SafetensorsFile> fileOf = new LinkedHashMap<>();
        Map<Path, SafetensorsFile> files = new LinkedHashMap<>();
        try {
            for (var e : weightMap.properties()) {
                String shard = e.getValue().asText();
                Path path = directory.resolve(shard).normalize();
                if (!e.getValue().isTextual() || !directory.normalize().equals(path.getParent())) {
                    throw new ModelFormatException(index, "field weight_map." + e.getKey() + ": " + e.getValue()
                            + " is not a file name in " + directory);
                }
                SafetensorsFile file = files.computeIfAbsent(path, SafetensorsFile::open);
                file.entry(e.getKey()); // the shard must hold what the index puts there
                fileOf.put(e.getKey(), file);
            }
        } catch (RuntimeException e) {
            files.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(index, fileOf, files);
    }

    /** The file that lists the tensors: {@code model.safetensors} or the index. */
    public Path source() {
        return source;
    }

    public Set<String> tensorNames() {
        return Collections.unmodifiableSet(fileOf.keySet());
    }

    /** The header entry of {@code name}, or a one-line error naming the file and tensor. */
    public TensorEntry entry(String name) {
        return file(name).entry(name);
    }

    /** The tensor {@code name}, checked to be a weight dtype of shape {@code expected}, placed by {@code placement}. */
    public Tensor load(String name, int[] expected, WeightPlacement placement) {
        SafetensorsFile file = file(name);
        TensorEntry entry = file.entry(name);
        if (!entry.dtype().isWeightType()) {
            throw new ModelFormatException(file.path(), "tensor " + name + ": dtype " + entry.dtype()
                    + " is not a weight type (F32, F16 or BF16)");
        }
        if (!Arrays.equals(entry.shape(), expected)) {
            throw new ModelFormatException(file.path(), "tensor " + name + ": shape " + Arrays.toString(entry.shape())
                    + ", but config.json needs " + Arrays.toString(expected));
        }
        return placement.place(file.path(), entry, file.bytes(entry));
    }

    private SafetensorsFile file(String name) {
        SafetensorsFile file = fileOf.get(name);
        if (file == null) {
            throw new ModelFormatException(source, "tensor " + name + " is missing"
                    + (source.endsWith(INDEX_FILE) ? " from weight_map" : ""));
        }
        return file;
    }

    @Override
    public void close() {
        files.values().forEach(SafetensorsFile::close);
    }
}
