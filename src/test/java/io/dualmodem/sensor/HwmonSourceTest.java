package io.dualmodem.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sensor.type=hwmon on a Pi: /sys/class/hwmon holds links to the devices' folders, numbered in the order their drivers
 * probed. Modelled here with real files and links as a Pi 4 with the kernel's adt7410 driver shows them.
 */
class HwmonSourceTest {

    @TempDir
    Path sys;

    private Path hwmonClass() {
        return sys.resolve("class/hwmon");
    }

    /** A hwmon device: its folder under devices, its link in class/hwmon, its name and, if given, its temperature. */
    private Path device(String hwmon, String folder, String name, String millidegrees) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("devices").resolve(folder).resolve("hwmon").resolve(hwmon));
        Files.writeString(dir.resolve("name"), name + "\n");
        if (millidegrees != null) {
            Files.writeString(dir.resolve("temp1_input"), millidegrees + "\n");
        }
        Files.createDirectories(hwmonClass());
        Files.createSymbolicLink(hwmonClass().resolve(hwmon), dir);
        return dir;
    }

    @Test
    void withNoFileSetItReadsTheAdt7410DriversDeviceNotTheCpuSensorBeforeIt() throws IOException {
        device("hwmon0", "virtual/thermal/thermal_zone0", "cpu_thermal", "51540");
        device("hwmon1", "platform/soc/soc:firmware/raspberrypi-hwmon", "rpi_volt", null);
        device("hwmon2", "platform/soc/fe804000.i2c/i2c-1/1-0048", "adt7410", "21023");

        assertEquals(21.023, HwmonSource.open(hwmonClass(), Optional.empty()).readCelsius());
    }

    @Test
    void onAnOlderKernelTheNameIsFoundOnTheI2cDevice() throws IOException {
        device("hwmon0", "virtual/thermal/thermal_zone0", "cpu_thermal", "51540");
        Path adt = Files.createDirectories(sys.resolve("devices/platform/soc/3f804000.i2c/i2c-1/1-0048"));
        Files.writeString(adt.resolve("name"), "adt7410\n");
        Path hwmon1 = Files.createDirectories(adt.resolve("hwmon/hwmon1"));
        Files.writeString(hwmon1.resolve("temp1_input"), "-5500\n");
        Files.createSymbolicLink(hwmon1.resolve("device"), adt);
        Files.createSymbolicLink(hwmonClass().resolve("hwmon1"), hwmon1);

        assertEquals(-5.5, HwmonSource.open(hwmonClass(), Optional.empty()).readCelsius());
    }

    @Test
    void withoutTheDriverItSaysWhatToDoAndFindsTheDeviceOnceTheDriverIsLoaded() throws IOException {
        device("hwmon0", "virtual/thermal/thermal_zone0", "cpu_thermal", "51540");

        SensorException none = assertThrows(SensorException.class, () -> HwmonSource.open(hwmonClass(), Optional.empty()));
        assertTrue(none.getMessage().contains("no hwmon device named adt7410") && none.getMessage().contains("sensor.hwmon-file"),
                none.getMessage());

        device("hwmon1", "platform/soc/fe804000.i2c/i2c-1/1-0048", "adt7410", "20500");
        assertEquals(20.5, HwmonSource.open(hwmonClass(), Optional.empty()).readCelsius());
    }

    @Test
    void aFileSetIsReadWhateverItsDeviceIsCalled() throws IOException {
        Path lm75 = device("hwmon3", "platform/soc/fe804000.i2c/i2c-1/1-0049", "lm75", "19000");
        device("hwmon2", "platform/soc/fe804000.i2c/i2c-1/1-0048", "adt7410", "21023");

        assertEquals(19.0, HwmonSource.open(hwmonClass(), Optional.of(lm75.resolve("temp1_input"))).readCelsius());
    }

    @Test
    void readsMillidegreesAsTheKernelWritesThem() throws Exception {
        Path input = sys.resolve("temp1_input");
        Files.writeString(input, "27937\n");
        assertEquals(27.937, HwmonSource.open(hwmonClass(), Optional.of(input)).readCelsius(), 1e-9);
        Files.writeString(input, "-5125\n");
        assertEquals(-5.125, HwmonSource.open(hwmonClass(), Optional.of(input)).readCelsius(), 1e-9);
    }

    @Test
    void aMissingOrGarbledFileIsASensorErrorNamingIt() throws Exception {
        Path input = sys.resolve("temp1_input");
        SensorException missing = assertThrows(SensorException.class,
                () -> HwmonSource.open(hwmonClass(), Optional.of(input)).readCelsius());
        assertTrue(missing.getMessage().contains(input.toString()), missing.getMessage());
        Files.writeString(input, "n/a\n");
        assertThrows(SensorException.class, () -> HwmonSource.open(hwmonClass(), Optional.of(input)).readCelsius());
    }
}
