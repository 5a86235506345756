package io.dualmodem.outbox;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ids of the readings stored from one start of the application: random version-4 UUIDs whose last 48 bits (the
 * "node" field) count up from zero, so the readings of one run have consecutive ids and a batch can leave out every id
 * that is the one before it plus one ({@link #next}). Unique as the readings' ids must be: within a run by the
 * counter, across runs, outbox files and devices by the 74 random bits of the base, drawn afresh at every start.
 */
public final class ReadingIds {

    private static final long COUNTER = (1L << 48) - 1;

    private final UUID base;
    private final AtomicLong count = new AtomicLong();

    public ReadingIds() {
        UUID random = UUID.randomUUID();
        base = new UUID(random.getMostSignificantBits(), random.getLeastSignificantBits() & ~COUNTER);
    }

    /** A new id, one more than the last one given. */
    public String newId() {
        return new UUID(base.getMostSignificantBits(), base.getLeastSignificantBits() | (count.getAndIncrement() & COUNTER))
                .toString();
    }

    /** The id that follows {@code id} in its run: its last 48 bits plus one. */
    public static UUID next(UUID id) {
        long counter = (id.getLeastSignificantBits() & COUNTER) + 1;
        return new UUID(id.getMostSignificantBits(), (id.getLeastSignificantBits() & ~COUNTER) | (counter & COUNTER));
    }
}
