package io.dualmodem.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dualmodem.outbox.Reading;
import io.dualmodem.outbox.ReadingIds;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PayloadTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00.123Z");
    private static final String ID_1 = "9426f2dc-abef-46b7-bba6-a8beed4b5bfb";
    private static final String ID_2 = "00000000-0000-0000-0000-000000000001";
    private static final String ID_3 = "ffffffff-ffff-ffff-ffff-fffffffffffe";

    @Test
    void readingsAreArraysWithShortIdsAndDifferencesToTheReadingBefore() {
        String json = new String(Payload.write("pi-1", List.of(
                new Reading(41, ID_1, "pi-1", T, 20.5, null, false, true),
                new Reading(42, ID_2, "pi-1", T.plusMillis(30_001), null, "no ACK", false, true),
                new Reading(45, ID_3, "pi-1", T.plusMillis(60_000), 21.0078125, null, false, true))), StandardCharsets.UTF_8);
        assertEquals("{\"device\":\"pi-1\",\"readings\":["
                + "[\"lCby3KvvRre7pqi-7Utb-w\",41,1795514400123,20.5],"
                + "[\"AAAAAAAAAAAAAAAAAAAAAQ\",1,30001,null,\"no ACK\"],"
                + "[\"_____________________g\",3,29999,21.008]]}", json);
    }

    @Test
    void temperaturesGoToTheMillidegreeAndTheSensorsStepsComeBackExactly() throws IOException {
        assertEquals("21.008", Payload.celsius(21.0078125));
        assertEquals("-7.063", Payload.celsius(-7.0625 - 1.0 / 2048));
        assertEquals("25", Payload.celsius(25.0));
        assertEquals("0", Payload.celsius(-0.0001));
        assertEquals("150.123", Payload.celsius(150.123));   // a kernel hwmon value, whole millidegrees
        for (int step = -55 * 128; step <= 150 * 128; step++) {   // every ADT7410 value in 1/128 °C, its whole range
            Reading sent = new Reading(1, ID_1, "vm", T, step / 128.0, null, false, true);
            double back = Payload.read(Payload.write("vm", List.of(sent))).get(0).celsius();
            assertEquals(step, Math.round(back * 128), step + "/128 °C came back as " + back);
        }
    }

    @Test
    void aTemperatureThatIsNoNumberStillMakesAJsonBody() throws IOException {
        List<Reading> back = Payload.read(Payload.write("vm", List.of(new Reading(1, ID_1, "vm", T, Double.NaN, null, false, true),
                new Reading(2, ID_2, "vm", T.plusMillis(30_000), 21.5, null, false, true))));
        assertEquals(2, back.size());
        assertEquals(null, back.get(0).celsius());
        assertEquals(21.5, back.get(1).celsius());
    }

    @Test
    void aBatchOfSimulatedReadingsWithUnsynchronizedTimesSaysSoOnce() {
        String json = new String(Payload.write("vm", List.of(new Reading(1, ID_1, "vm", T, 20.5, null, true, false),
                new Reading(2, ID_2, "vm", T, 20.5, null, true, false))), StandardCharsets.UTF_8);
        assertEquals("{\"device\":\"vm\",\"sim\":1,\"unsynced\":1,\"readings\":["
                + "[\"lCby3KvvRre7pqi-7Utb-w\",1,1795514400123,20.5],[\"AAAAAAAAAAAAAAAAAAAAAQ\",1,0,20.5]]}", json);
    }

    @Test
    void whatIsWrittenReadsBackAsTheSameReadings() throws IOException {
        List<Reading> sent = List.of(new Reading(7, ID_1, "vm", T, 19.25, null, true, true),
                new Reading(8, ID_2, "vm", T.plusSeconds(30), -3.5, null, true, true),
                new Reading(10, ID_3, "vm", T.minusSeconds(3), null, "sensor said \"no\"", true, true));
        assertEquals(sent, Payload.read(Payload.write("vm", sent)));
    }

    @Test
    void anIdThatIsTheOneBeforePlusOneIsLeftOutAndComesBack() throws IOException {
        ReadingIds run = new ReadingIds();
        String a = run.newId();
        String b = run.newId();
        run.newId();   // a reading that was dropped: the next id is written again
        String d = run.newId();
        String e = run.newId();
        String other = new ReadingIds().newId();   // a reading of the run before
        List<Reading> sent = List.of(new Reading(7, other, "vm", T, 19.5, null, true, true),
                new Reading(8, a, "vm", T.plusSeconds(30), 19.5, null, true, true),
                new Reading(9, b, "vm", T.plusSeconds(60), null, "no ACK", true, true),
                new Reading(11, d, "vm", T.plusSeconds(120), 20.0, null, true, true),
                new Reading(12, e, "vm", T.plusSeconds(150), 20.25, null, true, true));
        String json = new String(Payload.write("vm", sent), StandardCharsets.UTF_8);
        assertEquals("{\"device\":\"vm\",\"sim\":1,\"readings\":[[\"" + Payload.id(other) + "\",7,1795514400123,19.5],"
                + "[\"" + Payload.id(a) + "\",1,30000,19.5],[1,30000,null,\"no ACK\"],"
                + "[\"" + Payload.id(d) + "\",2,60000,20],[1,30000,20.25]]}", json);
        assertEquals(sent, Payload.read(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRunsIdsAreVersion4UuidsCountingUpAndAnotherRunsDiffer() {
        ReadingIds run = new ReadingIds();
        UUID first = UUID.fromString(run.newId());
        UUID second = UUID.fromString(run.newId());
        assertEquals(4, first.version());
        assertEquals(2, first.variant());
        assertEquals(ReadingIds.next(first), second);
        assertNotEquals(first.getMostSignificantBits(), UUID.fromString(new ReadingIds().newId()).getMostSignificantBits());
    }

    @Test
    void aFirstReadingWithoutItsIdIsRefused() {
        assertThrows(IOException.class, () -> Payload.read("{\"device\":\"x\",\"readings\":[[1,2,3]]}"
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aBatchIsOfOneKind() {
        Reading real = new Reading(1, ID_1, "vm", T, 20.0, null, false, true);
        assertThrows(IllegalArgumentException.class, () -> Payload.write("vm", List.of(real,
                new Reading(2, ID_2, "vm", T, 20.0, null, true, true))));
        assertThrows(IllegalArgumentException.class, () -> Payload.write("vm", List.of(real,
                new Reading(2, ID_2, "vm", T, 20.0, null, false, false))));
    }

    @Test
    void aBodyThatIsNoUploadIsRefused() {
        assertThrows(IOException.class, () -> Payload.read("{\"device\":\"x\",\"readings\":[[\"short\",1,2,3]]}"
                .getBytes(StandardCharsets.UTF_8)));
        assertThrows(IOException.class, () -> Payload.read("[]".getBytes(StandardCharsets.UTF_8)));
    }
}
