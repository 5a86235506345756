package io.dualmodem.ops;

import io.dualmodem.failover.LinkWatch;
import io.dualmodem.modem.Modem;
import java.util.Objects;

/** {@link ModemBoardMBean} over one board; its power cycle is carried out by the link watch, in turn. */
public class ModemBoardStatus implements ModemBoardMBean {

    private final Modem modem;
    private final LinkWatch watch;

    public ModemBoardStatus(Modem modem, LinkWatch watch) {
        this.modem = modem;
        this.watch = watch;
    }

    public static String objectName(Modem modem) {
        return "io.dualmodem:type=ModemBoard,name=" + modem.id();
    }

    @Override
    public String getBoard() {
        return modem.board().name() + (modem.primary() ? " (primary)" : " (secondary)");
    }

    @Override
    public boolean isStatusOn() {
        return modem.board().isOn();
    }

    @Override
    public String getLastStep() {
        return Objects.toString(modem.board().lastStep(), null);
    }

    @Override
    public String getLastPowerSequence() {
        return Objects.toString(modem.board().lastResult(), null);
    }

    @Override
    public int getFailures() {
        return modem.board().failures();
    }

    @Override
    public String powerCycle() {
        return watch.powerCycle(modem.id()).text();
    }
}
