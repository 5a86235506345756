package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.uplink.Uploader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Camel readiness check {@code dual-modem/uplink}: DOWN while the server refuses us (the uplink's alarm: wrong
 * credentials, URL, …), and while readings wait and the server has accepted nothing for {@code staleAfter} beyond the
 * time readings may wait to go together on the line in use ({@code uplink.max-delay}). Not a
 * liveness check: the application is alive and buffering; it is the uplink that is not ready.
 */
public class UplinkHealthCheck extends AbstractHealthCheck {

    private final Outbox outbox;
    private final Uploader uploader;
    private final ModemControl modems;
    private final Duration staleAfter;
    private final Clock clock;
    private final Instant started;

    public UplinkHealthCheck(Outbox outbox, Uploader uploader, ModemControl modems, Duration staleAfter, Clock clock) {
        super("dual-modem", "uplink");
        this.outbox = outbox;
        this.uploader = uploader;
        this.modems = modems;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.started = clock.instant();
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Instant last = uploader.lastAccepted();
        Duration quiet = Duration.between(last == null ? started : last, clock.instant());
        long waiting = outbox.depth();
        builder.detail("outbox.depth", waiting);
        builder.detail("uplink.last-accepted", Objects.toString(last, "never"));
        builder.detail("uplink.last-outcome", Objects.toString(uploader.lastOutcome(), "none"));
        builder.detail("modem.control", TelemetryStatus.describe(modems));
        if (modems instanceof ModemControlRunner runner && runner.watch().isPresent()) {
            LinkWatch watch = runner.watch().get();
            builder.detail("modem.active", watch.policy().active());
            builder.detail("failover.state", watch.policy().state().name());
            builder.detail("modem.state-file-error", Objects.toString(watch.modems().state().writeError(), "none"));
        }
        String alarm = uploader.alarm();
        builder.detail("uplink.alarm", Objects.toString(alarm, "none"));
        builder.detail("outbox.quarantined", outbox.quarantined());
        if (alarm != null) {
            builder.message(alarm);
            builder.down();
        } else if (waiting > 0 && quiet.compareTo(staleAfter.plus(uploader.cadence().maxDelay())) > 0) {
            builder.message("no upload accepted for " + quiet.toSeconds() + " s; " + waiting + " readings waiting");
            builder.down();
        } else {
            builder.up();
        }
    }
}
