package io.dualmodem.radio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.VirtualTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When the radio is recorded, for which modem, and how "no ModemManager" is said: once, at INFO. */
class RadioWatchTest {

    private final VirtualTime wall = new VirtualTime("2026-12-07T00:00:00Z");
    private final List<String> asked = new ArrayList<>();

    @Test
    void recordsAfterEachSwitchForTheNewModemAndOnTheClock() {
        RadioWatch radio = new RadioWatch((modem, at) -> {
            asked.add(modem + "@" + at);
            return new RadioReport(at, modem, 50, true, List.of("umts"), "NTT DOCOMO", "44010", "connected", null);
        }, wall);
        List<RadioReport> heard = new ArrayList<>();
        radio.onReport(heard::add);
        radio.record();
        assertTrue(asked.isEmpty(), "no modem is active yet: nothing to ask");
        radio.lineChanged("a", "ttyUSB3", Optional.empty());
        radio.lineChanged("b", "ttyUSB5", Optional.empty());
        wall.advance(java.time.Duration.ofMinutes(15));
        radio.record(); // the record-radio route
        radio.lineChanged(null, null, Optional.empty()); // both lines down
        radio.record();
        assertEquals(List.of("a@2026-12-07T00:00:00Z", "b@2026-12-07T00:00:00Z", "b@2026-12-07T00:15:00Z"), asked);
        assertEquals(3, heard.size());
        assertEquals(heard, radio.history());
    }

    @Test
    void noModemManagerIsOneInfoLineNoMatterHowOftenAsked() {
        try (CapturedLog log = CapturedLog.of(RadioWatch.class)) {
            RadioWatch radio = new RadioWatch((modem, at) -> RadioReport.unavailable(at, modem,
                    "no ModemManager: it is not running"), wall);
            radio.lineChanged("a", "ttyUSB3", Optional.empty());
            for (int i = 0; i < 5; i++) {
                radio.record();
            }
            assertEquals(1, log.at(Level.INFO).size());
            assertEquals("Signal and carrier are not recorded: no ModemManager: it is not running",
                    log.at(Level.INFO).get(0).getFormattedMessage());
            assertTrue(log.at(Level.WARN).isEmpty() && log.at(Level.ERROR).isEmpty());
            assertEquals("no ModemManager: it is not running", radio.last().orElseThrow().unavailable());
        }
    }
}
