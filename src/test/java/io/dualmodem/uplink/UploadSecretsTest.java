package io.dualmodem.uplink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppRouteTestSupport;
import io.dualmodem.testing.LogLines;
import io.dualmodem.testing.RecordingServer;
import io.dualmodem.testing.RecordingServer.Mode;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Credentials in uplink.url become basic authentication, uplink.headers adds a token, the query goes out byte for
 * byte — and none of it appears in a log line (Camel's start-up summary included), a JMX attribute or name, or an
 * exception text; nor do the credentials of uplink.status-url or a modem's APN password, in its own key or among
 * its nmcli settings.
 */
class UploadSecretsTest extends AppRouteTestSupport {

    private static final String PASSWORD = "pa55-w0rd";
    private static final String QUERY = "key=a+b%2Bc&sig=x%26y&apikey=TOKEN-42abc";
    private static final String HEADER_TOKEN = "hdr-s3cret-77";
    private static final String BASIC = Base64.getEncoder().encodeToString(("meter:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String STATUS_TOKEN = "EVT-TOKEN-88x";
    private static final String STATUS_PASSWORD = "st4tus-pw-9";
    private static final String STATUS_BASIC = Base64.getEncoder()
            .encodeToString(("events:" + STATUS_PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String APN_PASSWORD = "apn-s3cret-5";
    private static final String NMCLI_PASSWORD = "nm-s3cret-4";
    private static final List<String> SECRETS = List.of(PASSWORD, "TOKEN-42abc", HEADER_TOKEN, BASIC, "a+b%2Bc", "x%26y",
            STATUS_TOKEN, STATUS_PASSWORD, STATUS_BASIC, APN_PASSWORD, NMCLI_PASSWORD);
    /** From before the application starts, so its start-up lines are kept too. */
    private static final LogLines LOG = LogLines.of(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties p = super.useOverridePropertiesWithPropertiesComponent();
        p.put("uplink.url", "http://meter:" + PASSWORD + "@127.0.0.1:" + server.port() + "/readings?" + QUERY);
        p.put("uplink.headers", "X-Api-Key: " + HEADER_TOKEN);
        // another account on the same host and port: each URL must get its own credentials
        p.put("uplink.status-url", "http://events:" + STATUS_PASSWORD + "@127.0.0.1:" + server.port() + "/status?token="
                + STATUS_TOKEN);
        p.put("modem.a.password", APN_PASSWORD);
        p.put("modem.b.settings", "gsm.username sora gsm.password " + NMCLI_PASSWORD);
        return p;
    }

    @AfterAll
    static void stopKeepingLines() {
        LOG.close();
    }

    @Test
    void credentialsArriveAsHeadersAndTheUrlGoesOutByteForByte() {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 3);
        List<RecordingServer.Request> readings = server.requestLog().stream().filter(r -> r.target().startsWith("/readings")).toList();
        RecordingServer.Request last = readings.get(readings.size() - 1);
        assertEquals("/readings?" + QUERY, last.target());
        assertEquals("Basic " + BASIC, last.headers().get("authorization"));
        assertEquals(HEADER_TOKEN, last.headers().get("x-api-key"));
        // the status URL's own account on its requests: UplinkTargetTest (events may not go out within this test)
    }

    @Test
    void noSecretInAnyLogLineJmxAttributeOrExceptionText() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() >= 3);
        server.errorStatus(401);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.MISCONFIGURED) >= 2);
        server.stop();
        long linkFaults = uploader().faultCount(Fault.LINK);
        await().atMost(Duration.ofSeconds(20)).until(() -> uploader().faultCount(Fault.LINK) >= linkFaults + 2);
        String refused = uploader().lastOutcome().detail();
        server.restart();
        server.mode(Mode.ACCEPT);
        int accepted = server.acceptedSeqs().size();
        await().atMost(Duration.ofSeconds(20)).until(() -> server.acceptedSeqs().size() > accepted);

        List<String> lines = LOG.lines();
        assertTrue(lines.stream().anyMatch(l -> l.contains("uplink.url = http://***@127.0.0.1:" + server.port() + "/readings?***")),
                "Camel's start-up summary shows the URL redacted");
        assertTrue(lines.stream().anyMatch(l -> l.contains("uplink.headers = X-Api-Key: ***")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("uplink.status-url = http://***@127.0.0.1:" + server.port() + "/status?***")),
                "the summary shows the status URL redacted");
        assertTrue(lines.stream().anyMatch(l -> l.contains("modem.b.settings = gsm.username *** gsm.password ***")),
                "the summary shows a modem's nmcli settings without their values");
        assertTrue(lines.stream().anyMatch(l -> l.contains("Uplink alarm: server refuses our credentials")));
        assertTrue(refused.contains("Connection refused") || refused.contains("refused"), refused);
        for (String line : lines) {
            assertNoSecret(line);
        }

        List<String> seen = jmxTexts();
        assertTrue(seen.size() > 500, "read " + seen.size() + " JMX names, attributes and listings");
        for (String text : seen) {
            assertNoSecret(text);
        }
    }

    private static void assertNoSecret(String text) {
        for (String secret : SECRETS) {
            assertFalse(text.contains(secret), "a secret in: " + text);
        }
    }

    /** Every MBean's name and readable attribute, and what Camel's side-effect-free listings and dumps return. */
    private static List<String> jmxTexts() throws Exception {
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        List<String> texts = new ArrayList<>();
        for (ObjectName name : jmx.queryNames(null, null)) {
            texts.add(name.toString());
            for (MBeanAttributeInfo attribute : jmx.getMBeanInfo(name).getAttributes()) {
                try {
                    texts.add(text(jmx.getAttribute(name, attribute.getName())));
                } catch (Exception | Error unreadable) {
                    // write-only or unsupported attributes
                }
            }
            if ("org.apache.camel".equals(name.getDomain())) {
                for (MBeanOperationInfo operation : jmx.getMBeanInfo(name).getOperations()) {
                    if (operation.getSignature().length == 0 && operation.getName().matches("(list|dump|browse|explain).*")) {
                        try {
                            texts.add(text(jmx.invoke(name, operation.getName(), null, null)));
                        } catch (Exception unsupported) {
                            // some need a feature that is off
                        }
                    }
                }
            }
        }
        return texts;
    }

    private static String text(Object value) {
        if (value != null && value.getClass().isArray()) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < Array.getLength(value); i++) {
                b.append(text(Array.get(value, i))).append(' ');
            }
            return b.toString();
        }
        return String.valueOf(value);
    }
}
