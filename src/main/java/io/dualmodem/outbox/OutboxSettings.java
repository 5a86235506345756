package io.dualmodem.outbox;

import java.nio.file.Path;

/** Where readings wait and how many may wait before the oldest are dropped. */
public record OutboxSettings(Path path, long capacity) {
}
