package socialalign.autograd.optim;

import java.util.List;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * torch.optim.SGD: {@code g += wd p}; with momentum, {@code buf = mu buf + (1 - dampening) g} (buf = g at the
 * first step), {@code g = nesterov ? g + mu buf : buf}; then {@code p -= lr g}.
 */
public final class Sgd implements Optimizer {
    private final List<Variable> params;
    private final Tensor[] buffers;
    private final double momentum, dampening, weightDecay;
    private final boolean nesterov;
    private double lr;

    public Sgd(List<Variable> params, double lr, double momentum, double dampening, double weightDecay, boolean nesterov) {
        this.params = List.copyOf(params);
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.buffers = new Tensor[params.size()];
    }

    @Override
    public void step() {
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            if (p.grad() == null) continue;
            Backend backend = p.backend();
            Tensor g = p.grad();
            if (weightDecay != 0) g = backend.add(g, backend.scale(p.value(), weightDecay));
            if (momentum != 0) {
                if (buffers[i] == null) {
                    buffers[i] = backend.contiguous(g);
                } else {
                    backend.scaleInPlace(buffers[i], momentum);
                    backend.addInPlace(buffers[i], g, 1 - dampening);
                }
                g = nesterov ? backend.add(g, backend.scale(buffers[i], momentum)) : buffers[i];
            }
            Tensor updated = backend.contiguous(p.value());
            backend.addInPlace(updated, g, -lr);
            p.setValue(updated);
        }
    }

    @Override public List<Variable> parameters() { return params; }
    @Override public void setLearningRate(double lr) { this.lr = lr; }
    @Override public double learningRate() { return lr; }
}
