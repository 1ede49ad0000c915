package socialalign.autograd.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/** Qwen2's MLP: {@code down(silu(gate(x)) * up(x))}, no biases. */
public final class SwiGlu implements Module {
    public final Projection gateProj; // [intermediate, hidden]
    public final Projection upProj;   // [intermediate, hidden]
    public final Projection downProj; // [hidden, intermediate]

    public SwiGlu(Projection gateProj, Projection upProj, Projection downProj) {
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

    /** {@code x [..., hidden]} of the tokens {@code context} describes. */
    public Variable forward(Variable x, TokenContext context) {
        Variable gate = F.silu(gateProj.forward(x, context));
        return downProj.forward(F.mul(gate, upProj.forward(x, context)), context);
    }

    /** This MLP with each projection replaced by {@code wrap(name, projection)}, names as {@code gate_proj}. */
    public SwiGlu mapProjections(BiFunction<String, Projection, Projection> wrap) {
        return new SwiGlu(wrap.apply("gate_proj", gateProj), wrap.apply("up_proj", upProj), wrap.apply("down_proj", downProj));
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
