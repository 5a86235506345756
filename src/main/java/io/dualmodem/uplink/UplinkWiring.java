package io.dualmodem.uplink;

import io.dualmodem.outbox.Outbox;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.http.HttpEndpoint;
import org.apache.camel.spi.ExchangeFormatter;
import org.apache.camel.spi.Tracer;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the uploader the upload route calls, the uplink target it sends to, and the HTTP client's behaviour: timeouts
 * for a slow line, one request per attempt, credentials, bounded answers.
 */
public final class UplinkWiring {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkWiring.class);

    private UplinkWiring() {
    }

    /**
     * Puts camel-http under {@code http} and {@code https} with its TLS context built on the first {@code https}
     * connection ({@link LazyTlsHttpComponent}); before anything else asks Camel for either component.
     */
    public static void addHttpComponents(CamelContext camel) {
        for (String scheme : List.of("http", "https")) {
            camel.addComponent(scheme, new LazyTlsHttpComponent());
        }
    }

    /**
     * Binds {@code uploader}, {@code uplinkTarget} and the circuit breaker {@code uplinkBreaker} for the upload route.
     *
     * @param quarantineCapacity how many rejected readings are kept ({@code outbox.quarantine-capacity})
     * @param clock              the monotonic clock back-offs and the breaker's open time are measured on
     */
    public static Uploader bind(CamelContext camel, UplinkSettings settings, long quarantineCapacity, Outbox outbox,
                                String deviceId, Clock clock) throws Exception {
        ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "uplink-answer-deadline");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true); // almost every deadline is cancelled: the answer came in time
        UplinkHttpClient client = new UplinkHttpClient(settings.target(), settings.responseTimeout(), deadlines);
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.connectTimeout().toMillis());
            http.setConnectionRequestTimeout(settings.connectTimeout().toMillis());
            http.setResponseTimeout(settings.responseTimeout().toMillis());
            http.setSoTimeout(settings.responseTimeout().toMillis());
            HttpClientConfigurers.add(http, client);
        }
        Uploader uploader = new Uploader(outbox, settings, quarantineCapacity, clock);
        camel.getRegistry().bind("uplinkBreaker", CircuitBreaker.of("uplink", settings.breaker().config(clock)));
        BreakerWatch breaker = BreakerWatch.attach(camel, uploader);
        camel.getRegistry().bind("uploader", uploader);
        camel.getRegistry().bind("uploadRequest", new UploadRequest(deviceId, settings.gzip()));
        camel.getRegistry().bind("uplinkTarget", settings.target());
        camel.getRegistry().bind("uplinkBreakerWatch", breaker);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                deadlines.shutdownNow();
            }
        });
        List<String> headers = settings.target().headerNames();
        LOG.info("Uploading to {}{}{}{}", settings.target().shown(), headers.isEmpty() ? "" : " with headers " + headers,
                settings.gzip() ? ", gzip" : "", settings.maxDelay().isZero() && settings.modemMaxDelay().isEmpty() ? ""
                        : ", readings wait up to " + uploader.cadence());
        return uploader;
    }

    /**
     * Camel's tracer ({@code camel.main.tracing=true}) prints every header at each step, the URL an upload goes to
     * ({@code CamelHttpUri}) among them: what it prints goes through each target's {@link UplinkTarget#redact}.
     */
    public static void redactTracing(CamelContext camel, List<UplinkTarget> targets) {
        if (!camel.isTracing() && !camel.isTracingStandby()) {
            return; // the tracer is made on first use: not for nothing at every start
        }
        Tracer tracer = camel.getTracer();
        ExchangeFormatter plain = tracer.getExchangeFormatter();
        tracer.setExchangeFormatter(exchange -> {
            String text = plain.format(exchange);
            for (UplinkTarget target : targets) {
                text = target.redact(text);
            }
            return text;
        });
    }

    /** What the uplink does when a switch changed the line or the line recovered: send at once, over new connections. */
    public static Runnable onLineChange(CamelContext camel, Uploader uploader) {
        return () -> {
            uploader.lineChanged();
            BreakerWatch breaker = camel.getRegistry().lookupByNameAndType("uplinkBreakerWatch", BreakerWatch.class);
            if (breaker != null) {
                breaker.lineChanged();
            }
            // kept-alive connections were carried by the old line; each HTTP endpoint has its own pool
            for (HttpEndpoint endpoint : camel.getEndpoints().stream().filter(HttpEndpoint.class::isInstance)
                    .map(HttpEndpoint.class::cast).toList()) {
                if (endpoint.getClientConnectionManager() instanceof ConnPoolControl<?> pool) {
                    pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
                }
            }
        };
    }
}
