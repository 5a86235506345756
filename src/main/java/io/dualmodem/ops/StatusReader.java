package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.SwitchRecord;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.uplink.Uploader;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * Reads a {@link StatusSnapshot} from the running parts; it reads, never waits for a switch under way. Times are on
 * the application's clock (the one switch records and uploads are stamped with), so they agree with each other.
 */
final class StatusReader {

    private final CamelContext camel;
    private final String device;
    private final boolean simulated;
    private final Outbox outbox;
    private final Uploader uploader;
    private final ModemControl modems;
    private final TemperatureHistory temperatures;
    private final Supplier<List<SimDataUse>> dataUse;
    private final Clock clock;
    private final Instant started;

    StatusReader(CamelContext camel, String device, boolean simulated, Outbox outbox, Uploader uploader, ModemControl modems,
                 TemperatureHistory temperatures, Supplier<List<SimDataUse>> dataUse, Clock clock) {
        this.camel = camel;
        this.device = device;
        this.simulated = simulated;
        this.outbox = outbox;
        this.uploader = uploader;
        this.modems = modems;
        this.temperatures = temperatures;
        this.dataUse = dataUse;
        this.clock = clock;
        this.started = clock.instant();
    }

    StatusSnapshot read() {
        HealthReport health = HealthReport.of(camel);
        StatusSnapshot.Line line = new StatusSnapshot.Line(null, null, null, TelemetryStatus.describe(modems), Map.of());
        List<SwitchRecord> switches = List.of();
        if (modems instanceof ModemControlRunner runner && runner.watch().isPresent()) {
            LinkWatch watch = runner.watch().get();
            Map<String, String> names = new LinkedHashMap<>();
            for (Modem m : watch.modems().modems()) {
                names.put(m.id(), m.board().name() + ", " + m.profile().name());
            }
            line = new StatusSnapshot.Line(watch.modems().active().map(Modem::id).orElse(null), watch.policy().primary(),
                    watch.policy().state().name(), line.control(), names);
            switches = watch.modems().state().history();
        }
        StatusSnapshot.Queue queue = new StatusSnapshot.Queue(outbox.depth(), outbox.capacity(), uploader.uploadedCount(),
                Objects.toString(uploader.lastAccepted(), null), uploader.alarm());
        return new StatusSnapshot(clock.instant(), started, device, simulated,
                new StatusSnapshot.Health(health.isUp(), health.problems()), line, queue,
                temperatures.lastDay(System.nanoTime()), switches, dataUse.get());
    }
}
