package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dualmodem.outbox.Reading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadTest {

    @Test
    void aReadingWhoseTimeComesFromAnUnsynchronizedClockSaysSo() {
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        String json = Payload.toJson("pi-1", List.of(new Reading(1, "id-1", "pi-1", t, 20.5, null, false, true),
                new Reading(2, "id-2", "pi-1", t, null, "no ACK", false, false)));
        assertEquals("{\"device\":\"pi-1\",\"readings\":["
                + "{\"id\":\"id-1\",\"seq\":1,\"time\":\"2026-11-24T10:00:00Z\",\"celsius\":20.5},"
                + "{\"id\":\"id-2\",\"seq\":2,\"time\":\"2026-11-24T10:00:00Z\",\"error\":\"no ACK\",\"clock\":\"unsynced\"}]}",
                json);
    }
}
