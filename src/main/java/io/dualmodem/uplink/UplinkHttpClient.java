package io.dualmodem.uplink;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * How camel-http's client behaves for the uplink: one request per attempt — HttpClient would otherwise resend a
 * 429 or 503 by itself, hidden from the back-off and billed twice — the uplink's credentials on requests to its
 * host only, and answers bounded in time and size ({@link BoundedAnswer}).
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
        builder.addRequestInterceptorLast(target.credentials());
        builder.addExecInterceptorBefore(ChainElement.MAIN_TRANSPORT.name(), "uplink-bounded-answer", bounds);
    }
}
