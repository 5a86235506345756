package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink's camel-http builds no TLS context for {@code http://} endpoints, and builds one on the first connection
 * of an {@code https://} endpoint, which then talks to a loopback HTTPS server with a self-signed certificate (made by
 * the JDK's keytool, trusted the way an operator would: {@code javax.net.ssl.trustStore}).
 */
class LazyTlsHttpComponentTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer plain;
    private HttpsServer tls;
    private CamelContext camel;
    private String trustStoreBefore;
    private String trustStorePasswordBefore;

    @BeforeEach
    void start() throws Exception {
        Path keyStore = selfSignedLoopbackCertificate();
        plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(serverContext(keyStore)));
        for (HttpServer server : List.of(plain, tls)) {
            server.createContext("/readings", exchange -> {
                try (InputStream body = exchange.getRequestBody()) {
                    received.add((server == tls ? "https " : "http ") + new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }
        trustStoreBefore = System.getProperty("javax.net.ssl.trustStore");
        trustStorePasswordBefore = System.getProperty("javax.net.ssl.trustStorePassword");
        System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", PASSWORD);
        camel = new DefaultCamelContext();
        UplinkWiring.addHttpComponents(camel);
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        plain.stop(0);
        tls.stop(0);
        restore("javax.net.ssl.trustStore", trustStoreBefore);
        restore("javax.net.ssl.trustStorePassword", trustStorePasswordBefore);
    }

    @Test
    void httpBuildsNoTlsContextAndHttpsBuildsOneOnItsFirstConnection() {
        LazyTlsHttpComponent http = camel.getComponent("http", LazyTlsHttpComponent.class);
        LazyTlsHttpComponent https = camel.getComponent("https", LazyTlsHttpComponent.class);
        String tlsUri = "https://127.0.0.1:" + tls.getAddress().getPort() + "/readings";
        ProducerTemplate producer = camel.createProducerTemplate();

        producer.sendBody("http://127.0.0.1:" + plain.getAddress().getPort() + "/readings", "one");
        camel.getEndpoint(tlsUri).start(); // the https endpoint and its connection manager exist, no connection yet
        assertEquals(List.of("http one"), received);
        assertEquals(0, http.tlsContextsBuilt() + https.tlsContextsBuilt(), "no TLS context before an https connection");

        producer.sendBody(tlsUri, "two");
        producer.sendBody(tlsUri, "three");
        assertEquals(List.of("http one", "https two", "https three"), received);
        assertEquals(1, https.tlsContextsBuilt(), "one TLS context, built on the first https connection");
        assertEquals(0, http.tlsContextsBuilt());
    }

    private Path selfSignedLoopbackCertificate() throws Exception {
        Path keyStore = dir.resolve("loopback.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "loopback", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool finished in 60 s");
        assertEquals(0, p.exitValue(), () -> "keytool: " + read(dir.resolve("keytool.log")));
        return keyStore;
    }

    private static SSLContext serverContext(Path keyStore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore.toFile())) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(managers.getKeyManagers(), null, null);
        return context;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
