package io.dualmodem.ops;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import org.jolokia.core.api.LogHandler;
import org.jolokia.jvmagent.JolokiaServer;
import org.jolokia.jvmagent.JolokiaServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia (JMX over HTTP, what Hawtio speaks) at {@code /jolokia} on the operations server, under the policy in
 * {@code jolokia-access.xml}: read and list everything; run only the product's operations and Camel's route
 * start/stop; write nothing.
 *
 * <p>Jolokia itself is set up at the first request to {@code /jolokia}: until then the path holds a placeholder, so a
 * box nobody looks at neither loads Jolokia's ~220 classes nor spends start-up time on them ({@code bench/footprint.sh}).
 */
final class JolokiaAgent {

    static final String CONTEXT = "/jolokia";
    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

    private LocalOnlyServer server;
    private HttpContext placeholder;
    private JolokiaServer jolokia;

    void mount(LocalOnlyServer server) {
        this.server = server;
        placeholder = server.createContext(CONTEXT, this::firstRequest);
    }

    /** Starts Jolokia in the placeholder's stead (later requests go straight to it) and hands it this request. */
    private void firstRequest(HttpExchange exchange) throws IOException {
        synchronized (this) {
            if (jolokia == null && placeholder != null) {
                server.removeContext(placeholder);
                placeholder = null;
                jolokia = start(server);
            }
        }
        if (jolokia == null) {
            exchange.sendResponseHeaders(503, -1); // stopped meanwhile
            exchange.close();
            return;
        }
        server.handler(CONTEXT).handle(exchange);
    }

    synchronized boolean started() {
        return jolokia != null;
    }

    private static JolokiaServer start(LocalOnlyServer server) {
        JolokiaServerConfig config = new JolokiaServerConfig(Map.of(
                "agentContext", CONTEXT,
                "policyLocation", "classpath:/jolokia-access.xml",
                "disableDetectors", "true",
                "discoveryEnabled", "false",
                "includeStackTrace", "false",
                "serializeException", "false",
                "agentId", "dual-modem-telemetry",
                // set up at the first request: a box nobody looks at does not carry Jolokia's services
                "lazy", "true"));
        JolokiaServer jolokia = new JolokiaServer(server, config, new Slf4jLog());
        jolokia.start();
        return jolokia;
    }

    synchronized void stop() {
        if (jolokia != null) {
            jolokia.stop();
            jolokia = null;
        }
        placeholder = null;
    }

    /** Jolokia's own messages at debug level: the operations server logs the one line that matters. */
    private static final class Slf4jLog implements LogHandler {
        @Override
        public void debug(String message) {
            LOG.debug(message);
        }

        @Override
        public void info(String message) {
            LOG.debug(message);
        }

        @Override
        public void error(String message, Throwable t) {
            LOG.warn("Jolokia: {}{}", message, t == null ? "" : " (" + t + ")");
        }

        @Override
        public boolean isDebug() {
            return LOG.isDebugEnabled();
        }
    }
}
