package socialalign.engine.reference;

import socialalign.engine.Backend;
import socialalign.engine.Storage;

/** Reference storage: double precision, so that the reference is also the oracle for gradient checks. */
record DoubleStorage(double[] data) implements Storage {
    @Override
    public Backend backend() {
        return ReferenceBackend.INSTANCE;
    }

    @Override
    public long length() {
        return data.length;
    }
}
