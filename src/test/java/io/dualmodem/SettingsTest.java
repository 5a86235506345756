package io.dualmodem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static Settings load(Map<String, String> values) {
        return Settings.load(key -> Optional.ofNullable(values.get(key)), values.keySet(), "host-1");
    }

    @Test
    void defaultsFitTheField() {
        Settings s = load(Map.of());
        assertEquals(Duration.ofSeconds(30), s.sensorInterval());
        assertEquals(0x48, s.i2cAddress());
        assertEquals(1, s.i2cBus());
        assertEquals("host-1", s.deviceId());
        assertTrue(s.outboxCapacity() * 30 >= 30L * 24 * 3600, "at least 30 days at 30 s");
    }

    @Test
    void hexAndDecimalAddressesAndUnitsAreRead() {
        Settings s = load(Map.of("sensor.i2c-address", "0x4B", "sensor.interval", "500ms", "uplink.retry-max", "2m"));
        assertEquals(0x4B, s.i2cAddress());
        assertEquals(Duration.ofMillis(500), s.sensorInterval());
        assertEquals(Duration.ofMinutes(2), s.retryMax());
        assertEquals(72, load(Map.of("sensor.i2c-address", "72")).i2cAddress());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sensor.interval|-5s",
        "sensor.interval|soon",
        "sensor.interval|0s",
        "sensor.i2c-address|0x90",
        "sensor.i2c-address|0x02",
        "sensor.i2c-bus|one",
        "sensor.type|bmp280",
        "hardware.mode|maybe",
        "uplink.url|ftp://example.invalid/x",
        "uplink.url|not a url",
        "uplink.batch-size|0",
        "outbox.capacity|-1",
        "device.id|a b",
    })
    void badValuesStopStartUpNamingKeyAndValue(String key, String value) {
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith("Invalid setting " + key + "=" + value + ": "), e.getMessage());
    }

    @Test
    void misspelledKeyIsNamed() {
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of("sensor.intervall", "10s")));
        assertTrue(e.getMessage().contains("Unknown setting sensor.intervall"), e.getMessage());
    }
}
