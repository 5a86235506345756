package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.failover.ModemControl;
import io.dualmodem.outbox.Outbox;
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
                            Uploader uploader, ModemControl modems) throws Exception {
        JmxBeans jmx = new JmxBeans().add(TelemetryStatus.OBJECT_NAME, TelemetryStatusMBean.class,
                new TelemetryStatus(simulated, sampler, outbox, uploader));
        if (modems instanceof LinkWatch watch) {
            jmx.add(ModemsStatus.OBJECT_NAME, ModemsMBean.class, new ModemsStatus(watch));
            jmx.add(FailoverStatus.OBJECT_NAME, FailoverStatusMBean.class, new FailoverStatus(watch));
            watch.modems().modems().forEach(m -> jmx.add(ModemBoardStatus.objectName(m), ModemBoardMBean.class,
                    new ModemBoardStatus(m, watch)));
        }
        // Camel's health registry picks up HealthCheck beans
        camel.getRegistry().bind("uplink-health-check",
                new UplinkHealthCheck(outbox, uploader, modems, settings.healthStaleAfter(), Clock.systemUTC()));
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
