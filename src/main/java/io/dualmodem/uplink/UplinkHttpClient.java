package io.dualmodem.uplink;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.cookie.CookieSpecFactory;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.config.RegistryBuilder;

/**
 * How camel-http's client behaves for the uplink: one request per attempt — HttpClient would otherwise resend a
 * 429 or 503 by itself, hidden from the back-off and billed twice — the uplink's credentials on requests to its
 * host only, answers bounded in time and size ({@link BoundedAnswer}), and no header the server does not need (every
 * byte on a SIM is paid for): no {@code User-Agent}, no {@code Accept-Encoding} (the answer's body is never read), no
 * {@code Connection: keep-alive} (HTTP/1.1 keeps connections alive anyway), no {@code Cookie}. What is left: {@code Host},
 * {@code Content-Length}, {@code Content-Type}, {@code Content-Encoding} when gzipped, and the uplink's credentials.
 */
final class UplinkHttpClient implements HttpClientConfigurer {

    private final UplinkTarget target;
    private final BoundedAnswer bounds;

    UplinkHttpClient(UplinkTarget target, Duration answerDeadline, ScheduledExecutorService timer) {
        this.target = target;
        this.bounds = new BoundedAnswer(answerDeadline, timer);
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.disableAutomaticRetries();
        builder.disableDefaultUserAgent();
        builder.disableContentCompression();
        // no cookies (the uplink keeps no session with the server); HttpClient builds its cookie rules even so, and
        // with them the Public Suffix List: ~10 000 rules parsed at every start and held, unless it is given none
        builder.disableCookieManagement();
        builder.setDefaultCookieSpecRegistry(RegistryBuilder.<CookieSpecFactory>create().build());
        builder.addRequestInterceptorLast((request, entity, context) -> {
            if (request.containsHeader("Connection") && "keep-alive".equalsIgnoreCase(request.getFirstHeader("Connection").getValue())) {
                request.removeHeaders("Connection");
            }
        });
        target.addCredentials(builder);
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "uplink-bounded-answer", bounds);
    }
}
