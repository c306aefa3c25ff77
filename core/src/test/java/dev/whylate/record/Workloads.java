package dev.whylate.record;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Small workloads for recording tests: a CPU hog, loopback TCP ping-pong and synced disk writes. */
final class Workloads {
    private Workloads() {
    }

    /** Runs the three side by side for about {@code millis} ms. */
    static void mixed(final Path dir, final long millis) throws Exception {
        final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        threads.add(new Thread(() -> {
            long x = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100_000; i++) x += i ^ (x >>> 3);
            }
            if (x == 42) System.out.print("");
        }, "hog"));
        threads.add(new Thread(() -> run(errors, () -> tcp(end)), "tcp"));
        threads.add(new Thread(() -> run(errors, () -> disk(dir.resolve("disk.bin"), end)), "disk"));
        for (final Thread t : threads) t.start();
        for (final Thread t : threads) t.join();
        if (!errors.isEmpty()) throw new IOException("workload failed: " + errors.get(0), errors.get(0));
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void run(final List<Throwable> errors, final Body b) {
        try {
            b.run();
        } catch (final Throwable t) {
            synchronized (errors) {
                errors.add(t);
            }
        }
    }

    private static void tcp(final long end) throws IOException, InterruptedException {
        try (ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final Thread echo = new Thread(() -> {
                try (Socket s = ss.accept(); InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                    final byte[] b = new byte[64];
                    int n;
                    while ((n = in.read(b)) > 0) out.write(b, 0, n);
                } catch (final IOException e) {
                    // client closed
                }
            }, "echo");
            echo.start();
            try (Socket c = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())) {
                c.setTcpNoDelay(true);
                final byte[] msg = new byte[64];
                final InputStream in = c.getInputStream();
                final OutputStream out = c.getOutputStream();
                while (System.nanoTime() < end) {
                    out.write(msg);
                    int got = 0;
                    while (got < msg.length) {
                        final int n = in.read(msg, got, msg.length - got);
                        if (n < 0) throw new IOException("echo closed");
                        got += n;
                    }
                    Thread.sleep(0, 200_000);
                }
            }
            echo.join(2000);
        }
    }

    private static void disk(final Path file, final long end) throws IOException, InterruptedException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            final ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            while (System.nanoTime() < end) {
                b.clear();
                ch.write(b, 0);
                ch.force(false);
                Thread.sleep(10);
            }
        }
    }
}
