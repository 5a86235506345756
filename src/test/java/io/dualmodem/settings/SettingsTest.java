package io.dualmodem.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static Settings load(Map<String, String> values) {
        return TestSettings.load(values);
    }

    @Test
    void defaultsFitTheField() {
        Settings s = load(Map.of());
        assertEquals(0x48, s.sensor().i2cAddress());
        assertEquals(1, s.sensor().i2cBus());
        assertEquals("host-1", s.deviceId());
        assertTrue(s.outbox().capacity() * 30 >= 30L * 24 * 3600, "at least 30 days at 30 s");
        assertEquals(Duration.ofMinutes(30), s.link().policy().holdDown());
    }

    @Test
    void quotasAndTheStatusUrl() {
        Settings s = load(Map.of("modem.a.monthly-quota", "500MB", "modem.b.monthly-quota", "1.5GiB",
                "uplink.url", "https://dev:pw@telemetry.example:8443/api/readings?key=k1"));
        assertEquals(500_000_000L, s.dataUse().quota("a"));
        assertEquals(1_610_612_736L, s.dataUse().quota("b"));
        assertEquals("https://telemetry.example:8443/status?key=k1", s.events().target().requestUri(),
                "the readings server's /status, its credentials kept");
        assertEquals("https://***@telemetry.example:8443/status?***", s.events().target().shown());
        assertEquals(0L, load(Map.of()).dataUse().quota("a"), "empty: no quota");
        assertEquals("http://other.example/events", load(Map.of("uplink.status-url", "http://other.example/events"))
                .events().target().requestUri());
    }

    @Test
    void hexAndDecimalAddressesAndUnitsAreRead() {
        Settings s = load(Map.of("sensor.i2c-address", "0x4B", "uplink.retry-initial", "500ms", "uplink.retry-max", "2m"));
        assertEquals(0x4B, s.sensor().i2cAddress());
        assertEquals(Duration.ofMillis(500), s.uplink().retryInitial());
        assertEquals(Duration.ofMinutes(2), s.uplink().retryMax());
        assertEquals(72, load(Map.of("sensor.i2c-address", "72")).sensor().i2cAddress());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "uplink.retry-initial|-5s",
        "uplink.retry-initial|soon",
        "uplink.retry-initial|0s",
        "uplink.retry-max|99999999999999999999s",
        "link.max-switches-per-hour|99999999999999999999",
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
        "modem.a.monthly-quota|lots",
        "modem.b.monthly-quota|0MB",
        "uplink.status-url|ftp://example.invalid/status",
        "outbox.event-capacity|0",
        "link.probe-targets|http://example.com:80",
        "link.probe-targets|:80",
        "link.probe-targets|example.com:0",
        "link.probe-targets|example.com",
        "modem.nmcli|''",
        "modem.mmcli|''",
    })
    void badValuesStopStartUpNamingKeyAndValue(String key, String value) {
        SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(key, value)));
        assertTrue(e.getMessage().startsWith("Invalid setting " + key + "=" + value + ": "), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"modem.state-file", "modem.data-use-file"})
    void aStateFileThatIsEmptyAFolderOrBelowAFileStopsStartUpNamingTheKey(String key, @TempDir Path dir) throws Exception {
        // moved aside as damaged, a folder holding the outbox would take the readings with it
        Files.writeString(dir.resolve("plain"), "x");
        for (String value : new String[] {"", dir.toString(), dir.resolve("plain").resolve("state.json").toString()}) {
            SettingsException e = assertThrows(SettingsException.class, () -> load(Map.of(key, value)));
            assertTrue(e.getMessage().startsWith("Invalid setting " + key + "=" + value + ": "), e.getMessage());
        }
        assertEquals(dir.resolve("new").resolve("state.json"), key.equals("modem.state-file")
                ? load(Map.of(key, dir.resolve("new").resolve("state.json").toString())).modem().stateFile()
                : load(Map.of(key, dir.resolve("new").resolve("state.json").toString())).dataUse().file());
    }

    @Test
    void aKeyThatIsSetButReadByNothingIsNamedAsUnknown() {
        SettingsReader reader = TestSettings.reader(Map.of("sensor.intervall", "10s"));
        Settings.load(reader, "host-1");
        reader.noteRead("sensor.interval"); // a route's placeholder
        SettingsException e = assertThrows(SettingsException.class,
                () -> reader.rejectUnread(Set.of("sensor.intervall", "sensor.interval", "java.home"), Set.of("sensor.")));
        assertTrue(e.getMessage().startsWith("Unknown setting sensor.intervall: nothing reads it (misspelled?). Known sensor.*"
                + " settings: sensor.hwmon-file, sensor.i2c-address, sensor.i2c-bus, sensor.interval, sensor.type"), e.getMessage());
        reader.rejectUnread(Set.of("sensor.interval", "sensor.type", "java.home"), Set.of("sensor."));
    }

    @Test
    void everyDefaultComesFromThePackagedFile() {
        SettingsReader empty = new SettingsReader(key -> java.util.Optional.empty());
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.load(empty, "host-1"));
        assertTrue(e.getMessage().endsWith("is missing: the packaged application.properties must give every setting a default"),
                e.getMessage());
    }

    @Test
    void theDeviceIdIsTheKernelsHostNameUnlessSet(@TempDir Path dir) throws Exception {
        Path kernel = Files.writeString(dir.resolve("hostname"), "field-box-7\n");
        assertEquals("field-box-7", Settings.hostname(kernel));
        assertEquals("field-box-7", Settings.load(TestSettings.reader(Map.of()), Settings.hostname(kernel)).deviceId());
        assertEquals("box-a", Settings.load(TestSettings.reader(Map.of("device.id", "box-a")), "field-box-7").deviceId());
    }

    @Test
    void anUnreadableHostNameAndNoDeviceIdStopStartUpNamingTheKey(@TempDir Path dir) {
        String none = Settings.hostname(dir.resolve("absent"));
        assertEquals("", none);
        SettingsException e = assertThrows(SettingsException.class, () -> Settings.load(TestSettings.reader(Map.of()), none));
        assertTrue(e.getMessage().startsWith("Invalid setting device.id=: empty, and the host name cannot be read"),
                e.getMessage());
    }
}
