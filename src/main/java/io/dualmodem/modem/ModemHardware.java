package io.dualmodem.modem;

import java.net.InetAddress;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;

/**
 * What modem control runs on: each board's GPIO lines, NetworkManager, its device events, and the
 * address a probe leaves from (null: let routing choose; the simulation sends from the active
 * simulated modem's address).
 */
public record ModemHardware(Function<BoardConfig, BoardLines> boards, NetworkManager network, DeviceEvents events,
                            Supplier<InetAddress> sourceAddress) {

    /** NetworkManager through nmcli (camel-exec), its events from {@code nmcli device monitor}. */
    public static ModemHardware nmcli(CamelContext camel, ModemSettings settings, Function<BoardConfig, BoardLines> boards) {
        Nmcli nmcli = new Nmcli(new CamelExecRunner(camel.createProducerTemplate()), settings.nmcliPath(),
                settings.nmcliTimeout(), settings.activationTimeout());
        return new ModemHardware(boards, nmcli, nmcli.monitor(), () -> null);
    }
}
