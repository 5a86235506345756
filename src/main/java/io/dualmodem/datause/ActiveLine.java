package io.dualmodem.datause;

import io.dualmodem.failover.LineListener;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.SwitchRecord;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the data-use meter at the active modem's IP interface: it reads the old line once more before a switch,
 * and asks NetworkManager for the new line's interface ({@code GENERAL.IP-IFACE}) after it, and again at each count
 * while it cannot say.
 */
public final class ActiveLine implements LineListener {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveLine.class);

    private final DataUse dataUse;
    private final NetworkManager network;

    public ActiveLine(DataUse dataUse, NetworkManager network) {
        this.dataUse = dataUse;
        this.network = network;
    }

    @Override
    public void beforeSwitch() {
        dataUse.switchStarts();
    }

    @Override
    public void lineChanged(String modem, String device, Optional<SwitchRecord> record) {
        if (device == null) {
            dataUse.lineIs(modem, null);
            return;
        }
        Supplier<String> find = () -> network.ipInterface(device).orElse(null);
        try {
            String iface = find.get();
            if (iface != null) {
                dataUse.lineIs(modem, iface);
                return;
            }
        } catch (RuntimeException e) {
            LOG.warn("Data use: cannot ask NetworkManager for the IP interface of {} ({}); asked again at each count", device,
                    e.getMessage());
        }
        // right after an activation NetworkManager may be busy, or not have the interface yet
        dataUse.lineAwaitsInterface(modem, find);
    }
}
