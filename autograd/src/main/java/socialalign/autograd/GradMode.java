package socialalign.autograd;

/**
 * Whether ops record the graph. Inference runs inside {@code try (var off = GradMode.disabled()) {...}}:
 * no closures, no saved tensors, no memory held for a backward that never comes.
 */
public final class GradMode implements AutoCloseable {
    private static final ThreadLocal<Boolean> ENABLED = ThreadLocal.withInitial(() -> true);

    private final boolean previous;

    private GradMode(boolean enabled) {
        previous = ENABLED.get();
        ENABLED.set(enabled);
    }

    public static boolean isEnabled() {
        return ENABLED.get();
    }

    public static GradMode disabled() {
        return new GradMode(false);
    }

    @Override
    public void close() {
        ENABLED.set(previous);
    }
}
