package socialalign.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import socialalign.engine.Backend;
import socialalign.engine.Tensor;

/**
 * A node of the define-by-run graph: a value, the gradient of the loss with respect to it, and (for the
 * result of an op) the parents and the closure that passes a gradient on to them. This is the whole of
 * reverse-mode autodiff; {@link F} holds the ops and their backward rules.
 */
public final class Variable {
    private Tensor value;
    private Tensor grad;
    private final boolean requiresGrad;
    private final String name;
    private Variable[] parents;
    private Backward backward;

    /** Passes {@code grad}, the gradient of this node's output, on to its parents. */
    @FunctionalInterface
    public interface Backward {
        void apply(Tensor grad);
    }

    private Variable(Tensor value, boolean requiresGrad, String name, Variable[] parents, Backward backward) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.name = name;
        this.parents = parents;
        this.backward = backward;
    }

    /** An input that takes no gradient. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null, new Variable[0], null);
    }

    /** A leaf that collects a gradient: a trainable parameter, or an input under test. */
    public static Variable leaf(String name, Tensor value) {
        return new Variable(value, true, name, new Variable[0], null);
    }

    /**
     * The result of an op. It joins the graph only when grad mode is on and a parent needs a gradient;
     * otherwise the closure is dropped at once.
     */
    public static Variable result(Tensor value, Backward backward, Variable... parents) {
        boolean needed = GradMode.isEnabled() && Arrays.stream(parents).anyMatch(Variable::requiresGrad);
        return needed ? new Variable(value, true, null, parents, backward) : constant(value);
    }

    public Tensor value() { return value; }
    public Tensor grad() { return grad; }
    public boolean requiresGrad() { return requiresGrad; }
    public String name() { return name; }
    public int[] shape() { return value.shape(); }
    public Backend backend() { return value.backend(); }

    /** Replaces the value of a leaf (optimizers, weight loading); shape must not change. */
    public void setValue(Tensor newValue) {
        if (!Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("setValue " + name + ": shape " + Arrays.toString(newValue.shape())
                    + " differs from " + Arrays.toString(value.shape()));
        }
        value = newValue;
    }

    public void zeroGrad() {
        grad = null;
    }

    /** Adds {@code g} to this node's gradient (a node used twice receives the sum). */
    public void accumulate(Tensor g) {
        if (!requiresGrad) return;
        if (!Arrays.equals(g.shape(), value.shape())) {
            throw new IllegalStateException("gradient of shape " + Arrays.toString(g.shape()) + " for "
                    + (name != null ? name : "a variable") + " of shape " + Arrays.toString(value.shape()));
        }
        if (grad != null) {
            grad = grad.backend().add(grad, g);
        } else {
            // A leaf's gradient is scaled and read in place by optimizers: it must not share storage with
            // the gradient of another node (add passes one dy to both operands).
            grad = backward == null ? g.backend().contiguous(g) : g;
        }
    }

    /** Backpropagates from this scalar: d(this)/d(this) = 1. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalStateException("backward() needs a scalar, got shape " + Arrays.toString(value.shape()));
        }
        double[] one = new double[] {1};
        backward(value.backend().fromDoubles(one, value.shape()));
    }

    /**
     * Backpropagates {@code seed} (the gradient of some scalar with respect to this node) through the graph,
     * in reverse topological order. Leaves keep their gradients (they accumulate over calls); the graph is
     * released afterwards.
     */
    public void backward(Tensor seed) {
        List<Variable> order = topologicalOrder();
        accumulate(seed);
        for (int i = order.size() - 1; i >= 0; i--) {
            Variable node = order.get(i);
            if (node.backward != null && node.grad != null) node.backward.apply(node.grad);
            if (node.backward != null) node.release();
        }
    }

    private void release() {
        grad = null;
        backward = null;
        parents = new Variable[0];
    }

    /** Every node this one depends on, parents before children; iterative, since graphs are deep. */
    private List<Variable> topologicalOrder() {
        List<Variable> order = new ArrayList<>();
        Set<Variable> seen = new HashSet<>();
        Deque<Variable> stack = new ArrayDeque<>();
        Deque<Integer> next = new ArrayDeque<>();
        stack.push(this);
        next.push(0);
        seen.add(this);
        while (!stack.isEmpty()) {
            Variable node = stack.peek();
            int i = next.pop();
            if (i < node.parents.length) {
                next.push(i + 1);
                Variable parent = node.parents[i];
                if (parent.requiresGrad && seen.add(parent)) {
                    stack.push(parent);
                    next.push(0);
                }
            } else {
                stack.pop();
                order.add(node);
            }
        }
        return order;
    }

    @Override
    public String toString() {
        return (name != null ? name : "Variable") + Arrays.toString(value.shape());
    }
}
