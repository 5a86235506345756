package io.dualmodem.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How long readings may wait on the current line before they go, together: the active modem's own
 * {@code modem.X.max-delay} when it has one, else {@code uplink.max-delay} (zero: live, each reading as soon as it is
 * stored). The one place that decides it, asked afresh at every upload poll, so a switch to another line takes effect
 * at once; a later rule such as a monthly quota on the secondary belongs here too.
 */
public final class UploadCadence {

    private final Duration uplinkMaxDelay;
    private final Map<String, Duration> modemMaxDelay;
    private volatile Supplier<String> activeModem = () -> null;

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
        return modem == null ? uplinkMaxDelay : modemMaxDelay.getOrDefault(modem, uplinkMaxDelay);
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
