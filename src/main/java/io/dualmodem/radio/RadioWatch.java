package io.dualmodem.radio;

import io.dualmodem.failover.LineListener;
import io.dualmodem.modem.SwitchRecord;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the active modem's signal quality, access technology and operator: after each switch (on the link watch's
 * worker, once the new line is up) and every {@code modem.radio-interval} (the {@code record-radio} route). Where there
 * is no ModemManager that is said once at INFO and shown as such, not as an error.
 */
public final class RadioWatch implements LineListener {

    private static final Logger LOG = LoggerFactory.getLogger(RadioWatch.class);
    private static final int KEPT = 50;

    private final BiFunction<String, String, RadioReport> source;
    private final Clock wall;
    private final Deque<RadioReport> recent = new ArrayDeque<>();
    private final List<Consumer<RadioReport>> listeners = new CopyOnWriteArrayList<>();
    private String modem;
    private String lastUnavailable;

    /** @param source asks the radio: (active modem, time) to a report; {@link Mmcli#read} on the Pi */
    public RadioWatch(BiFunction<String, String, RadioReport> source, Clock wall) {
        this.source = source;
        this.wall = wall;
    }

    /** Runs {@code listener} with every report, on the thread that took it. */
    public void onReport(Consumer<RadioReport> listener) {
        listeners.add(listener);
    }

    @Override
    public void beforeSwitch() {
    }

    @Override
    public void lineChanged(String active, String device, Optional<SwitchRecord> record) {
        synchronized (this) {
            modem = active;
        }
        if (active != null) {
            RadioReport report = record();
            if (report.unavailable() == null) {
                LOG.info("Radio after the switch: {}", report.summary());
            }
        }
    }

    /** Asks the radio now (the periodic route); nothing while no modem is known to be active. */
    public RadioReport record() {
        String active;
        synchronized (this) {
            active = modem;
        }
        if (active == null) {
            return RadioReport.unavailable(wall.instant().toString(), null, "no active modem yet");
        }
        RadioReport report = source.apply(active, wall.instant().toString());
        synchronized (this) {
            recent.addLast(report);
            while (recent.size() > KEPT) {
                recent.removeFirst();
            }
            if (report.unavailable() != null && !report.unavailable().equals(lastUnavailable)) {
                LOG.info("Signal and carrier are not recorded: {}", report.unavailable());
            } else if (report.unavailable() == null && lastUnavailable != null) {
                LOG.info("Signal and carrier recorded again: {}", report.summary());
            }
            lastUnavailable = report.unavailable();
        }
        listeners.forEach(l -> l.accept(report));
        return report;
    }

    /** The last report, if any. */
    public synchronized Optional<RadioReport> last() {
        return Optional.ofNullable(recent.peekLast());
    }

    /** The last reports, oldest first (at most 50). */
    public synchronized List<RadioReport> history() {
        return List.copyOf(recent);
    }
}
