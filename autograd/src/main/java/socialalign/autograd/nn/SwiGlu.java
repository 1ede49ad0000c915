package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/** Qwen2's MLP: {@code down(silu(gate(x)) * up(x))}, no biases. */
public final class SwiGlu implements Module {
    public final Linear gateProj; // [intermediate, hidden]
    public final Linear upProj;   // [intermediate, hidden]
    public final Linear downProj; // [hidden, intermediate]

    public SwiGlu(Linear gateProj, Linear upProj, Linear downProj) {
        this.gateProj = gateProj;
        this.upProj = upProj;
        this.downProj = downProj;
    }

    public static SwiGlu init(Backend backend, SplittableRandom random, int hidden, int intermediate) {
        return new SwiGlu(
                Linear.init(backend, random, hidden, intermediate, false),
                Linear.init(backend, random, hidden, intermediate, false),
                Linear.init(backend, random, intermediate, hidden, false));
    }

    public Variable forward(Variable x) {
        return downProj.forward(F.mul(F.silu(gateProj.forward(x)), upProj.forward(x)));
    }

    @Override
    public Map<String, Variable> parameters() {
        Map<String, Variable> p = new LinkedHashMap<>();
        Modules.put(p, "gate_proj", gateProj);
        Modules.put(p, "up_proj", upProj);
        Modules.put(p, "down_proj", downProj);
        return p;
    }
}
