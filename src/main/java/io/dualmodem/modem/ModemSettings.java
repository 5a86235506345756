package io.dualmodem.modem;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The two modems: whether they are controlled at all, which NetworkManager to drive ({@code auto},
 * {@code nmcli} or {@code simulated}), which board is the primary, and the bounds of power
 * sequences and nmcli calls, and how often modem control that could not start is tried again.
 */
public record ModemSettings(boolean enabled, String network, String primary, List<BoardConfig> boards, PowerTiming timing,
                            String nmcliPath, Duration nmcliTimeout, Duration activationTimeout, Duration deviceTimeout,
                            Path stateFile, Duration retryUnavailable) {

    public String secondary() {
        return boards.stream().map(BoardConfig::id).filter(id -> !id.equals(primary)).findFirst().orElseThrow();
    }
}
