package io.dualmodem.radio;

import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.modem.CamelExecRunner;
import java.time.Clock;
import org.apache.camel.CamelContext;

/**
 * Builds the radio watch the {@code record-radio} route asks every {@code modem.radio-interval}; modem control tells
 * it of each switch ({@link #followSwitches}). On the Pi it asks ModemManager ({@code mmcli}); the simulation has no radio.
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
        return radio;
    }

    /**
     * Has modem control tell the radio watch of each switch; called after the event log follows switches, so a
     * switch's event comes before the radio report taken after it.
     */
    public static void followSwitches(ModemControl control, RadioWatch radio) {
        if (control instanceof ModemControlRunner runner) {
            runner.whenStarted(watch -> watch.addLineListener(radio));
        }
    }
}
