package io.dualmodem.datause;

import io.dualmodem.failover.ModemControl;
import io.dualmodem.failover.ModemControlRunner;
import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.time.Boot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Builds the data-use meter the {@code count-data-use} route reads every {@code modem.data-use-interval}, and points
 * it at the active modem's interface whenever modem control changes the line.
 *
 * <p>Months are calendar months of the system's time zone (the Pi's {@code /etc/timezone}; {@code -Duser.timezone}
 * overrides it): carriers bill by the calendar month where the SIM is sold (SORACOM's Japan coverage and SoftBank in
 * JST), and an operator sets the Pi's zone where it stands.
 */
public final class DataUseWiring {

    private DataUseWiring() {
    }

    public static DataUse bind(CamelContext camel, DataUseSettings settings, List<BoardConfig> boards, ModemControl control,
                               NetworkManager network, BooleanSupplier clockSynced, Clock monotonic) throws Exception {
        List<Sim> sims = boards.stream().map(b -> Sim.of(b.id(), b.profile().name(), simId(b),
                settings.quota(b.id()))).toList();
        DataUse dataUse = new DataUse(sims, new InterfaceCounters(Path.of("/sys/class/net")),
                new DataUseFile(settings.file()), Clock.systemUTC(), ZoneId.systemDefault(), clockSynced, monotonic,
                settings.saveEvery(), Boot.id());
        camel.getRegistry().bind("dataUse", dataUse);
        if (control instanceof ModemControlRunner runner) {
            runner.whenStarted(watch -> watch.addLineListener(new ActiveLine(dataUse, network)));
        } else {
            dataUse.noLine("modem control is off");
        }
        camel.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataUse.close();
            }
        });
        return dataUse;
    }

    /** The ICCID the board's profile is bound to, if configured. */
    private static String simId(BoardConfig board) {
        List<String> settings = board.profile().settings();
        int at = settings.indexOf("gsm.sim-id");
        return at >= 0 && at + 1 < settings.size() ? settings.get(at + 1) : "";
    }
}
