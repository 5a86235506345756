package io.dualmodem.outbox;

import java.nio.file.Path;

/**
 * Where readings wait, how many may wait before the oldest are dropped, and how many readings the server
 * rejected are kept in quarantine before the oldest of those are dropped.
 */
public record OutboxSettings(Path path, long capacity, long quarantineCapacity) {
}
