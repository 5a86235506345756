package io.dualmodem.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.FakeRegisters;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Adt7410Test {

    private static FakeRegisters chip() {
        return new FakeRegisters().set(Adt7410.REG_ID, 0xCB);
    }

    @Test
    void sixteenBitConversionsFromTheDatasheetTable() {
        assertEquals(0.0, Adt7410.toCelsius(0x0000, true));
        assertEquals(1.0 / 128, Adt7410.toCelsius(0x0001, true));
        assertEquals(25.0, Adt7410.toCelsius(0x0C80, true));
        assertEquals(150.0, Adt7410.toCelsius(0x4B00, true));
        assertEquals(-1.0 / 128, Adt7410.toCelsius(0xFFFF, true));
        assertEquals(-25.0, Adt7410.toCelsius(0xF380, true));
        assertEquals(-55.0, Adt7410.toCelsius(0xE480, true));
    }

    @Test
    void thirteenBitConversionsIgnoreTheFlagBits() {
        assertEquals(25.0, Adt7410.toCelsius(0x0C80, false));
        assertEquals(0.0625, Adt7410.toCelsius(0x0008 | 0x7, false));
        assertEquals(-0.0625, Adt7410.toCelsius(0xFFF8, false));
        assertEquals(-55.0, Adt7410.toCelsius(0xE480, false));
    }

    @Test
    void openingSelectsSixteenBitModeAndReadsSignedTemperatures() {
        FakeRegisters chip = chip();
        Adt7410 sensor = new Adt7410(chip);
        assertEquals(0x80, chip.registers[Adt7410.REG_CONFIG] & 0xFF);
        chip.set(0x00, 0x0D, 0xF8); // 27.9375 = 3576/128
        assertEquals(27.9375, sensor.readCelsius());
        chip.set(0x00, 0xF3, 0x80);
        assertEquals(-25.0, sensor.readCelsius());
    }

    @Test
    void wrongIdNamesExpectedAndActualValue() {
        FakeRegisters notAnAdt = new FakeRegisters().set(Adt7410.REG_ID, 0x55);
        SensorException e = assertThrows(SensorException.class, () -> new Adt7410(notAnAdt));
        assertTrue(e.getMessage().contains("0x55") && e.getMessage().contains("0xC8"), e.getMessage());
    }

    @Test
    void anyRevisionOfTheChipIsAccepted() {
        for (int id = 0xC8; id <= 0xCF; id++) {
            FakeRegisters chip = new FakeRegisters().set(Adt7410.REG_ID, id).set(0x00, 0x0C, 0x80);
            assertEquals(25.0, new Adt7410(chip).readCelsius(), String.format("ID 0x%02X", id));
        }
    }

    @Test
    void idsOutsideTheAdt7410RangeAreRefusedAndReleaseTheBus() {
        AtomicInteger released = new AtomicInteger();
        int[] ids = {0x00, 0xFF, 0xC0, 0xC7, 0xD0, 0xE8, 0x48};
        for (int id : ids) {
            FakeRegisters chip = new FakeRegisters().set(Adt7410.REG_ID, id);
            assertThrows(SensorException.class, () -> new Adt7410(chip, released::incrementAndGet),
                    String.format("ID 0x%02X", id));
        }
        assertEquals(ids.length, released.get());
    }

    @Test
    void busFailuresBecomeSensorExceptionsAndReleaseTheBus() {
        FakeRegisters chip = chip();
        chip.failing = true;
        AtomicInteger released = new AtomicInteger();
        assertThrows(SensorException.class, () -> new Adt7410(chip, released::incrementAndGet));
        assertEquals(1, released.get());

        chip.failing = false;
        Adt7410 sensor = new Adt7410(chip, released::incrementAndGet);
        chip.failing = true;
        assertThrows(SensorException.class, sensor::readCelsius);
        sensor.close();
        assertEquals(2, released.get());
    }
}
