package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.LogLines;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Camel's tracer ({@code camel.main.tracing=true}, for finding out what a route does) prints every header of every
 * exchange at each step, the URL each upload goes to among them: it shows the query of uplink.url and
 * uplink.status-url, and their user info, as {@code ***}.
 */
class UploadTracingSecretsTest extends AppRouteTestSupport {

    private static final String QUERY_TOKEN = "TRACE-TOKEN-31q";
    private static final String PASSWORD = "tr4ce-pw-6";
    private static final String STATUS_TOKEN = "TRACE-EVT-12z";
    private static final List<String> SECRETS = List.of(QUERY_TOKEN, PASSWORD, STATUS_TOKEN);

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("camel.main.tracing", "true");
        p.put("uplink.url", "http://meter:" + PASSWORD + "@127.0.0.1:" + server.port() + "/readings?key=" + QUERY_TOKEN);
        p.put("uplink.status-url", "http://127.0.0.1:" + server.port() + "/status?token=" + STATUS_TOKEN);
        return p;
    }

    @Test
    void theTracerShowsWhereUploadsGoWithoutTheirSecrets() {
        try (LogLines log = LogLines.of(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 3
                    && !server.events().isEmpty());
            assertFalse(log.containing("CamelHttpUri=http://127.0.0.1:" + server.port() + "/readings?***").isEmpty(),
                    "the tracer is on and shows where readings go");
            for (String secret : SECRETS) {
                assertEquals(List.of(), log.containing(secret));
            }
        }
    }
}
