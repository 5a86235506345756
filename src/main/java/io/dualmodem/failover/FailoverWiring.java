package io.dualmodem.failover;

import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.BoardLines;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemBoard;
import io.dualmodem.modem.ModemHardware;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.modem.ModemState;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.Pause;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds modem control: the boards, the switch, the policy and the link watch that drives them,
 * started (and started again while it cannot start) by a {@link ModemControlRunner}; or none.
 */
public final class FailoverWiring {

    private static final Logger LOG = LoggerFactory.getLogger(FailoverWiring.class);

    private FailoverWiring() {
    }

    /**
     * Binds {@code modemControl} for the routes and starts and stops it with Camel.
     *
     * @param clock       the monotonic clock every interval is measured on
     * @param readingsMayWait how long the uplink may hold readings on the line in use now
     * @param lineChanged what the uplink does when a switch changed the line
     */
    public static ModemControl bind(CamelContext camel, ModemSettings settings, LinkSettings link, ModemHardware hardware,
                                    Clock clock, Supplier<Duration> readingsMayWait, Runnable lineChanged) throws Exception {
        if (!settings.enabled()) {
            ModemControl off = new ModemControl.Off("modem.enabled=false");
            LOG.info("Modem control is off (modem.enabled=false): the uplink uses whatever line is up");
            camel.getRegistry().bind("modemControl", off);
            return off;
        }
        Map<String, BoardLines> opened = new ConcurrentHashMap<>();
        ModemControlRunner runner = new ModemControlRunner(() -> watch(settings, link, hardware, clock, readingsMayWait, lineChanged, opened),
                settings.retryUnavailable(), clock);
        camel.getRegistry().bind("modemControl", runner);
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                runner.close();
            }
        });
        return runner;
    }

    /**
     * Modem control over working hardware: the boards' lines open and NetworkManager answers, or this
     * throws why not. Lines that opened are kept in {@code opened} for the next try (Pi4J cannot open a
     * line twice), so a try that failed on NetworkManager does not fail on GPIO the next time.
     */
    private static LinkWatch watch(ModemSettings settings, LinkSettings link, ModemHardware hardware, Clock clock,
                                   Supplier<Duration> readingsMayWait, Runnable lineChanged, Map<String, BoardLines> opened) {
        List<Modem> modems = new ArrayList<>();
        for (BoardConfig b : settings.boards()) {
            BoardLines lines = opened.computeIfAbsent(b.id(), id -> hardware.boards().apply(b));
            modems.add(new Modem(b.id(), new ModemBoard(b.name(), lines, settings.timing(), clock, Pause.REAL),
                    b.profile(), b.id().equals(settings.primary())));
        }
        hardware.network().devices();
        ModemSwitch modemSwitch = new ModemSwitch(modems, hardware.network(), new ModemState(settings.stateFile()), clock,
                Pause.REAL, settings.deviceTimeout());
        String active = modemSwitch.state().active();
        LinkWatch watch = new LinkWatch(
                new FailoverPolicy(link.policy(), clock, settings.primary(), settings.secondary(),
                        active == null ? settings.primary() : active),
                modemSwitch, new LinkProbe(link.probeTargets(), link.probeReliability(), link.probeTimeout(),
                        hardware.sourceAddress()),
                hardware.events(), link.watch(), readingsMayWait, clock, lineChanged);
        settings.boards().forEach(b -> LOG.info("Modem {}: {} POWER={} STATUS={} RESET={} {}", b.id(), b.name(),
                b.powerPin(), b.statusPin(), b.resetPin(), b.profile()));
        return watch;
    }
}
