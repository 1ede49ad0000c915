package socialalign.autograd.nn;

import java.util.Map;
import socialalign.autograd.Variable;

/** Naming of nested parameters: a child's {@code weight} inside {@code q_proj} becomes {@code q_proj.weight}. */
public final class Modules {
    private Modules() {}

    public static void put(Map<String, Variable> into, String prefix, Module child) {
        child.parameters().forEach((name, p) -> into.put(prefix + "." + name, p));
    }
}
