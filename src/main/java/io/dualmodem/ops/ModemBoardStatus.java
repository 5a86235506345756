package io.dualmodem.ops;

import io.dualmodem.modem.Modem;
import java.util.Objects;

/** {@link ModemBoardMBean} over one board. */
public class ModemBoardStatus implements ModemBoardMBean {

    private final Modem modem;

    public ModemBoardStatus(Modem modem) {
        this.modem = modem;
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
        try {
            return modem.board().powerCycle().toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
