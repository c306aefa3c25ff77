package dev.whylate.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.whylate.live.PromText;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A minimal HTTP endpoint for Prometheus: {@code GET /metrics} returns the text exposition format from the supplier;
 * {@code /} says where the metrics are; anything else is 404. One handler thread.
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService exec;

    private MetricsServer(final HttpServer server, final ExecutorService exec) {
        this.server = server;
        this.exec = exec;
    }

    /** Listens on {@code address:port} (port 0: any free port). */
    static MetricsServer start(final String address, final int port, final Supplier<String> metrics) throws IOException {
        final HttpServer s = HttpServer.create(new InetSocketAddress(address, port), 16);
        final ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "whylate-metrics-http");
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(ex);
        s.createContext("/", x -> handle(x, metrics));
        s.start();
        return new MetricsServer(s, ex);
    }

    private static void handle(final HttpExchange x, final Supplier<String> metrics) throws IOException {
        try (x) {
            final String m = x.getRequestMethod();
            if (!m.equals("GET") && !m.equals("HEAD")) {
                send(x, 405, "text/plain; charset=utf-8", "only GET\n", m);
                return;
            }
            final String path = x.getRequestURI().getPath();
            if (path.equals("/metrics")) send(x, 200, PromText.CONTENT_TYPE, metrics.get(), m);
            else if (path.equals("/")) send(x, 200, "text/plain; charset=utf-8", "whylate watch: Prometheus metrics at /metrics\n", m);
            else send(x, 404, "text/plain; charset=utf-8", "not found\n", m);
        }
    }

    private static void send(final HttpExchange x, final int code, final String type, final String body, final String method) throws IOException {
        final byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        if (method.equals("HEAD")) {
            x.sendResponseHeaders(code, -1);
            return;
        }
        x.sendResponseHeaders(code, b.length);
        try (OutputStream o = x.getResponseBody()) {
            o.write(b);
        }
    }

    /** The port listened on. */
    int port() {
        return server.getAddress().getPort();
    }

    /** The address listened on. */
    String host() {
        return server.getAddress().getHostString();
    }

    @Override
    public void close() {
        server.stop(0);
        exec.shutdownNow();
    }
}
