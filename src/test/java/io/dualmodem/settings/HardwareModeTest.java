package io.dualmodem.settings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareModeTest {

    @TempDir
    Path dir;

    @Test
    void autoUsesTheHardwareOnARaspberryPiAndSaysWhy() throws Exception {
        Path model = dir.resolve("model");
        Files.writeString(model, "Raspberry Pi 3 Model B Rev 1.2\0");
        HardwareMode.Decision d = HardwareMode.AUTO.decide(model);
        assertFalse(d.simulated());
        assertTrue(d.reason().contains("Raspberry Pi 3 Model B Rev 1.2"), d.reason());
    }

    @Test
    void autoSimulatesElsewhereAndSaysWhy() throws Exception {
        HardwareMode.Decision absent = HardwareMode.AUTO.decide(dir.resolve("absent"));
        assertTrue(absent.simulated());
        assertTrue(absent.reason().contains("not a Raspberry Pi"), absent.reason());
        Path other = dir.resolve("model");
        Files.writeString(other, "Some Other Board");
        assertTrue(HardwareMode.AUTO.decide(other).simulated());
    }

    @Test
    void explicitModesWin() {
        assertFalse(HardwareMode.PI.decide(dir.resolve("absent")).simulated(), "pi means pi: no silent fallback");
        assertTrue(HardwareMode.SIMULATION.decide(dir.resolve("absent")).simulated());
    }
}
