package io.dualmodem.uplink;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.HostnameVerifier;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.client5.http.socket.LayeredConnectionSocketFactory;
import org.apache.hc.client5.http.socket.PlainConnectionSocketFactory;
import org.apache.hc.client5.http.ssl.SSLConnectionSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.ssl.SSLContexts;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * camel-http whose {@code https} connections build their TLS context on the first {@code https} connection, not when
 * an endpoint is created: camel-http would otherwise build one for every endpoint, {@code http://} ones too (~370
 * classes of {@code sun.security} and the CA certificates parsed into the heap). The TLS context is the same one
 * camel-http builds (the JVM's default trust store, or the system properties' with {@code useSystemProperties}).
 */
final class LazyTlsHttpComponent extends HttpComponent {

    private final AtomicInteger tlsContextsBuilt = new AtomicInteger();

    /** How many TLS contexts this component has built: one per endpoint that has made an {@code https} connection. */
    int tlsContextsBuilt() {
        return tlsContextsBuilt.get();
    }

    @Override
    protected Registry<ConnectionSocketFactory> createConnectionRegistry(HostnameVerifier hostnameVerifier,
            SSLContextParameters sslContextParameters, boolean useSystemProperties) throws GeneralSecurityException, IOException {
        if (sslContextParameters != null) { // TLS configured on purpose: camel-http's own way
            return super.createConnectionRegistry(hostnameVerifier, sslContextParameters, useSystemProperties);
        }
        return RegistryBuilder.<ConnectionSocketFactory>create()
                .register("http", PlainConnectionSocketFactory.getSocketFactory())
                .register("https", new OnFirstUse(() -> {
                    tlsContextsBuilt.incrementAndGet();
                    return new SSLConnectionSocketFactory(
                            useSystemProperties ? SSLContexts.createSystemDefault() : SSLContexts.createDefault(), hostnameVerifier);
                }))
                .build();
    }

    /** Makes its TLS socket factory when the first connection needs it, then hands every call to it. */
    static final class OnFirstUse implements LayeredConnectionSocketFactory {

        private final Supplier<LayeredConnectionSocketFactory> make;
        private volatile LayeredConnectionSocketFactory tls;

        OnFirstUse(Supplier<LayeredConnectionSocketFactory> make) {
            this.make = make;
        }

        private LayeredConnectionSocketFactory tls() {
            LayeredConnectionSocketFactory made = tls;
            if (made == null) {
                synchronized (this) {
                    if (tls == null) {
                        tls = make.get();
                    }
                    made = tls;
                }
            }
            return made;
        }

        @Override
        public Socket createSocket(HttpContext context) throws IOException {
            return tls().createSocket(context);
        }

        @Override
        public Socket createSocket(Proxy proxy, HttpContext context) throws IOException {
            return tls().createSocket(proxy, context);
        }

        @Override
        public Socket connectSocket(TimeValue connectTimeout, Socket socket, HttpHost host, InetSocketAddress remoteAddress,
                                    InetSocketAddress localAddress, HttpContext context) throws IOException {
            return tls().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
        }

        @Override
        public Socket connectSocket(Socket socket, HttpHost host, InetSocketAddress remoteAddress, InetSocketAddress localAddress,
                                    Timeout connectTimeout, Object attachment, HttpContext context) throws IOException {
            return tls().connectSocket(socket, host, remoteAddress, localAddress, connectTimeout, attachment, context);
        }

        @Override
        public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
            return tls().createLayeredSocket(socket, target, port, context);
        }

        @Override
        public Socket createLayeredSocket(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            return tls().createLayeredSocket(socket, target, port, attachment, context);
        }
    }
}
