package io.dualmodem.modem;

/**
 * The three GPIO lines of one 3GPi board: POWER and RESET are outputs (high = pressing the
 * module's PWRKEY / RESET), STATUS is an input (high = module on).
 */
public interface BoardLines extends AutoCloseable {

    void power(boolean high);

    void reset(boolean high);

    boolean status();

    /** Releases the lines with both outputs low, so the module's power state does not change. */
    @Override
    void close();
}
