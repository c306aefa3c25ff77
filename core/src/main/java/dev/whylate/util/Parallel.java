package dev.whylate.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent tasks (the chunks of a parallel reader) on a few daemon threads and waits for all of them. A
 * task that fails makes {@link #run} rethrow its exception (the first in task order) after the pool is shut down.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * Runs {@code tasks} on up to {@code threads} daemon threads named {@code name-1}, {@code name-2}, ... (in the
     * calling thread when there is one task or one thread) and returns when all have finished.
     *
     * @throws InterruptedException when the calling thread was interrupted while waiting (the tasks are cancelled)
     */
    public static void run(final List<? extends Runnable> tasks, final int threads, final String name) throws InterruptedException {
        final int n = Math.min(Math.max(1, threads), tasks.size());
        if (n <= 1) {
            for (final Runnable t : tasks) t.run();
            return;
        }
        final AtomicInteger seq = new AtomicInteger();
        final ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            final Thread t = new Thread(r, name + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            final List<Future<?>> fs = new ArrayList<>(tasks.size());
            for (final Runnable t : tasks) fs.add(pool.submit(t));
            for (final Future<?> f : fs) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    final Throwable c = e.getCause();
                    if (c instanceof RuntimeException) throw (RuntimeException) c;
                    if (c instanceof Error) throw (Error) c;
                    throw new IllegalStateException(c);   // a Runnable throws nothing checked
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
