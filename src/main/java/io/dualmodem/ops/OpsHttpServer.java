package io.dualmodem.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations server: the JDK's own HTTP server on 127.0.0.1 only, serving the status page at {@code /},
 * {@code /health} (Camel's checks as JSON, 200 or 503) and, when on, Jolokia at {@code /jolokia}. One server for all
 * three: one listening socket, one dispatcher thread and two workers (two, so a long operation run through Jolokia,
 * a switch of up to minutes, does not hold up {@code /health}).
 *
 * <p>A port that cannot be bound (another program holds it) does not stop the application: one line names the cause
 * and the setting, and binding is tried again every minute until it works.
 */
public final class OpsHttpServer implements AutoCloseable {

    static final Duration RETRY = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final int port;
    private final Supplier<HealthReport> health;
    private final Supplier<String> page;
    private final JolokiaAgent jolokia;
    private final Duration retry;
    private HttpServer server;
    private ExecutorService workers;
    private ScheduledExecutorService retries;
    private String bindError;
    private boolean closed;

    /**
     * @param port    0 for any free port (tests)
     * @param jolokia null when Jolokia is off
     */
    OpsHttpServer(int port, Supplier<HealthReport> health, Supplier<String> page, JolokiaAgent jolokia, Duration retry) {
        this.port = port;
        this.health = health;
        this.page = page;
        this.jolokia = jolokia;
        this.retry = retry;
    }

    public synchronized void start() {
        if (closed || server != null) {
            return;
        }
        LocalOnlyServer bound;
        try {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
            bound = new LocalOnlyServer(HttpServer.create(address, 10), JolokiaAgent.CONTEXT);
        } catch (IOException e) {
            String cause = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!cause.equals(bindError)) {
                LOG.warn("Operations HTTP server cannot listen on 127.0.0.1:{} ({}): another program holds the port — stop it or"
                        + " set ops.http-port; the status page, /health and Jolokia are missing until then, tried again every {} s",
                        port, cause, retry.toSeconds());
            }
            bindError = cause;
            scheduleRetry();
            return;
        }
        bound.createContext("/health", this::health);
        bound.createContext("/", this::page);
        if (jolokia != null) {
            jolokia.mount(bound);
        }
        workers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "ops-http");
            t.setDaemon(true);
            return t;
        });
        bound.setExecutor(workers);
        bound.start();
        server = bound;
        bindError = null;
        if (retries != null) {
            retries.shutdown();
            retries = null;
        }
        int listening = server.getAddress().getPort();
        LOG.info("Status page http://127.0.0.1:{}/, health /health, {} (127.0.0.1 only: from elsewhere ssh -L {}:127.0.0.1:{})",
                listening, jolokia == null ? "Jolokia off" : "Jolokia " + JolokiaAgent.CONTEXT, listening, listening);
    }

    private void scheduleRetry() {
        if (retries == null) {
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ops-http-retry");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(this::start, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The bound port, or -1 while not listening. */
    public synchronized int port() {
        return server == null ? -1 : server.getAddress().getPort();
    }

    /** "http://127.0.0.1:PORT/" while listening, else why not. */
    public synchronized String describe() {
        if (server != null) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }
        return closed ? "stopped" : "not listening on 127.0.0.1:" + port + ": " + bindError + " (tried again every " + retry.toSeconds() + " s)";
    }

    /** Why the server is not listening, or null when it is (or is off). */
    public synchronized String bindError() {
        return bindError;
    }

    private record Answer(int status, String type, String body) {
    }

    private void health(HttpExchange exchange) throws IOException {
        answer(exchange, "/health", () -> {
            HealthReport report = health.get();
            return new Answer(report.isUp() ? 200 : 503, "application/json", report.toJson());
        });
    }

    private void page(HttpExchange exchange) throws IOException {
        answer(exchange, "/", () -> new Answer(200, "text/html", page.get()));
    }

    /** GET or HEAD of exactly {@code path}; anything else is answered 404 or 405, a failure 500 with its message. */
    private static void answer(HttpExchange exchange, String path, Supplier<Answer> answer) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Answer a;
            if (!exchange.getRequestURI().getPath().equals(path)) {
                a = new Answer(404, "text/plain", "Not found: the status page is /, health /health\n");
            } else {
                try {
                    a = answer.get();
                } catch (RuntimeException e) {
                    LOG.warn("{} failed: {}", path, e.toString());
                    a = new Answer(500, "text/plain", "Failed: " + e + "\n");
                }
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.type() + "; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = "HEAD".equals(method);
            exchange.sendResponseHeaders(a.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (retries != null) {
            retries.shutdownNow();
        }
        if (server != null) {
            if (jolokia != null) {
                jolokia.stop();
            }
            server.stop(0);
            workers.shutdownNow();
            server = null;
        }
    }
}
