package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.SwitchRecord;
import java.util.List;

/** {@link ModemsMBean} over the modem switch. */
public class ModemsStatus implements ModemsMBean {

    public static final String OBJECT_NAME = "io.dualmodem:type=Modems";

    private final ModemSwitch modems;
    private final LinkWatch linkWatch;

    public ModemsStatus(ModemSwitch modems, LinkWatch linkWatch) {
        this.modems = modems;
        this.linkWatch = linkWatch;
    }

    @Override
    public String getActiveModem() {
        return modems.active().map(m -> m.id() + " (" + m.board().name() + ", " + m.profile().name() + ")").orElse(null);
    }

    @Override
    public String getPrimaryModem() {
        return modems.modems().stream().filter(Modem::primary).map(Modem::id).findFirst().orElse(null);
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
    public String switchNow() {
        Modem active = modems.active().orElse(null);
        Modem target = active == null ? modems.modems().get(0) : modems.other(active);
        return switchTo(target.id());
    }

    @Override
    public String switchTo(String modem) {
        try {
            modems.modem(modem);
            return linkWatch.operatorSwitch(modem).summary();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        } catch (Exception e) {
            return "switch failed: " + e;
        }
    }
}
