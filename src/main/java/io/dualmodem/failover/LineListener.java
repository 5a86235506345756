package io.dualmodem.failover;

import io.dualmodem.modem.SwitchRecord;
import java.util.Optional;

/**
 * Told by the {@link LinkWatch}, on its worker, around each change of line: a switch, a power cycle, the start-up
 * restore. A listener must return soon and must not throw (what it throws is logged and ignored).
 */
public interface LineListener {

    /** Before the modems are touched: the old line is still up (as far as it was). */
    void beforeSwitch();

    /**
     * After it: the active modem (null when none), the device its profile is up on (null when none), and what
     * happened (empty when the start-up restore found the line already up).
     */
    void lineChanged(String modem, String device, Optional<SwitchRecord> record);
}
