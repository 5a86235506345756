package io.dualmodem.testing;

import com.sun.net.httpserver.HttpExchange;
import io.dualmodem.json.Json;
import io.dualmodem.outbox.Reading;
import io.dualmodem.uplink.Payload;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP server on loopback that records every reading id it is sent (reading the payload as a server does,
 * gzipped when the request says so), and every request as it came: its time, its raw request target (path and query,
 * byte for byte), its headers and its body's size on the wire. It can answer 2xx, answer an error
 * status (with a {@code Retry-After}), hang without answering, or be stopped (connections refused) and started
 * again on the same port. Events ({@code {"events":[…]}} posted to {@code /status}) are kept apart: they are not
 * counted as requests nor logged with them, so tests of the readings' upload see only its requests.
 */
public final class RecordingServer implements AutoCloseable {

    public enum Mode { ACCEPT, ERROR, HANG }

    /**
     * One request as it arrived: when ({@link System#nanoTime()}), its raw target, its headers (names lower case), its
     * body's length as sent, the readings in it and the mode it was answered in.
     */
    public record Request(long nanos, String target, Map<String, String> headers, int bodyBytes, List<Reading> readings,
                          Mode answeredIn) {
    }

    private final Map<String, Integer> deliveries = new HashMap<>();
    private final List<Long> acceptedSeqs = new ArrayList<>();
    private final List<Reading> accepted = new ArrayList<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private final int port;
    private volatile Mode mode = Mode.ACCEPT;
    private volatile int errorStatus = 500;
    private volatile String retryAfter;
    private volatile String setCookie;
    private final List<Request> log = new ArrayList<>();
    private volatile long acceptDelayMillis;
    private volatile CountDownLatch hang = new CountDownLatch(1);
    private HttpServer server;
    private ExecutorService executor;
    private int requests;

    private RecordingServer(int port) throws IOException {
        start(port);
        this.port = server.getAddress().getPort();
    }

    public static RecordingServer start() throws IOException {
        return new RecordingServer(0);
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/readings";
    }

    public int port() {
        return port;
    }

    public void mode(Mode mode) {
        if (this.mode == Mode.HANG && mode != Mode.HANG) {
            hang.countDown();
            hang = new CountDownLatch(1);
        }
        this.mode = mode;
    }

    public void errorStatus(int status) {
        this.errorStatus = status;
        mode(Mode.ERROR);
    }

    /** The Retry-After header sent with error answers, or null for none. */
    public void retryAfter(String value) {
        this.retryAfter = value;
    }

    /** A {@code Set-Cookie} header sent with every accepted answer, or null for none. */
    public void setCookie(String value) {
        this.setCookie = value;
    }

    /** Makes every accepted request take this long before the answer, so a client can die mid-upload. */
    public void acceptDelay(Duration delay) {
        this.acceptDelayMillis = delay.toMillis();
    }

    /** Stops listening: connections are refused until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            hang.countDown();
            executor.shutdownNow();
            server = null;
        }
    }

    public synchronized void restart() throws IOException {
        if (server == null) {
            start(port);
        }
    }

    /** Accepted deliveries per reading id (a reading delivered twice counts 2). */
    public synchronized Map<String, Integer> deliveries() {
        return new HashMap<>(deliveries);
    }

    /** The readings accepted so far, as they arrived, in order. */
    public synchronized List<Reading> acceptedReadings() {
        return new ArrayList<>(accepted);
    }

    public synchronized List<Long> acceptedSeqs() {
        return new ArrayList<>(acceptedSeqs);
    }

    /** Every event accepted at {@code /status}, in order of arrival (an event sent twice is here twice). */
    public synchronized List<Map<String, Object>> events() {
        return new ArrayList<>(events);
    }

    public synchronized int requests() {
        return requests;
    }

    /** Every request so far, in order of arrival. */
    public synchronized List<Request> requestLog() {
        return new ArrayList<>(log);
    }

    @Override
    public void close() {
        stop();
    }

    private void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 50);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            long arrived = System.nanoTime();
            byte[] sent = in.readAllBytes();
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
            boolean event = exchange.getRequestURI().getPath().startsWith("/status");
            List<Reading> readings = event ? List.of() : Payload.read("gzip".equals(headers.get("content-encoding"))
                    ? new GZIPInputStream(new java.io.ByteArrayInputStream(sent)).readAllBytes() : sent);
            Mode now = mode;
            if (!event) {
                synchronized (this) {
                    requests++;
                    log.add(new Request(arrived, exchange.getRequestURI().toString(), headers, sent.length, readings, now));
                }
            }
            if (now == Mode.HANG) {
                try {
                    hang.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return; // closes without an answer
            }
            if (now == Mode.ERROR) {
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                exchange.sendResponseHeaders(errorStatus, -1);
                return;
            }
            if (acceptDelayMillis > 0) {
                try {
                    Thread.sleep(acceptDelayMillis); // models a slow line, not an assertion
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            synchronized (this) {
                if (event) {
                    for (Object e : (List<?>) Json.object(Json.read(sent)).get("events")) {
                        events.add(Json.object(e));
                    }
                }
                for (Reading r : readings) {
                    deliveries.merge(r.id(), 1, Integer::sum);
                    acceptedSeqs.add(r.seq());
                    accepted.add(r);
                }
            }
            if (setCookie != null) {
                exchange.getResponseHeaders().add("Set-Cookie", setCookie);
            }
            exchange.sendResponseHeaders(201, -1);
        }
    }
}
