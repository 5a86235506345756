package io.dualmodem.datause;

/**
 * A SIM as data use is counted for it: the board it sits in and what tells it apart there — its ICCID
 * ({@code modem.X.sim-id}) when configured, else the board's NetworkManager profile, which binds the SIM's carrier.
 * Putting another SIM (or another profile) in a board starts a new count; the old one stays in the history.
 *
 * @param quota bytes a month, 0 for none ({@code modem.X.monthly-quota})
 */
public record Sim(String board, String key, long quota) {

    public static Sim of(String board, String profile, String simId, long quota) {
        return new Sim(board, board + ":" + (simId == null || simId.isEmpty() ? profile : simId), quota);
    }
}
