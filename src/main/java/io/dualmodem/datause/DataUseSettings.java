package io.dualmodem.datause;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Data use: where the counts are kept, how often they are saved, and each board's monthly quota in bytes (0: none).
 * How often the counters are read is the route's ({@code modem.data-use-interval}).
 */
public record DataUseSettings(Path file, Duration saveEvery, Map<String, Long> quotas) {

    public long quota(String board) {
        return quotas.getOrDefault(board, 0L);
    }
}
