package io.dualmodem.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.sim.SimulatedAdt7410;
import io.dualmodem.testing.VirtualTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void missingSensorGivesErrorSamplesAndIsOpenedAgainLater() {
        SimulatedAdt7410 chip = new SimulatedAdt7410(clock, 1);
        chip.unplug();
        AtomicInteger opens = new AtomicInteger();
        Sampler sampler = new Sampler(() -> {
            opens.incrementAndGet();
            return new Adt7410(chip);
        }, clock, () -> true, true);

        Sample first = sampler.sample();
        Sample second = sampler.sample();
        assertTrue(first.isError() && second.isError());
        assertTrue(first.error().contains("no ACK"), first.error());
        assertEquals(2, sampler.errorCount());

        chip.plugIn();
        Sample third = sampler.sample();
        assertFalse(third.isError());
        assertEquals(3, opens.get());
        assertEquals(chip.trueCelsius(), third.celsius(), 1.0 / 128);
        assertTrue(third.simulated());
    }

    @Test
    void sensorFailingMidRunIsReopenedAndChecked() {
        SimulatedAdt7410 chip = new SimulatedAdt7410(clock, 1);
        AtomicInteger opens = new AtomicInteger();
        Sampler sampler = new Sampler(() -> {
            opens.incrementAndGet();
            return new Adt7410(chip);
        }, clock, () -> true, false);
        assertFalse(sampler.sample().isError());
        chip.unplug();
        assertTrue(sampler.sample().isError());
        chip.plugIn();
        assertFalse(sampler.sample().isError());
        assertEquals(2, opens.get());
        assertEquals(1, sampler.errorCount());
    }

    @Test
    void simulatedTemperatureVariesSlowlyAndPlausibly() {
        VirtualTime time = new VirtualTime("2026-11-23T00:00:00Z");
        SimulatedAdt7410 chip = new SimulatedAdt7410(time, 7);
        Adt7410 sensor = new Adt7410(chip);
        double previous = sensor.readCelsius();
        double min = previous;
        double max = previous;
        for (int i = 0; i < 2 * 24 * 120; i++) { // two days at 30 s
            time.advance(Duration.ofSeconds(30));
            double now = sensor.readCelsius();
            assertTrue(Math.abs(now - previous) < 0.5, "jump from " + previous + " to " + now);
            min = Math.min(min, now);
            max = Math.max(max, now);
            previous = now;
        }
        assertTrue(min > 10 && max < 32, min + ".." + max);
        assertTrue(max - min > 4, "a daily cycle is visible: " + min + ".." + max);
    }

    @Test
    void simulatedChipHonoursThirteenBitMode() {
        SimulatedAdt7410 chip = new SimulatedAdt7410(clock, 3);
        // power-on default is 13-bit: the low three flag bits read zero and 1 LSB is 1/16 °C
        byte[] raw = new byte[2];
        chip.readRegister(0x00, raw, 0, 2);
        int word = (raw[0] & 0xFF) << 8 | (raw[1] & 0xFF);
        assertEquals(0, word & 0x7);
        assertEquals(chip.trueCelsius(), Adt7410.toCelsius(word, false), 1.0 / 16);
        assertEquals(0xCB, chip.readRegister(0x0B) & 0xFF);
    }

    @Test
    void samplesTakenBeforeTheClockIsSynchronizedAreMarkedWithTheirMonotonicTime() {
        SimulatedAdt7410 chip = new SimulatedAdt7410(clock, 1);
        java.util.concurrent.atomic.AtomicBoolean synced = new java.util.concurrent.atomic.AtomicBoolean();
        Sampler sampler = new Sampler(() -> new Adt7410(chip), clock, synced::get, false);
        Sample before = sampler.sample();
        synced.set(true);
        Sample after = sampler.sample();
        synced.set(false); // once synchronized, a later doubt of the check does not unmark readings
        Sample later = sampler.sample();
        assertFalse(before.clockSynced());
        assertTrue(after.clockSynced() && later.clockSynced());
        assertTrue(before.monotonicNanos() < after.monotonicNanos() && after.monotonicNanos() < later.monotonicNanos());
    }
}
