package io.dualmodem.radio;

import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.modem.CamelExecRunner;
import java.time.Clock;
import org.apache.camel.CamelContext;

/**
 * Builds the radio watch the {@code record-radio} route asks every {@code modem.radio-interval}, and has modem control
 * tell it of each switch. On the Pi it asks ModemManager ({@code mmcli}); the simulation has no radio.
 */
public final class RadioWiring {

    private RadioWiring() {
    }

    public static RadioWatch bind(CamelContext camel, RadioSettings settings, boolean simulated, ModemControl control) {
        RadioWatch radio;
        if (simulated) {
            radio = new RadioWatch((modem, at) -> RadioReport.unavailable(at, modem,
                    "no ModemManager: the simulated modems have no radio"), Clock.systemUTC());
        } else {
            Mmcli mmcli = new Mmcli(new CamelExecRunner(camel.createProducerTemplate()), settings.mmcliPath(),
                    settings.timeout());
            radio = new RadioWatch(mmcli::read, Clock.systemUTC());
        }
        camel.getRegistry().bind("radio", radio);
        if (control instanceof ModemControlRunner runner) {
            runner.whenStarted(watch -> watch.addLineListener(radio));
        }
        return radio;
    }
}
