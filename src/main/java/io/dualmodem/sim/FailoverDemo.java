package io.dualmodem.sim;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The no-hardware demo's plan: cut the simulated primary's line a while after start, give it back
 * later, so a new user watches a failover and a fail-back happen, and the demo receiver logs the
 * change of client address, as the article's server log showed the change of line.
 */
public final class FailoverDemo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverDemo.class);

    private final SimulatedNetworkManager network;
    private final SimulatedBoard primary;
    private final Duration cutAfter;
    private final Duration restoreAfter;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "failover-demo");
        t.setDaemon(true);
        return t;
    });

    public FailoverDemo(SimulatedNetworkManager network, SimulatedBoard primary, Duration cutAfter, Duration restoreAfter) {
        this.network = network;
        this.primary = primary;
        this.cutAfter = cutAfter;
        this.restoreAfter = restoreAfter;
    }

    public void start() {
        timer.schedule(() -> {
            LOG.warn("SIMULATION demo: cutting the primary modem's line now (carrier lost)");
            network.cut(primary);
        }, cutAfter.toMillis(), TimeUnit.MILLISECONDS);
        timer.schedule(() -> {
            LOG.warn("SIMULATION demo: the primary modem's line is back; fail-back follows after the hold-down");
            network.restore(primary);
        }, restoreAfter.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
