package io.dualmodem.ops;

import io.dualmodem.datause.DataUse;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.outbox.Outbox;
import io.dualmodem.radio.RadioWatch;
import io.dualmodem.sensor.Sampler;
import io.dualmodem.uplink.Uploader;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/** Registers what an operator sees: the MBeans while the application runs, and the uplink readiness check. */
public final class OpsWiring {

    private OpsWiring() {
    }

    public static void bind(CamelContext camel, OpsSettings settings, boolean simulated, Sampler sampler, Outbox outbox,
                            Uploader uploader, ModemControl modems, Clock clock) throws Exception {
        JmxBeans jmx = new JmxBeans().add(TelemetryStatus.OBJECT_NAME, TelemetryStatusMBean.class,
                new TelemetryStatus(simulated, sampler, outbox, uploader, modems));
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
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStart() throws Exception {
                jmx.registerAll();
                modemBeans.registerAll();
            }

            @Override
            protected void doStop() throws Exception {
                jmx.unregisterAll();
                modemBeans.unregisterAll();
            }
        });
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
