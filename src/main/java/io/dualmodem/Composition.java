package io.dualmodem;

import io.dualmodem.datause.DataUse;
import io.dualmodem.datause.DataUseWiring;
import io.dualmodem.events.EventWiring;
import io.dualmodem.failover.FailoverWiring;
import io.dualmodem.failover.LinkSettings;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.modem.ModemHardware;
import io.dualmodem.modem.Pi4jBoardLines;
import io.dualmodem.ops.OpsWiring;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.OutboxException;
import io.dualmodem.pi.Pi4jContext;
import io.dualmodem.pi.PiReadiness;
import io.dualmodem.radio.RadioWatch;
import io.dualmodem.radio.RadioWiring;
import io.dualmodem.sensor.Sampler;
import io.dualmodem.sensor.SensorWiring;
import io.dualmodem.sensor.TemperatureSource;
import io.dualmodem.settings.CamelSettings;
import io.dualmodem.settings.HardwareMode;
import io.dualmodem.settings.Settings;
import io.dualmodem.settings.SettingsException;
import io.dualmodem.sim.Simulation;
import io.dualmodem.time.ClockSync;
import io.dualmodem.time.MonotonicClock;
import io.dualmodem.uplink.Uploader;
import io.dualmodem.uplink.UplinkWiring;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root: reads the settings, decides hardware or simulation, and asks each capability for its beans. */
public class Composition implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(Composition.class);
    static final Path MODEL_FILE = Path.of("/proc/device-tree/model");

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = Settings.load(CamelSettings.reader(camel), Settings.hostname());
        HardwareMode.Decision hardware = settings.hardwareMode().decide(MODEL_FILE);
        Clock clock = MonotonicClock.start();
        UplinkWiring.addHttpComponents(camel);
        Supplier<TemperatureSource> sensor;
        ModemHardware modems;
        LinkSettings link = settings.link();
        if (hardware.simulated()) {
            LOG.warn("SIMULATION: {}. Readings come from a simulated ADT7410 and are marked \"sim\":1.",
                    hardware.reason());
            Simulation simulation = Simulation.start(camel, settings.simulation(), settings.modem(), link,
                    settings.uplink().url(), clock);
            sensor = simulation.sensor();
            modems = simulation.modems();
            link = simulation.link();
        } else {
            LOG.info("Hardware: {}; sensor {}", hardware.reason(), settings.sensor());
            Pi4jContext pi4j = new Pi4jContext();
            closeOnStop(camel, pi4j);
            new PiReadiness(Path.of("/"), Path.of(System.getProperty("java.io.tmpdir")))
                    .log(settings.sensor().i2cBus(), SensorWiring.readiness(settings.sensor(), pi4j));
            sensor = SensorWiring.onThePi(settings.sensor(), pi4j);
            modems = ModemHardware.nmcli(camel, settings.modem(), Pi4jBoardLines.of(pi4j));
        }
        Outbox outbox = openOutbox(settings);
        camel.getRegistry().bind("outbox", outbox);
        closeOnStop(camel, outbox);
        BooleanSupplier clockSynced = ClockSync.of(settings.syncCheck());
        Sampler sampler = SensorWiring.bind(camel, sensor, clockSynced, hardware.simulated());
        closeOnStop(camel, sampler::close);
        Uploader uploader = UplinkWiring.bind(camel, settings.uplink(), settings.outbox().quarantineCapacity(), outbox,
                settings.deviceId(), clock);
        ModemControl control = FailoverWiring.bind(camel, settings.modem(), link, modems, clock,
                uploader.cadence()::maxDelay, UplinkWiring.onLineChange(camel, uploader));
        uploader.cadence().followLine(control::activeModem);
        DataUse dataUse = DataUseWiring.bind(camel, settings.dataUse(), settings.modem().boards(), control, modems.network(),
                clockSynced, clock);
        String secondary = settings.modem().secondary();
        uploader.cadence().followQuota(modem -> modem.equals(secondary) && dataUse.overQuota(modem),
                settings.dataUse().overQuotaDelay());
        OpsWiring.bind(camel, settings.ops(), settings.deviceId(), hardware.simulated(), sampler, outbox, uploader, control,
                dataUse, clock);
        RadioWatch radio = RadioWiring.bind(camel, settings.radio(), hardware.simulated(), control);
        OpsWiring.bindLine(camel, dataUse, radio);
        EventWiring.bind(camel, settings.events(), settings.uplink(), settings.outbox().path(), settings.deviceId(),
                new EventWiring.Sources(outbox, control, dataUse, radio), clockSynced, clock);
        RadioWiring.followSwitches(control, radio);
        UplinkWiring.redactTracing(camel, List.of(settings.uplink().target(), settings.events().target()));
    }

    /** Camel stops services in the reverse order they were added: what is added first is closed last. */
    private static void closeOnStop(CamelContext camel, AutoCloseable resource) throws Exception {
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }
        });
    }

    private static Outbox openOutbox(Settings settings) {
        try {
            Outbox outbox = new Outbox(settings.outbox().path(), settings.outbox().capacity(), settings.deviceId());
            if (outbox.fault() == null) {
                LOG.info("Outbox {} holds {} readings (capacity {})", settings.outbox().path().toAbsolutePath(),
                        outbox.depth(), settings.outbox().capacity());
            }
            return outbox;
        } catch (OutboxException e) {
            throw new SettingsException("outbox.path", settings.outbox().path().toString(), e.getMessage());
        }
    }
}
