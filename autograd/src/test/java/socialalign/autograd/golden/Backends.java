package socialalign.autograd.golden;

import java.util.stream.Stream;
import socialalign.engine.Backend;
import socialalign.engine.cpu.CpuBackend;
import socialalign.engine.reference.ReferenceBackend;

/** The backends every golden check runs on: the float32 Vector API backend and the double-precision reference. */
final class Backends {
    private Backends() {}

    /**
     * A fresh two-thread CPU backend per call (two threads, so the parallel paths run too): JUnit closes
     * AutoCloseable arguments of a parameterized test after each invocation, which would shut down
     * {@link CpuBackend#shared()} for the whole JVM.
     */
    static Stream<Backend> both() {
        return Stream.of(new CpuBackend(2), ReferenceBackend.INSTANCE);
    }
}
