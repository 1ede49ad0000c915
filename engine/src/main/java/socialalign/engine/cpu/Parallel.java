package socialalign.engine.cpu;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed pool of worker threads for one backend. {@link #forEach} hands out task indices from a shared
 * counter, so uneven tasks balance themselves; the calling thread works too.
 */
final class Parallel implements AutoCloseable {
    private final int threads;
    private final ExecutorService pool;

    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "socialalign-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body(i)} for {@code 0 <= i < tasks}; returns when all are done. */
    void forEach(int tasks, IntConsumer body) {
        if (pool == null || tasks <= 1) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i; (i = next.getAndIncrement()) < tasks; ) body.accept(i);
        };
        int helpers = Math.min(threads, tasks) - 1;
        Future<?>[] running = new Future<?>[helpers];
        for (int h = 0; h < helpers; h++) running[h] = pool.submit(worker);
        worker.run();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Splits {@code [0, n)} into at most {@code threads * 4} ranges of at least {@code grain} elements. */
    void forRange(int n, int grain, RangeBody body) {
        int chunks = Math.max(1, Math.min(threads * 4, n / Math.max(1, grain)));
        if (threads == 1) chunks = 1;
        int size = (n + chunks - 1) / Math.max(1, chunks);
        int count = chunks;
        forEach(count, c -> {
            int from = c * size, to = Math.min(n, from + size);
            if (from < to) body.run(from, to);
        });
    }

    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    @Override
    public void close() {
        if (pool != null) pool.shutdownNow();
    }
}
