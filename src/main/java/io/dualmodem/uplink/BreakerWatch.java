package io.dualmodem.uplink;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the upload route's circuit breaker — the resilience4j breaker Camel builds for the route's node
 * {@value #NODE_ID} — and logs its opening and its closing once each, with a plain line. It tells the
 * {@link Uploader}, which then waits for the breaker rather than for its own back-off: after the server heals,
 * uploads resume when the breaker's open time is up, not later.
 */
final class BreakerWatch {

    static final String NODE_ID = "uplink-breaker";
    private static final Logger LOG = LoggerFactory.getLogger(BreakerWatch.class);

    private final Uploader uploader;
    private volatile CircuitBreaker breaker;

    private BreakerWatch(Uploader uploader) {
        this.uploader = uploader;
    }

    /** Starts watching once the routes run; without the node (a replaced route file) it says so once. */
    static BreakerWatch attach(CamelContext camel, Uploader uploader) throws Exception {
        BreakerWatch watch = new BreakerWatch(uploader);
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // only onCamelContextFullyStarted runs after the routes' processors have started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                ResilienceProcessor processor = context.getProcessor(NODE_ID, ResilienceProcessor.class);
                if (processor == null || processor.getCircuitBreaker() == null) {
                    LOG.warn("The upload route has no circuit breaker with id {}: its opening and closing are not logged",
                            NODE_ID);
                    return;
                }
                watch.watch(processor.getCircuitBreaker());
            }
        });
        return watch;
    }

    /** A new or recovered line: an open breaker lets one upload through at once instead of at the end of its open time. */
    void lineChanged() {
        CircuitBreaker b = breaker;
        if (b != null && b.getState() == CircuitBreaker.State.OPEN) {
            b.transitionToHalfOpenState();
        }
    }

    private void watch(CircuitBreaker b) {
        breaker = b;
        b.getEventPublisher().onStateTransition(event -> {
            CircuitBreaker.StateTransition t = event.getStateTransition();
            switch (t.getToState()) {
                case OPEN, FORCED_OPEN -> {
                    Duration openFor = Duration.ofMillis(b.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
                    uploader.breakerOpened(openFor);
                    if (t.getFromState() == CircuitBreaker.State.HALF_OPEN) {
                        LOG.debug("Upload circuit breaker: the trial failed, open again for {} s", openFor.toSeconds());
                    } else {
                        CircuitBreaker.Metrics m = b.getMetrics();
                        LOG.warn("Upload circuit breaker opened: {} of the last {} uploads failed; from now on one reading is"
                                + " tried every {} s until the server takes it", m.getNumberOfFailedCalls(),
                                m.getNumberOfBufferedCalls(), openFor.toSeconds());
                    }
                }
                case HALF_OPEN -> uploader.breakerHalfOpen();
                case CLOSED -> {
                    uploader.breakerClosed();
                    LOG.info("Upload circuit breaker closed: an upload went through");
                }
                default -> uploader.breakerClosed();
            }
        });
    }
}
