package socialalign.engine.cuda;

/** Device memory ran out even after unreachable tensors were collected and the allocator's cache was released. */
public final class DeviceOutOfMemoryException extends RuntimeException {
    public DeviceOutOfMemoryException(String message) {
        super(message);
    }
}
