package socialalign.engine.cuda;

/** No usable GPU: no driver, no device, or a device or library this backend cannot run on; the message says which. */
public final class CudaUnavailableException extends RuntimeException {
    public CudaUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CudaUnavailableException(String message) {
        super(message);
    }

    /**
     * A native library of JCuda did not load. JCuda's message runs to pages of stack traces; the line that matters
     * is the dynamic linker's, e.g. {@code libcuda.so.1: cannot open shared object file}.
     */
    static CudaUnavailableException nativeLibrary(String what, LinkageError e) {
        String message = String.valueOf(e.getMessage()), reason = message.lines().findFirst().orElse(message);
        for (String line : message.lines().toList()) {
            // "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-....so: libcuda.so.1: cannot open shared object file: ..."
            int at = line.indexOf("UnsatisfiedLinkError: /");
            int afterPath = at < 0 ? -1 : line.indexOf(": ", at + "UnsatisfiedLinkError: ".length());
            if (afterPath >= 0) reason = line.substring(afterPath + 2);
        }
        return new CudaUnavailableException("cuda: " + what + ": " + reason, e);
    }
}
