package io.dualmodem.ops;

import com.sun.net.httpserver.HttpServer;
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
 */
final class JolokiaAgent {

    static final String CONTEXT = "/jolokia";
    private static final Logger LOG = LoggerFactory.getLogger(JolokiaAgent.class);

    private JolokiaServer jolokia;

    void mount(HttpServer server) {
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
        jolokia = new JolokiaServer(server, config, new Slf4jLog());
        jolokia.start();
    }

    void stop() {
        if (jolokia != null) {
            jolokia.stop();
            jolokia = null;
        }
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
