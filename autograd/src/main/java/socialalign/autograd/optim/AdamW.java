package socialalign.autograd.optim;

import java.util.ArrayList;
import java.util.List;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * torch.optim.AdamW: decoupled weight decay {@code p -= lr wd p}, then Adam with bias correction,
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)}. A parameter without a gradient
 * is skipped and its step count does not advance, as in PyTorch.
 */
public final class AdamW implements Optimizer {
    private final List<Variable> params;
    private final Tensor[] m, v;
    private final int[] steps;
    private final double beta1, beta2, eps, weightDecay;
    private double lr;

    public AdamW(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = new Tensor[params.size()];
        this.v = new Tensor[params.size()];
        this.steps = new int[params.size()];
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public AdamW(List<Variable> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay);
    }

    @Override
    public void step() {
        Backend.AdamWHyper hyper = new Backend.AdamWHyper(lr, beta1, beta2, eps, weightDecay);
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (p.grad() == null) continue;
            Backend backend = p.backend();
            if (m[i] == null) {
                m[i] = backend.zeros(p.shape());
                v[i] = backend.zeros(p.shape());
                if (!p.value().isContiguous() || p.value().offset() != 0) p.setValue(backend.contiguous(p.value()));
            }
            backend.adamW(p.value(), p.grad(), m[i], v[i], hyper, ++steps[i]);
        }
    }

    /** The moments and step counts, for checkpoints: {@code [m_i, v_i]} per parameter (null before its first step). */
    public List<Tensor[]> state() {
        List<Tensor[]> s = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) s.add(new Tensor[] {m[i], v[i]});
        return s;
    }

    public int stepCount(int param) {
        return steps[param];
    }

    /** Restores parameter {@code param}'s moments and step count from a checkpoint, so training resumes exactly. */
    public void restore(int param, Tensor mState, Tensor vState, int step) {
        Variable p = params.get(param);
        if (!java.util.Arrays.equals(mState.shape(), p.shape()) || !java.util.Arrays.equals(vState.shape(), p.shape())) {
            throw new IllegalArgumentException("restore " + p.name() + ": state shapes differ from the parameter's");
        }
        if (!p.value().isContiguous() || p.value().offset() != 0) p.setValue(p.backend().contiguous(p.value()));
        m[param] = p.backend().contiguous(mState);
        v[param] = p.backend().contiguous(vState);
        steps[param] = step;
    }

    @Override public List<Variable> parameters() { return params; }
    @Override public void setLearningRate(double lr) { this.lr = lr; }
    @Override public double learningRate() { return lr; }
}
