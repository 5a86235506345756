package io.dualmodem.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    private static final ObjectMapper JSON = new ObjectMapper();

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
        Supplier<ObjectNode> status = () -> status(sources, queue, Duration.between(started, monotonic.instant()));
        EventLog log = new EventLog(queue, Clock.systemUTC(), clockSynced, status);
        EventSender sender = new EventSender(queue, device, uplink.batchSize(), uplink.retryInitial(), uplink.retryMax(),
                monotonic, settings.target());
        for (String scheme : new String[] {"http", "https"}) {
            // the readings' target adds its credentials to its own host; a status URL elsewhere brings its own
            HttpClientConfigurers.add(camel.getComponent(scheme, HttpComponent.class),
                    builder -> builder.addRequestInterceptorLast(settings.target().credentials()));
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

    private static ObjectNode status(Sources sources, EventQueue queue, Duration uptime) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", Objects.toString(EventWiring.class.getPackage().getImplementationVersion(), "dev"));
        body.put("uptime-seconds", uptime.toSeconds());
        ObjectNode outbox = body.putObject("outbox");
        outbox.put("depth", sources.outbox().depth());
        outbox.put("dropped", sources.outbox().dropped());
        outbox.put("quarantined", sources.outbox().quarantined());
        body.put("events-waiting", queue.depth());
        if (sources.control() instanceof ModemControlRunner runner) {
            body.put("modem-control", runner.unavailable() == null ? "on" : "unavailable: " + runner.unavailable());
            runner.watch().ifPresent(w -> body.put("active-modem", w.policy().active()));
        } else if (sources.control() instanceof ModemControl.Off off) {
            body.put("modem-control", "off: " + off.reason());
        }
        ArrayNode dataUse = body.putArray("data-use");
        for (SimUse use : sources.dataUse().thisMonth()) {
            dataUse.add(EventLog.dataUse(use));
        }
        sources.radio().last().ifPresent(r -> body.set("radio", JSON.valueToTree(r)));
        return body;
    }
}
