package io.dualmodem.events;

import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.SimUse;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.outbox.EventQueue;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.radio.RadioWatch;
import io.dualmodem.uplink.HttpClientConfigurers;
import io.dualmodem.uplink.UplinkSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the event log and the sender the {@code send-events} route calls, and connects them to what makes events:
 * modem control (switches, unavailable), data use (quota warnings), the radio, start-up and the hourly status.
 */
public final class EventWiring {

    private static final Logger LOG = LoggerFactory.getLogger(EventWiring.class);

    private EventWiring() {
    }

    /** What the status and start-up events report on. */
    public record Sources(Outbox outbox, ModemControl control, DataUse dataUse, RadioWatch radio) {
    }

    public static EventLog bind(CamelContext camel, EventSettings settings, UplinkSettings uplink, Path outboxFile,
                                String device, Sources sources, BooleanSupplier clockSynced, Clock monotonic)
            throws Exception {
        EventQueue queue = new EventQueue(outboxFile, settings.capacity());
        Instant started = monotonic.instant();
        Supplier<Map<String, Object>> status = () -> status(sources, queue, Duration.between(started, monotonic.instant()));
        EventLog log = new EventLog(queue, Clock.systemUTC(), clockSynced, status);
        EventSender sender = new EventSender(queue, device, uplink.batchSize(), uplink.retryInitial(), uplink.retryMax(),
                monotonic, settings.target());
        for (String scheme : new String[] {"http", "https"}) {
            // each target adds its credentials to requests for its own URL only
            HttpClientConfigurers.add(camel.getComponent(scheme, HttpComponent.class), settings.target()::addCredentials);
        }
        camel.getRegistry().bind("eventLog", log);
        camel.getRegistry().bind("eventSender", sender);
        camel.getRegistry().bind("statusTarget", settings.target());
        if (sources.control() instanceof ModemControlRunner runner) {
            runner.onUnavailable(log::modemControlUnavailable);
            runner.whenStarted(watch -> watch.addLineListener(log));
        }
        sources.dataUse().onQuotaWarning(log::quotaWarning);
        sources.radio().onReport(log::radio);
        camel.addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                log.started();
            }
        });
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                queue.close();
            }
        });
        LOG.info("Events go to {} ({} waiting)", settings.target().shown(), queue.depth());
        return log;
    }

    private static Map<String, Object> status(Sources sources, EventQueue queue, Duration uptime) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", Objects.toString(EventWiring.class.getPackage().getImplementationVersion(), "dev"));
        body.put("uptime-seconds", uptime.toSeconds());
        Map<String, Object> outbox = new LinkedHashMap<>();
        outbox.put("depth", sources.outbox().depth());
        outbox.put("dropped", sources.outbox().dropped());
        outbox.put("quarantined", sources.outbox().quarantined());
        body.put("outbox", outbox);
        body.put("events-waiting", queue.depth());
        if (sources.control() instanceof ModemControlRunner runner) {
            body.put("modem-control", runner.unavailable() == null ? "on" : "unavailable: " + runner.unavailable());
            runner.watch().ifPresent(w -> body.put("active-modem", w.policy().active()));
        } else if (sources.control() instanceof ModemControl.Off off) {
            body.put("modem-control", "off: " + off.reason());
        }
        List<Object> dataUse = new ArrayList<>();
        for (SimUse use : sources.dataUse().thisMonth()) {
            dataUse.add(EventLog.dataUse(use));
        }
        body.put("data-use", dataUse);
        sources.radio().last().ifPresent(r -> body.put("radio", r.fields()));
        return body;
    }
}
