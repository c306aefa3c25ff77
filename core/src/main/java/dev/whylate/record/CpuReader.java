package dev.whylate.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Copies one CPU's ring buffer pages from {@code per_cpu/cpuN/trace_pipe_raw} to a file, on its own thread.
 *
 * <p>On this kernel a read returns a page as soon as it holds any event, so a reader that reads again at once
 * drains a few events per read and burns CPU. While pages come back partial (commit below half a page) the
 * reader sleeps before reading again; full pages are read back to back. The sleep is {@code paceNanos} at
 * most, shorter when data comes fast: the time the measured data rate needs to fill a quarter of the
 * CPU's buffer, so a sleeping reader never lets the buffer get near full at a steady rate.
 *
 * <p>Stopping: after tracing is off, {@link #drain()} switches the reader to drain mode, where it reads only
 * while the CPU's {@code stats} file still reports unread entries, then stops by itself. A read that is
 * already blocked on an empty buffer never returns by itself (plain Java has no O_NONBLOCK on files); the
 * recorder then calls {@link #abort()}, which closes the channel from another thread: the JDK signals the
 * blocked thread, the kernel's wait is interrupted and the read ends with AsynchronousCloseException. A read
 * that completed before the close still delivers its page (the JDK only throws when nothing was read).
 */
final class CpuReader implements Runnable {
    private static final int BATCH_PAGES = 32;

    private final int cpu;
    private final TracefsInstance instance;
    private final Path out;
    private final int pageSize;
    private final long paceNanos;
    private final long bufferBytes;
    private final int nice;
    private long cycleStart = System.nanoTime();
    private long cycleBytes;
    private final PageCounter counter;
    private FileChannel in;
    private volatile boolean drain;
    private volatile boolean done;
    private volatile boolean inRead;
    private volatile long reads;
    private volatile long events;
    private volatile long bytesWritten;
    private volatile IOException failure;
    private volatile Thread thread;

    CpuReader(final TracefsInstance instance, final int cpu, final Path out, final int pageSize, final int longSize,
              final long paceNanos, final long bufferBytes, final int nice) {
        this.instance = instance;
        this.cpu = cpu;
        this.out = out;
        this.pageSize = pageSize;
        this.paceNanos = paceNanos;
        this.bufferBytes = bufferBytes;
        this.nice = nice;
        this.counter = new PageCounter(longSize, ByteOrder.nativeOrder());
    }

    /** Opens trace_pipe_raw (before tracing starts, so open errors surface early). */
    void open() throws IOException {
        in = FileChannel.open(instance.perCpu(cpu, "trace_pipe_raw"), StandardOpenOption.READ);
    }

    /** Starts the reader thread. */
    void start(final boolean drainOnly) {
        drain = drainOnly;
        final Thread t = new Thread(this, "whylate-cpu" + cpu);
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** Switch to drain mode: read what is left, then stop. */
    void drain() {
        drain = true;
        final Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    /** Ends a read blocked on an empty buffer by closing the channel. */
    void abort() {
        try {
            if (in != null) in.close();
        } catch (final IOException e) {
            // closing a read-only tracefs file does not fail in a way we can act on
        }
    }

    /** Waits for the thread to end; true when it ended. */
    boolean join(final long millis) throws InterruptedException {
        final Thread t = thread;
        if (t == null) return true;
        t.join(Math.max(1, millis));
        return !t.isAlive();
    }

    @Override
    public void run() {
        if (nice != 0) renice(nice);
        final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_PAGES * pageSize).order(ByteOrder.nativeOrder());
        try (FileChannel o = FileChannel.open(out, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            loop(batch, o);
            flush(batch, o);
        } catch (final IOException e) {
            failure = e;
        } finally {
            abort();
            done = true;
        }
    }

    private void loop(final ByteBuffer batch, final FileChannel o) throws IOException {
        while (true) {
            if (drain && instance.stats(cpu).entries() == 0) return;
            if (batch.remaining() < pageSize) flush(batch, o);
            final int start = batch.position();
            final ByteBuffer page = batch.slice(start, pageSize);
            int n;
            inRead = true;
            try {
                n = readPage(page);
            } catch (final ClosedChannelException e) {
                n = page.position();
                if (n < pageSize) return;             // aborted while blocked on an empty buffer
            } finally {
                inRead = false;
                reads++;
            }
            if (n <= 0) {                             // end of file: nothing more will come
                if (drain) return;
                pause();
                continue;
            }
            while (n < pageSize) page.put(n++, (byte) 0);
            final int commit = counter.page(batch, start, pageSize);
            cycleBytes += commit;
            batch.position(start + pageSize);
            events = counter.events();
            if (!drain && commit < (pageSize - 16) / 2) {
                flush(batch, o);
                pause();
            }
        }
    }

    private int readPage(final ByteBuffer page) throws IOException {
        // One read returns at most one page; asking for a whole page always gets the whole page.
        return in.read(page);
    }

    /**
     * Lowers this thread's nice value (Linux threads have their own) so a reader gets the CPU soon after it
     * wakes even when the workload saturates every CPU. Best effort: ignored when renice is missing or fails.
     */
    private static void renice(final int value) {
        try {
            final String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            final String tid = self.substring(self.lastIndexOf('/') + 1);
            final Process p = new ProcessBuilder("renice", "-n", Integer.toString(value), "-p", tid)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (final IOException | RuntimeException e) {
            // keep the default priority
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pause() {
        final long now = System.nanoTime();
        long sleep = paceNanos;
        final long span = now - cycleStart;
        if (cycleBytes > 0 && span > 0 && bufferBytes > 0) {
            // ns to fill a quarter of the buffer at the rate seen since the last pause began
            final double fill = (bufferBytes / 4.0) * span / cycleBytes;
            sleep = (long) Math.max(Math.min(fill, paceNanos), 1_000_000);
        }
        cycleStart = now;
        cycleBytes = 0;
        final long until = now + sleep;
        long left;
        while (!drain && (left = until - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void flush(final ByteBuffer batch, final FileChannel o) throws IOException {
        batch.flip();
        while (batch.hasRemaining()) {
            o.write(batch);
        }
        bytesWritten = o.position();
        batch.clear();
    }

    int cpu() {
        return cpu;
    }

    Path file() {
        return out;
    }

    boolean done() {
        return done;
    }

    boolean inRead() {
        return inRead;
    }

    long reads() {
        return reads;
    }

    /** Events counted so far (safe to read from other threads). */
    long events() {
        return events;
    }

    /** Bytes written to the page file so far (at the last flush). */
    long bytesWritten() {
        return bytesWritten;
    }

    IOException failure() {
        return failure;
    }

    /** The counter; read only after the thread ended. */
    PageCounter counter() {
        return counter;
    }

    static long millisToNanos(final long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }
}
