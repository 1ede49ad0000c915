package socialalign.autograd.optim;

import java.util.List;
import socialalign.autograd.Variable;

/** Updates parameters from their accumulated gradients; the learning rate may change between steps. */
public interface Optimizer {
    List<Variable> parameters();

    void step();

    void setLearningRate(double lr);

    double learningRate();

    default void zeroGrad() {
        for (Variable p : parameters()) p.zeroGrad();
    }
}
