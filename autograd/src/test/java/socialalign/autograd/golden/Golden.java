package socialalign.autograd.golden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * One golden file written by {@code src/test/resources/golden/make_golden.py}: named float32 tensors
 * ({@code {"shape": [...], "data": [...]}}, row-major), int arrays and scalars.
 */
final class Golden {
    private final String file;
    private final JsonNode root;

    private Golden(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code /golden/<file>} from the test class path. */
    static Golden load(String file) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IllegalArgumentException("golden file " + file + " is not on the test class path");
            return new Golden(file, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("golden file " + file + ": " + e.getMessage(), e);
        }
    }

    String file() {
        return file;
    }

    private JsonNode entry(String section, String name) {
        JsonNode node = root.path(section).get(name);
        if (node == null) throw new IllegalArgumentException(file + ": no " + section + " entry " + name);
        return node;
    }

    int[] shape(String name) {
        JsonNode s = entry("tensors", name).get("shape");
        int[] shape = new int[s.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = s.get(i).intValue();
        return shape;
    }

    /** The exact float32 values torch wrote (each decimal is a float's shortest round-trip form). */
    float[] data(String name) {
        JsonNode d = entry("tensors", name).get("data");
        float[] data = new float[d.size()];
        for (int i = 0; i < data.length; i++) data[i] = (float) d.get(i).doubleValue();
        return data;
    }

    Tensor tensor(String name, Backend backend) {
        return backend.fromFloats(data(name), shape(name));
    }

    Variable leaf(String name, Backend backend) {
        return Variable.leaf(name, tensor(name, backend));
    }

    /** Names of the tensors that start with {@code prefix}, in file order, the prefix removed. */
    List<String> tensorNames(String prefix) {
        List<String> names = new ArrayList<>();
        root.path("tensors").fieldNames().forEachRemaining(n -> {
            if (n.startsWith(prefix)) names.add(n.substring(prefix.length()));
        });
        return names;
    }

    int[] ints(String name) {
        JsonNode node = entry("ints", name);
        int[] v = new int[node.size()];
        for (int i = 0; i < v.length; i++) v[i] = node.get(i).intValue();
        return v;
    }

    int integer(String name) {
        return entry("ints", name).intValue();
    }

    double scalar(String name) {
        return entry("scalars", name).doubleValue();
    }
}
