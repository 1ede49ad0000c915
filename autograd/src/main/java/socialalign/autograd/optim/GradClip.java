package socialalign.autograd.optim;

import java.util.Collection;
import socialalign.autograd.Variable;

/** torch.nn.utils.clip_grad_norm_ with the 2-norm over all gradients together. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by {@code min(1, maxNorm / (total + 1e-6))}, total being the 2-norm of all
     * gradients concatenated; returns total (before clipping).
     */
    public static double clipGlobalNorm(Collection<Variable> params, double maxNorm) {
        double squares = 0;
        for (Variable p : params) if (p.grad() != null) squares += p.backend().sumOfSquares(p.grad());
        double total = Math.sqrt(squares);
        double coef = Math.min(1.0, maxNorm / (total + 1e-6));
        for (Variable p : params) if (p.grad() != null) p.backend().scaleInPlace(p.grad(), coef);
        return total;
    }
}
