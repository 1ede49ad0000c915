package socialalign.autograd.nn;

import java.util.Map;
import socialalign.autograd.Variable;

/** A block with named trainable parameters (names as Hugging Face writes them, e.g. {@code mlp.up_proj.weight}). */
public interface Module {
    /** Parameters in a stable order, by dotted name. */
    Map<String, Variable> parameters();
}
