package socialalign.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The worker pool's contract: every task exactly once, failures reach the caller, no deadlock in odd uses. */
@Timeout(60)
class ParallelTest {

    @Test
    void everyTaskRunsExactlyOnceWhateverTheCountAndTheGaps() throws InterruptedException {
        try (Parallel par = new Parallel(3)) {
            for (int tasks = 0; tasks < 200; tasks++) {
                AtomicIntegerArray runs = new AtomicIntegerArray(tasks);
                par.forEach(tasks, runs::incrementAndGet);
                for (int i = 0; i < tasks; i++) assertEquals(1, runs.get(i), "task " + i + " of " + tasks);
                // Sometimes long enough for the helpers to park, sometimes back to back.
                if (tasks % 7 == 0) Thread.sleep(1);
            }
        }
    }

    @Test
    void aFailingTaskReachesTheCallerAndThePoolStaysUsable() {
        try (Parallel par = new Parallel(2)) {
            IllegalArgumentException failure = new IllegalArgumentException("task 5");
            IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> par.forEach(16, i -> {
                if (i == 5) throw failure;
            }));
            assertSame(failure, thrown);
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            par.forEach(16, runs::incrementAndGet);
            for (int i = 0; i < 16; i++) assertEquals(1, runs.get(i));
        }
    }

    @Test
    void aTaskThatHandsOutWorkRunsItItself() {
        try (Parallel par = new Parallel(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(8 * 8);
            par.forEach(8, outer -> par.forEach(8, inner -> runs.incrementAndGet(outer * 8 + inner)));
            for (int i = 0; i < 64; i++) assertEquals(1, runs.get(i));
        }
    }

    @Test
    void callersOnSeveralThreadsShareOnePool() throws Exception {
        try (Parallel par = new Parallel(2); ExecutorService callers = Executors.newFixedThreadPool(4)) {
            List<Callable<long[]>> jobs = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int caller = c;
                jobs.add(() -> {
                    long[] sums = new long[50];
                    for (int round = 0; round < 50; round++) {
                        long[] parts = new long[10];
                        int r = round;
                        par.forEach(10, i -> parts[i] = (long) caller * 1000 + r * 10 + i);
                        for (long p : parts) sums[round] += p;
                    }
                    return sums;
                });
            }
            List<Future<long[]>> results = callers.invokeAll(jobs);
            for (int c = 0; c < 4; c++) {
                long[] expected = new long[50];
                for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < 10; i++) expected[round] += (long) c * 1000 + round * 10 + i;
                }
                assertArrayEquals(expected, results.get(c).get(), "caller " + c);
            }
        }
    }
}
