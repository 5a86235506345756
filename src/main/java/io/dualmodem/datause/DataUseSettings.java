package io.dualmodem.datause;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Data use: where the counts are kept, how often they are saved, each board's monthly quota in bytes (0: none), and
 * how long readings may wait on the secondary's line once its SIM has used its quota.
 * How often the counters are read is the route's ({@code modem.data-use-interval}).
 */
public record DataUseSettings(Path file, Duration saveEvery, Map<String, Long> quotas, Duration overQuotaDelay) {

    public long quota(String board) {
        return quotas.getOrDefault(board, 0L);
    }
}
