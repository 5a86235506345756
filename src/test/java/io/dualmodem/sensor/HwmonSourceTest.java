package io.dualmodem.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HwmonSourceTest {

    @TempDir
    Path dir;

    @Test
    void readsMillidegreesAsTheKernelWritesThem() throws Exception {
        Path input = dir.resolve("temp1_input");
        Files.writeString(input, "27937\n");
        assertEquals(27.937, new HwmonSource(input).readCelsius(), 1e-9);
        Files.writeString(input, "-5125\n");
        assertEquals(-5.125, new HwmonSource(input).readCelsius(), 1e-9);
    }

    @Test
    void aMissingOrGarbledFileIsASensorErrorNamingIt() throws Exception {
        Path input = dir.resolve("temp1_input");
        SensorException missing = assertThrows(SensorException.class, () -> new HwmonSource(input).readCelsius());
        assertTrue(missing.getMessage().contains(input.toString()), missing.getMessage());
        Files.writeString(input, "n/a\n");
        assertThrows(SensorException.class, () -> new HwmonSource(input).readCelsius());
    }
}
