package socialalign.pipeline.dataset;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress display for a long stage, {@code stage: done/total (pct%) rate/s}, redrawn in place on
 * standard error at most twice a second and finished with a newline. Thread-safe.
 */
public final class Progress implements AutoCloseable {
    private static final long REDRAW_NANOS = 500_000_000L;
    private final String stage;
    private final long total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private long lastDraw;

    /** A progress line for {@code total} items ({@code total ≤ 0} when unknown). */
    public Progress(String stage, long total, PrintStream out) {
        this.stage = stage;
        this.total = total;
        this.out = out;
    }

    /** Counts one more item done. */
    public void step() {
        long now = done.incrementAndGet();
        long t = System.nanoTime();
        if (t - lastDraw >= REDRAW_NANOS) {
            synchronized (this) {
                if (t - lastDraw >= REDRAW_NANOS) {
                    lastDraw = t;
                    draw(now, "\r");
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        draw(done.get(), "\r");
        out.println();
    }

    private void draw(long count, String prefix) {
        double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
        String of = total > 0 ? String.format("/%d (%d%%)", total, 100 * count / total) : "";
        out.print(String.format("%s%s: %d%s %.0f/s %.1fs", prefix, stage, count, of, count / seconds, seconds));
        out.flush();
    }
}
