package socialalign.autograd.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import socialalign.autograd.Variable;
import socialalign.engine.Backend;
import socialalign.engine.reference.ReferenceBackend;

/**
 * Forward and backward of the small Qwen2-style transformer of {@code transformer.json} (vocab 37, hidden 24,
 * 4 query and 2 key/value heads of 6, intermediate 40, 7 tokens, two targets -100) against PyTorch:
 * logits, loss and the gradient of every parameter.
 */
class GoldenTransformerTest {
    private static final Golden GOLDEN = Golden.load("transformer.json");

    static Stream<Backend> backends() {
        return Backends.both();
    }

    /** The golden file names exactly the parameters the Java model has, in the same order. */
    @Test
    void parameterNamesAreThoseOfTheJavaBlocks() {
        TinyTransformer model = new TinyTransformer(GOLDEN, ReferenceBackend.INSTANCE);
        assertEquals(GOLDEN.tensorNames("param."), List.copyOf(model.parameters().keySet()));
        assertEquals(GOLDEN.tensorNames("grad."), List.copyOf(model.parameters().keySet()));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void forwardAndBackwardMatchPyTorch(Backend backend) {
        TinyTransformer model = new TinyTransformer(GOLDEN, backend);
        Variable logits = model.logits();
        Variable loss = model.loss(logits);
        loss.backward();

        Closeness close = new Closeness("transformer on " + backend.name());
        close.check(GOLDEN, "logits", logits.value());
        close.check("loss", new float[] {(float) GOLDEN.scalar("loss")}, loss.value().toDoubles());
        model.parameters().forEach((name, p) -> close.check(GOLDEN, "grad." + name, p.grad()));
        close.assertAllClose();
    }
}
