package socialalign.engine;

import java.util.List;

/**
 * Everything that touches tensor memory. Model and autograd code call only this interface, so a
 * backend (scalar reference, Vector API CPU, CUDA) plugs in without touching them.
 *
 * <p>Inputs may be any views (strided, transposed, broadcast); outputs are new row-major tensors on
 * this backend, except the in-place methods named so. Shape errors throw
 * {@link IllegalArgumentException} naming the op and the shapes.
 */
public interface Backend {

    String name();

    // ---- memory -------------------------------------------------------------------------------

    Tensor zeros(int... shape);

    Tensor fromFloats(float[] values, int... shape);

    Tensor fromDoubles(double[] values, int... shape);

    /** Elements in row-major order of the logical shape. */
    float[] toFloats(Tensor x);

    double[] toDoubles(Tensor x);

    /** A row-major copy. */
    Tensor contiguous(Tensor x);

    /** {@code dst[i] = src[i]} for every element; {@code dst} may be any non-overlapping view. */
    void copyInto(Tensor dst, Tensor src);

    // ---- linear algebra ------------------------------------------------------------------------

    /**
     * {@code a [..., M, K] @ b [..., K, N] + bias [N]} -> {@code [..., M, N]}. Either operand may be a
     * transposed view; {@code b} may be 2-D and shared by every batch; {@code bias} may be null.
     */
    Tensor matmul(Tensor a, Tensor b, Tensor bias);

    // ---- element-wise, with broadcasting ------------------------------------------------------

    Tensor add(Tensor a, Tensor b);

    Tensor sub(Tensor a, Tensor b);

    Tensor mul(Tensor a, Tensor b);

    Tensor div(Tensor a, Tensor b);

    /** {@code s * x}. */
    Tensor scale(Tensor x, double s);

    Tensor exp(Tensor x);

    Tensor log(Tensor x);

    /** {@code x * sigmoid(x)}. */
    Tensor silu(Tensor x);

    /** {@code dy * d silu(x) / dx}. */
    Tensor siluBackward(Tensor x, Tensor dy);

    /** Exact GELU: {@code x * Phi(x) = x/2 * (1 + erf(x / sqrt 2))}. */
    Tensor gelu(Tensor x);

    /** {@code dy * (Phi(x) + x * phi(x))}. */
    Tensor geluBackward(Tensor x, Tensor dy);

    /** Where {@code mask != 0} (broadcast to x), {@code value}; elsewhere x. */
    Tensor maskedFill(Tensor x, Tensor mask, double value);

    // ---- reductions ----------------------------------------------------------------------------

    Tensor sum(Tensor x, int dim, boolean keepDim);

    /** Index of the largest element along the last dimension (the first one on ties). */
    int[] argmax(Tensor x);

    /** Sum of squares of all elements, accumulated in double. */
    double sumOfSquares(Tensor x);

    // ---- normalisation -------------------------------------------------------------------------

    /** Softmax over the last dimension, max-subtracted. */
    Tensor softmax(Tensor x);

    /** {@code y * (dy - sum(dy * y))} over the last dimension, y the softmax output. */
    Tensor softmaxBackward(Tensor y, Tensor dy);

    /** {@code x - max - log(sum(exp(x - max)))} over the last dimension. */
    Tensor logSoftmax(Tensor x);

    /** {@code dy - exp(y) * sum(dy)} over the last dimension, y the log-softmax output. */
    Tensor logSoftmaxBackward(Tensor y, Tensor dy);

    /** {@code x / sqrt(mean(x^2) + eps) * weight} over the last dimension, weight {@code [D]}. */
    Tensor rmsNorm(Tensor x, Tensor weight, double eps);

    /** Gradients of {@link #rmsNorm}: dx like x, dWeight {@code [D]} summed over rows. */
    Gradients2 rmsNormBackward(Tensor x, Tensor weight, double eps, Tensor dy);

    // ---- transformer ---------------------------------------------------------------------------

    /**
     * Rotary position embedding in Hugging Face's rotate-half layout on {@code x [..., T, D]}: the pair
     * (i, i + D/2) of token t turns by {@code positions[t] * theta^(-2i/D)}; {@code inverse} turns back
     * (the backward of a rotation is its transpose).
     */
    Tensor rope(Tensor x, int[] positions, double theta, boolean inverse);

    /** Rows {@code ids} of {@code table [V, D]} -> {@code [ids.length, D]}. */
    Tensor embedding(Tensor table, int[] ids);

    /** Scatter-add of {@code dy [n, D]} into {@code [vocab, D]} at rows {@code ids}. */
    Tensor embeddingBackward(Tensor dy, int[] ids, int vocab);

    /**
     * Scaled dot-product attention with grouped-query heads: {@code q [B, Hq, T, D]}, {@code k, v [B, Hkv, S, D]},
     * query head h reads key/value head {@code h / (Hq / Hkv)}. Causal: query i (the last T of S positions)
     * sees key j only when {@code j <= i + S - T}, which covers training (S = T) and cached decoding alike.
     * Returns {@code out [B, Hq, T, D]} and the log-sum-exp of each score row {@code [B, Hq, T]} for backward.
     */
    Attention attention(Tensor q, Tensor k, Tensor v, double scale, boolean causal);

    /** Gradients of {@link #attention} for q, k and v, recomputing the probabilities from the log-sum-exp. */
    Gradients3 attentionBackward(Tensor q, Tensor k, Tensor v, Attention forward, Tensor dOut, double scale, boolean causal);

    /** Joins tensors along {@code dim}; other dimensions must agree. */
    default Tensor concat(List<Tensor> xs, int dim) {
        int[] shape = OpShapes.concat(xs, dim);
        int d = Shape.dim("concat", shape, dim);
        Tensor out = zeros(shape);
        int at = 0;
        for (Tensor x : xs) {
            copyInto(out.slice(d, at, at + x.size(d)), x);
            at += x.size(d);
        }
        return out;
    }

    // ---- loss ------------------------------------------------------------------------------------

    /**
     * Cross-entropy of {@code logits [N, V]} against {@code targets [N]}, mean over the targets that are not
     * {@code ignoreIndex} (NaN when there are none, as in PyTorch).
     */
    CrossEntropy crossEntropy(Tensor logits, int[] targets, int ignoreIndex);

    /** {@code dLoss * (softmax(logits) - onehot(target)) / counted} on counted rows, 0 on ignored rows. */
    Tensor crossEntropyBackward(Tensor logits, CrossEntropy forward, int[] targets, int ignoreIndex, double dLoss);

    // ---- in place (optimizers, gradient accumulation) --------------------------------------------

    /** {@code dst += alpha * src}; dst row-major, src of the same shape. */
    void addInPlace(Tensor dst, Tensor src, double alpha);

    /** {@code x *= s}; x row-major. */
    void scaleInPlace(Tensor x, double s);

    /**
     * One AdamW step as PyTorch's {@code torch.optim.AdamW}: decoupled decay {@code p -= lr * wd * p}, moments
     * {@code m, v}, bias correction with {@code step} (1-based). All four tensors row-major, same shape.
     */
    void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWHyper hyper, int step);

    // ---- results -------------------------------------------------------------------------------

    record Attention(Tensor out, Tensor logSumExp) {}

    record CrossEntropy(double loss, int counted, Tensor logSumExp) {}

    record Gradients2(Tensor first, Tensor second) {}

    record Gradients3(Tensor first, Tensor second, Tensor third) {}

    record AdamWHyper(double lr, double beta1, double beta2, double eps, double weightDecay) {}
}
