package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.SwitchRecord;
import java.util.List;

/** {@link ModemsMBean} over the link watch, which carries out every modem action in turn. */
public class ModemsStatus implements ModemsMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=Modems";

    private final LinkWatch watch;
    private final ModemSwitch modems;

    public ModemsStatus(LinkWatch watch) {
        this.watch = watch;
        this.modems = watch.modems();
    }

    @Override
    public String getActiveModem() {
        return modems.active().map(m -> m.id() + " (" + m.board().name() + ", " + m.profile().name() + ")").orElse(null);
    }

    @Override
    public String getPrimaryModem() {
        return watch.policy().primary();
    }

    @Override
    public String getLastSwitch() {
        List<SwitchRecord> history = modems.state().history();
        return history.isEmpty() ? null : history.get(history.size() - 1).summary();
    }

    @Override
    public String[] getSwitchHistory() {
        return modems.state().history().stream().map(SwitchRecord::summary).toArray(String[]::new);
    }

    @Override
    public String getStateFileError() {
        return modems.state().writeError();
    }

    @Override
    public String switchNow() {
        return watch.switchNow().text();
    }

    @Override
    public String switchTo(String modem) {
        return watch.switchTo(modem).text();
    }
}
