package socialalign.autograd.golden;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import socialalign.autograd.F;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;

/**
 * Single ops against PyTorch ({@code ops.json}): the output, and the gradient of every input for a seeded
 * upstream gradient dy.
 */
class GoldenOpsTest {
    private static final Golden OPS = Golden.load("ops.json");

    static Stream<Backend> backends() {
        return Backends.both();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmul(Backend backend) {
        check(backend, "matmul", x -> F.matmul(x[0], x[1]), "a", "b");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void matmulBatched(Backend backend) {
        check(backend, "matmul_batched", x -> F.matmul(x[0], x[1]), "a", "b");
    }

    /** A 3-D operand times a 2-D one shared by every batch. */
    @ParameterizedTest
    @MethodSource("backends")
    void matmulShared(Backend backend) {
        check(backend, "matmul_shared", x -> F.matmul(x[0], x[1]), "a", "b");
    }

    /** Both operands enter as transposed views. */
    @ParameterizedTest
    @MethodSource("backends")
    void matmulTransposed(Backend backend) {
        check(backend, "matmul_transposed", x -> F.matmul(F.transpose(x[0], -1, -2), F.transpose(x[1], -1, -2)), "at", "bt");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void linear(Backend backend) {
        check(backend, "linear", x -> F.linear(x[0], x[1], x[2]), "x", "weight", "bias");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void addBroadcast(Backend backend) {
        check(backend, "add", x -> F.add(x[0], x[1]), "a", "b");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mulBroadcast(Backend backend) {
        check(backend, "mul", x -> F.mul(x[0], x[1]), "a", "b");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void divBroadcast(Backend backend) {
        check(backend, "div", x -> F.div(x[0], x[1]), "a", "b");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void softmax(Backend backend) {
        check(backend, "softmax", x -> F.softmax(x[0]), "x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void logSoftmax(Backend backend) {
        check(backend, "log_softmax", x -> F.logSoftmax(x[0]), "x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void silu(Backend backend) {
        check(backend, "silu", x -> F.silu(x[0]), "x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void gelu(Backend backend) {
        check(backend, "gelu", x -> F.gelu(x[0]), "x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rmsNorm(Backend backend) {
        check(backend, "rms_norm", x -> F.rmsNorm(x[0], x[1], OPS.scalar("rms_norm.eps")), "x", "weight");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void rope(Backend backend) {
        check(backend, "rope", x -> F.rope(x[0], OPS.ints("rope.positions"), OPS.scalar("rope.theta")), "x");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void groupedQueryAttention(Backend backend) {
        check(backend, "attention", x -> F.attention(x[0], x[1], x[2], OPS.scalar("attention.scale"), true), "q", "k", "v");
    }

    /** Two new queries against five cached keys: query i sees key j when j <= i + S - T. */
    @ParameterizedTest
    @MethodSource("backends")
    void groupedQueryAttentionCached(Backend backend) {
        check(backend, "attention_cached", x -> F.attention(x[0], x[1], x[2], OPS.scalar("attention.scale"), true), "q", "k", "v");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void embedding(Backend backend) {
        check(backend, "embedding", x -> F.embedding(x[0], OPS.ints("embedding.ids")), "table");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void crossEntropyIgnoringMinus100(Backend backend) {
        check(backend, "cross_entropy", x -> F.crossEntropy(x[0], OPS.ints("cross_entropy.targets")), "logits");
    }

    /** Runs {@code op} on the golden inputs {@code <op>.<input>}, backpropagates {@code <op>.dy}, compares y and every gradient. */
    private static void check(Backend backend, String op, Function<Variable[], Variable> f, String... inputs) {
        Variable[] x = new Variable[inputs.length];
        for (int i = 0; i < x.length; i++) x[i] = OPS.leaf(op + "." + inputs[i], backend);
        Variable y = f.apply(x);
        Closeness close = new Closeness(op + " on " + backend.name());
        close.check(OPS, op + ".y", y.value());
        y.backward(OPS.tensor(op + ".dy", backend));
        for (int i = 0; i < x.length; i++) close.check(OPS, op + ".grad." + inputs[i], x[i].grad());
        close.assertAllClose();
    }
}
