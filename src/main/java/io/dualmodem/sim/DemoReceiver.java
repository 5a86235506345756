package io.dualmodem.sim;

import io.dualmodem.json.Json;
import io.dualmodem.outbox.Reading;
import io.dualmodem.uplink.Payload;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of the no-hardware demo: accepts uploads on loopback, answers 201 and logs what
 * it got, so a new user sees readings arrive. It remembers recent ids and reports duplicates,
 * which at-least-once delivery produces after a crash between upload and acknowledgement.
 */
public final class DemoReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoReceiver.class);
    private static final int REMEMBERED_IDS = 100_000;

    private final Map<String, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED_IDS;
        }
    };
    private final HttpServer server;

    /** Starts listening on 127.0.0.1:{@code port}. */
    public DemoReceiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> new Thread(r, "demo-receiver")));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (exchange.getRequestURI().getPath().startsWith("/status")) {
                logEvents(in.readAllBytes());
                exchange.sendResponseHeaders(201, -1);
                return;
            }
            List<Reading> readings;
            try {
                boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
                readings = Payload.read((gzip ? new GZIPInputStream(in) : in).readAllBytes());
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            int fresh = 0;
            int duplicates = 0;
            StringBuilder values = new StringBuilder();
            for (Reading r : readings) {
                synchronized (seen) {
                    if (seen.put(r.id(), Boolean.TRUE) == null) {
                        fresh++;
                    } else {
                        duplicates++;
                    }
                }
                if (values.length() < 200) {
                    values.append(' ').append(r.celsius() != null ? r.celsius() + "°C" : "error");
                }
            }
            LOG.info("Receiver got {} new reading(s){} from {} device {} via {}:{}", fresh,
                    duplicates > 0 ? " and " + duplicates + " duplicate(s)" : "",
                    !readings.isEmpty() && readings.get(0).simulated() ? "simulated" : "real",
                    readings.isEmpty() ? "?" : readings.get(0).device(),
                    exchange.getRemoteAddress().getAddress().getHostAddress(), values);
            exchange.sendResponseHeaders(201, -1);
        }
    }

    /** Events (POSTed to /status): one line naming each by type, a switch with its from and to. */
    private static void logEvents(byte[] body) {
        StringBuilder types = new StringBuilder();
        List<?> events;
        try {
            events = (List<?>) Json.object(Json.read(body)).get("events");
        } catch (IOException | RuntimeException e) {
            LOG.info("Receiver got events it cannot read: {}", e.toString());
            return;
        }
        for (Object item : events) {
            Map<String, Object> e = Json.object(item);
            types.append(' ').append(e.get("type"));
            if (e.get("to") != null) {
                types.append('(').append(e.get("from") == null ? "-" : e.get("from")).append("->").append(e.get("to")).append(')');
            }
        }
        LOG.info("Receiver got {} event(s):{}", events.size(), types);
    }
}
