package io.dualmodem.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
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

    private final ObjectMapper json = new ObjectMapper();
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
            JsonNode body;
            try {
                body = json.readTree(in);
            } catch (IOException e) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            if (body.has("events")) {
                logEvents(body);
                exchange.sendResponseHeaders(201, -1);
                return;
            }
            int fresh = 0;
            int duplicates = 0;
            StringBuilder values = new StringBuilder();
            for (JsonNode r : body.path("readings")) {
                synchronized (seen) {
                    if (seen.put(r.path("id").asText(), Boolean.TRUE) == null) {
                        fresh++;
                    } else {
                        duplicates++;
                    }
                }
                if (values.length() < 200) {
                    values.append(' ').append(r.has("celsius") ? r.get("celsius").asText() + "°C" : "error");
                }
            }
            LOG.info("Receiver got {} new reading(s){} from {} device {} via {}:{}", fresh,
                    duplicates > 0 ? " and " + duplicates + " duplicate(s)" : "",
                    body.path("readings").path(0).path("simulated").asBoolean() ? "simulated" : "real",
                    body.path("device").asText(), exchange.getRemoteAddress().getAddress().getHostAddress(), values);
            exchange.sendResponseHeaders(201, -1);
        }
    }

    /** Events (POSTed to /status): one line naming each by type, a switch with its from and to. */
    private static void logEvents(JsonNode body) {
        StringBuilder types = new StringBuilder();
        for (JsonNode e : body.path("events")) {
            types.append(' ').append(e.path("type").asText());
            if (e.has("to")) {
                types.append('(').append(e.path("from").asText("-")).append("->").append(e.path("to").asText()).append(')');
            }
        }
        LOG.info("Receiver got {} event(s):{}", body.path("events").size(), types);
    }
}
