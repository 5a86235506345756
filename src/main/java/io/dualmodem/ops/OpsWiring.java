package io.dualmodem.ops;

import io.dualmodem.datause.DataUse;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.radio.RadioWatch;
import io.dualmodem.sensor.Sampler;
import io.dualmodem.uplink.Uploader;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Registers what an operator sees: the MBeans while the application runs, the uplink readiness check, and the
 * operations server on 127.0.0.1 (status page, {@code /health}, Jolokia).
 */
public final class OpsWiring {

    private OpsWiring() {
    }

    public static void bind(CamelContext camel, OpsSettings settings, String device, boolean simulated, Sampler sampler,
                            Outbox outbox, Uploader uploader, ModemControl modems, DataUse dataUse, Clock clock)
            throws Exception {
        camel.getCamelContextExtension().setManagementMBeanAssembler(new SharedInfoMBeanAssembler(camel));
        JmxBeans modemBeans = new JmxBeans();
        if (modems instanceof ModemControlRunner runner) {
            // modem control that could not start at once gets its MBeans when it does
            runner.whenStarted(watch -> {
                modemBeans.add(ModemsStatus.OBJECT_NAME, ModemsMBean.class, new ModemsStatus(watch));
                modemBeans.add(FailoverStatus.OBJECT_NAME, FailoverStatusMBean.class, new FailoverStatus(watch));
                watch.modems().modems().forEach(m -> modemBeans.add(ModemBoardStatus.objectName(m), ModemBoardMBean.class,
                        new ModemBoardStatus(m, watch)));
                if (camel.isStarted()) {
                    modemBeans.registerAllQuietly();
                }
            });
        }
        // Camel's health registry picks up HealthCheck beans
        camel.getRegistry().bind("uplink-health-check",
                new UplinkHealthCheck(outbox, uploader, modems, settings.healthStaleAfter(), clock));
        // the sample route adds each stored reading to it
        TemperatureHistory temperatures = new TemperatureHistory();
        camel.getRegistry().bind("temperatureHistory", temperatures);
        OpsHttpServer http = !settings.httpEnabled() ? null : new OpsHttpServer(settings.httpPort(), () -> HealthReport.of(camel),
                statusPage(camel, device, simulated, outbox, uploader, modems, temperatures, () -> simDataUse(dataUse), clock),
                settings.jolokia() ? new JolokiaAgent() : null, OpsHttpServer.RETRY);
        if (http != null) {
            camel.getRegistry().bind("opsHttpServer", http);
        }
        JmxBeans jmx = new JmxBeans().add(TelemetryStatus.OBJECT_NAME, TelemetryStatusMBean.class,
                new TelemetryStatus(simulated, sampler, outbox, uploader, modems, () -> http == null ? "off" : http.describe()));
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
                modemBeans.registerAll();
                if (http != null) {
                    http.start();
                }
            }

            @Override
            protected void doStop() throws Exception {
                if (http != null) {
                    http.close();
                }
                jmx.unregisterAll();
                modemBeans.unregisterAll();
            }
        });
    }

    private static List<SimDataUse> simDataUse(DataUse dataUse) {
        return dataUse.thisMonth().stream().map(u -> new SimDataUse(u.board(), u.sim(), u.bytes().sent(), u.bytes().received(),
                u.quota() == 0 ? null : u.quota())).toList();
    }

    private static Supplier<String> statusPage(CamelContext camel, String device, boolean simulated, Outbox outbox,
                                               Uploader uploader, ModemControl modems, TemperatureHistory temperatures,
                                               Supplier<List<SimDataUse>> dataUse, Clock clock) {
        StatusReader reader = new StatusReader(camel, device, simulated, outbox, uploader, modems, temperatures, dataUse, clock);
        StatusPage page = new StatusPage(ZoneId.systemDefault());
        return () -> page.render(reader.read());
    }

    /**
     * What an operator sees of the line: the data-use and radio MBeans ({@code io.dualmodem:type=DataUse},
     * {@code type=Radio}) and the readiness check {@code dual-modem/line}.
     */
    public static void bindLine(CamelContext camel, DataUse dataUse, RadioWatch radio) throws Exception {
        JmxBeans jmx = new JmxBeans().add(DataUseStatus.OBJECT_NAME, DataUseMBean.class, new DataUseStatus(dataUse))
                .add(RadioStatus.OBJECT_NAME, RadioMBean.class, new RadioStatus(radio));
        camel.getRegistry().bind("line-health-check", new LineHealthCheck(dataUse, radio));
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
            }

            @Override
            protected void doStop() throws Exception {
                jmx.unregisterAll();
            }
        });
    }
}
