package io.dualmodem.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long readings may wait on the current line before they go, together: the active modem's own
 * {@code modem.X.max-delay} when it has one, else {@code uplink.max-delay} (zero: live, each reading as soon as it is
 * stored). The one place that decides it, asked afresh at every upload poll, so a switch to another line takes effect
 * at once. On a line whose SIM has used its monthly quota ({@link #followQuota}: the secondary's) readings wait at least
 * {@code modem.over-quota-max-delay} and go in larger batches; one log line when that starts and one when it ends.
 */
public final class UploadCadence {

    private static final Logger LOG = LoggerFactory.getLogger(UploadCadence.class);

    private final Duration uplinkMaxDelay;
    private final Map<String, Duration> modemMaxDelay;
    private volatile Supplier<String> activeModem = () -> null;
    private volatile Predicate<String> overQuota = modem -> false;
    private volatile Duration overQuotaDelay = Duration.ZERO;
    private final AtomicReference<String> batchingBeyondQuota = new AtomicReference<>();

    /**
     * @param uplinkMaxDelay {@code uplink.max-delay}
     * @param modemMaxDelay  {@code modem.X.max-delay} by modem id, for the modems that set one
     */
    public UploadCadence(Duration uplinkMaxDelay, Map<String, Duration> modemMaxDelay) {
        this.uplinkMaxDelay = uplinkMaxDelay;
        this.modemMaxDelay = Map.copyOf(modemMaxDelay);
    }

    /** How long the oldest waiting reading may wait on the line in use now. */
    public Duration maxDelay() {
        String modem = activeModem.get();
        Duration own = modem == null ? uplinkMaxDelay : modemMaxDelay.getOrDefault(modem, uplinkMaxDelay);
        boolean beyondQuota = modem != null && overQuota.test(modem) && overQuotaDelay.compareTo(own) > 0;
        String was = batchingBeyondQuota.getAndSet(beyondQuota ? modem : null);
        if (beyondQuota && !modem.equals(was)) {
            LOG.warn("Modem {}'s SIM has used its monthly quota: readings on its line wait up to {} and go together",
                    modem, shown(overQuotaDelay));
        } else if (!beyondQuota && was != null) {
            LOG.info("Readings go as before: no longer on modem {}'s line beyond its quota", was);
        }
        return beyondQuota ? overQuotaDelay : own;
    }

    /**
     * Where to learn whether a modem's SIM has used its monthly quota (the data-use meter, for the modems the rule
     * covers), and how long readings may wait on such a line.
     */
    public void followQuota(Predicate<String> overQuota, Duration overQuotaDelay) {
        this.overQuota = overQuota;
        this.overQuotaDelay = overQuotaDelay;
    }

    /** Where to learn which modem's line is in use (the id, or null while none is known); set once modem control exists. */
    public void followLine(Supplier<String> activeModem) {
        this.activeModem = activeModem;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(shown(uplinkMaxDelay));
        modemMaxDelay.forEach((modem, delay) -> text.append(", ").append(shown(delay)).append(" on modem ").append(modem));
        return text.toString();
    }

    private static String shown(Duration d) {
        return d.toSeconds() % 60 == 0 && !d.isZero() ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }
}
