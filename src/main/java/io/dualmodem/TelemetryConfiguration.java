package io.dualmodem;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.ops.JmxBeans;
import io.dualmodem.ops.UplinkHealthCheck;
import io.dualmodem.ops.TelemetryStatus;
import io.dualmodem.ops.TelemetryStatusMBean;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.outbox.OutboxException;
import io.dualmodem.sensor.HwmonSource;
import io.dualmodem.sensor.Pi4jI2c;
import io.dualmodem.sensor.Sampler;
import io.dualmodem.sensor.TemperatureSource;
import io.dualmodem.sim.DemoReceiver;
import io.dualmodem.sim.SimulatedAdt7410;
import io.dualmodem.sensor.Adt7410;
import io.dualmodem.uplink.Uploader;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the beans the routes call, from validated {@link Settings}: sampler, outbox, uploader,
 * and in simulation the simulated sensor and the demo receiver.
 */
public class TelemetryConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryConfiguration.class);
    static final Path MODEL_FILE = Path.of("/proc/device-tree/model");

    @Override
    public void configure(CamelContext camel) throws Exception {
        Settings settings = Settings.load(camel.getPropertiesComponent()::resolveProperty, presentKeys(camel), hostname());

        HardwareMode.Decision hardware = settings.hardwareMode().decide(MODEL_FILE);
        if (hardware.simulated()) {
            LOG.warn("SIMULATION: {}. Readings come from a simulated ADT7410 and are marked \"simulated\":true.",
                    hardware.reason());
        } else {
            LOG.info("Hardware: {}; sensor {} on I2C bus {} address 0x{}", hardware.reason(), settings.sensorType(),
                    settings.i2cBus(), Integer.toHexString(settings.i2cAddress()));
        }

        Outbox outbox;
        try {
            outbox = new Outbox(settings.outboxPath(), settings.outboxCapacity(), settings.deviceId());
        } catch (OutboxException e) {
            throw new SettingsException("outbox.path", settings.outboxPath().toString(), e.getMessage());
        }
        Sampler sampler = new Sampler(sensorOpener(settings, hardware.simulated()), Clock.systemUTC(), hardware.simulated());
        Uploader uploader = new Uploader(outbox, settings.deviceId(), settings.batchSize(),
                settings.retryInitial(), settings.retryMax(), Clock.systemUTC());
        LOG.info("Outbox {} holds {} readings (capacity {}); uploading to {}", settings.outboxPath().toAbsolutePath(),
                outbox.depth(), settings.outboxCapacity(), redact(settings.uplinkUrl().toString()));

        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
            http.setConnectTimeout(settings.connectTimeout().toMillis());
            http.setConnectionRequestTimeout(settings.connectTimeout().toMillis());
            http.setResponseTimeout(settings.responseTimeout().toMillis());
            http.setSoTimeout(settings.responseTimeout().toMillis());
        }

        camel.getRegistry().bind("settings", settings);
        camel.getRegistry().bind("hardware", hardware);
        camel.getRegistry().bind("sampler", sampler);
        camel.getRegistry().bind("outbox", outbox);
        camel.getRegistry().bind("uploader", uploader);

        JmxBeans jmx = new JmxBeans().add(TelemetryStatus.OBJECT_NAME, TelemetryStatusMBean.class,
                new TelemetryStatus(hardware.simulated(), sampler, outbox, uploader));
        DemoReceiver receiver = hardware.simulated() && isDemoUrl(settings)
                ? new DemoReceiver(settings.demoReceiverPort()) : null;
        if (receiver != null) {
            LOG.warn("SIMULATION: demo receiver listening on http://127.0.0.1:{}/ logs what arrives", receiver.port());
        }
        ModemConfiguration.configure(camel, hardware, settings, receiver != null && settings.demoFailover());
        UplinkHealthCheck health = new UplinkHealthCheck(outbox, uploader,
                camel.getRegistry().lookupByNameAndType("linkWatch", LinkWatch.class), settings.healthStaleAfter(),
                Clock.systemUTC());
        camel.getRegistry().bind("uplink-health-check", health); // Camel's health registry picks up HealthCheck beans
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
            }

            @Override
            protected void doStop() throws Exception {
                jmx.unregisterAll();
                if (receiver != null) {
                    receiver.close();
                }
                sampler.close();
                outbox.close();
                Pi4jContext.shutdown();
            }
        });
    }

    /** Every key set in a properties file or as a system property, to catch misspelled ones. */
    static Set<String> presentKeys(CamelContext camel) {
        Set<String> keys = new HashSet<>(camel.getPropertiesComponent().loadPropertiesAsMap().keySet());
        keys.addAll(System.getProperties().stringPropertyNames());
        return keys;
    }

    private static Supplier<TemperatureSource> sensorOpener(Settings settings, boolean simulated) {
        if (simulated) {
            SimulatedAdt7410 chip = new SimulatedAdt7410(Clock.systemUTC(), System.nanoTime());
            return () -> new Adt7410(chip);
        }
        if ("hwmon".equals(settings.sensorType())) {
            return () -> new HwmonSource(settings.hwmonFile());
        }
        return () -> Pi4jI2c.openAdt7410(settings.i2cBus(), settings.i2cAddress());
    }

    private static boolean isDemoUrl(Settings settings) {
        String host = settings.uplinkUrl().getHost();
        return ("127.0.0.1".equals(host) || "localhost".equals(host))
                && settings.uplinkUrl().getPort() == settings.demoReceiverPort();
    }

    /** Drops user info and query from a URL for the log: tokens live there. */
    static String redact(String url) {
        return url.replaceAll("//[^/@]*@", "//***@").replaceAll("\\?.*", "?***");
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "device";
        }
    }
}
