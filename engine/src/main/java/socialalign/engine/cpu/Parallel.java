package socialalign.engine.cpu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A fixed pool of worker threads for one backend. {@link #forEach} hands out task indices from a shared
 * counter, so uneven tasks balance themselves; the calling thread works too.
 *
 * <p>Decoding hands out a few hundred products per token, each a fraction of a millisecond, so the hand-off itself
 * must be cheap: an idle helper spins a little before it parks, and so does a caller waiting for its helpers (an
 * executor parked and woke a thread on both sides of every product).
 */
final class Parallel implements AutoCloseable {
    /** How long an idle helper, or a caller waiting for helpers, spins before parking. */
    private static final long SPIN_NANOS = 50_000;

    private final int threads;
    private final Helper[] helpers;

    Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        this.helpers = new Helper[threads - 1];
        for (int h = 0; h < helpers.length; h++) {
            helpers[h] = new Helper();
            helpers[h].start();
        }
    }

    int threads() {
        return threads;
    }

    /** Runs {@code body(i)} for {@code 0 <= i < tasks}; returns when all are done. */
    void forEach(int tasks, IntConsumer body) {
        // A task that hands out work of its own runs it alone: its helper may be the thread it runs on.
        if (helpers.length == 0 || tasks <= 1 || Thread.currentThread() instanceof Helper) {
            for (int i = 0; i < tasks; i++) body.accept(i);
            return;
        }
        Job job = new Job(tasks, body, Thread.currentThread());
        // A helper busy with another caller's job is passed over; the shared counter balances whoever comes.
        for (int h = 0, offered = 0; h < helpers.length && offered < tasks - 1; h++) {
            if (helpers[h].offer(job)) offered++;
        }
        job.run();
        // Helpers that have not woken up by now are not waited for: every task has been taken.
        for (Helper h : helpers) h.withdraw(job);
        job.awaitHelpers();
        Throwable failure = job.failure;
        if (failure instanceof RuntimeException r) throw r;
        if (failure instanceof Error e) throw e;
        if (failure != null) throw new IllegalStateException(failure);
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
        for (Helper h : helpers) h.shutDown();
    }

    /** One forEach: its task counter, the helpers still inside it, the first failure. */
    private static final class Job {
        final int tasks;
        final IntConsumer body;
        final Thread caller;
        final AtomicInteger next = new AtomicInteger(), helpersInside = new AtomicInteger();
        volatile Throwable failure;

        Job(int tasks, IntConsumer body, Thread caller) {
            this.tasks = tasks;
            this.body = body;
            this.caller = caller;
        }

        void run() {
            for (int i; (i = next.getAndIncrement()) < tasks; ) {
                try {
                    body.accept(i);
                } catch (Throwable t) {
                    if (failure == null) failure = t;
                    next.set(tasks); // the others stop taking tasks
                }
            }
        }

        void leave() {
            if (helpersInside.decrementAndGet() == 0) LockSupport.unpark(caller);
        }

        void awaitHelpers() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (helpersInside.get() > 0) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 1_000_000);
            }
        }
    }

    private static final class Helper extends Thread {
        /** What {@code job} holds while the helper runs the job it took. */
        private static final Job RUNNING = new Job(0, i -> { }, null);

        /** null when idle, a job offered and not yet taken, or {@link #RUNNING}. */
        private volatile Job job;
        private volatile boolean closed;

        Helper() {
            super("socialalign-cpu");
            setDaemon(true);
        }

        /** Takes {@code next} when idle; false when busy with another job. */
        boolean offer(Job next) {
            next.helpersInside.incrementAndGet();
            if (job != null || !JOB.compareAndSet(this, null, next)) {
                next.helpersInside.decrementAndGet();
                return false;
            }
            LockSupport.unpark(this);
            return true;
        }

        /** Takes back {@code offered} if this helper has not started it. */
        void withdraw(Job offered) {
            if (job == offered && JOB.compareAndSet(this, offered, null)) offered.helpersInside.decrementAndGet();
        }

        void shutDown() {
            closed = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (!closed) {
                Job current = awaitJob();
                if (current == null || !JOB.compareAndSet(this, current, RUNNING)) continue; // withdrawn meanwhile
                current.run();
                job = null; // idle again before the caller can see this job finished
                current.leave();
            }
        }

        private Job awaitJob() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            Job current;
            while ((current = job) == null && !closed) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            return current;
        }

        private static final VarHandle JOB;

        static {
            try {
                JOB = MethodHandles.lookup().findVarHandle(Helper.class, "job", Job.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }
}
