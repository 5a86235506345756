package io.dualmodem.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.ModemSettings;
import io.dualmodem.testing.TestSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModemSettingsTest {

    @TempDir
    Path dir;

    private ModemSettings load(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("modem.vendor-config", dir.resolve("absent").toString());
        return TestSettings.load(all).modem();
    }

    @Test
    void defaultsAreTheArticlesBoards() {
        ModemSettings s = load(Map.of());
        BoardConfig a = s.boards().get(0);
        BoardConfig b = s.boards().get(1);
        assertEquals(List.of(17, 22, 27), List.of(a.powerPin(), a.statusPin(), a.resetPin()));
        assertEquals(List.of(12, 13, 6), List.of(b.powerPin(), b.statusPin(), b.resetPin()));
        assertEquals("gsm-3gpi-soracom", a.profile().name());
        assertEquals(List.of("gsm.apn", "soracom.io", "gsm.username", "sora", "gsm.sim-operator-id", "44010"),
                a.profile().settings());
        assertEquals("a", s.primary());
    }

    @Test
    void vendorConfigGivesTheFirstBoardsPinsUnlessPropertiesSayOtherwise() throws Exception {
        Path vendor = dir.resolve("3gpi-utils");
        Files.writeString(vendor, "# jumpers flipped\nPOWER_PIN=16\nSTATUS_PIN=\"19\"\nRESET_PIN=20\nRI_PIN=\nTIMEOUT=10\n");
        ModemSettings s = load(Map.of("modem.vendor-config", vendor.toString(), "modem.a.reset-pin", "21"));
        BoardConfig a = s.boards().get(0);
        assertEquals(List.of(16, 19, 21), List.of(a.powerPin(), a.statusPin(), a.resetPin()));
    }

    @Test
    void aPinUsedTwiceStopsStartUpNamingBothUses() {
        SettingsException across = assertThrows(SettingsException.class, () -> load(Map.of("modem.b.power-pin", "17")));
        assertTrue(across.getMessage().contains("modem.b.power-pin=17") && across.getMessage().contains("modem.a.power-pin"),
                across.getMessage());
        SettingsException within = assertThrows(SettingsException.class, () -> load(Map.of("modem.a.reset-pin", "22")));
        assertTrue(within.getMessage().contains("modem.a.reset-pin=22") && within.getMessage().contains("modem.a.status-pin"),
                within.getMessage());
        SettingsException i2c = assertThrows(SettingsException.class, () -> load(Map.of("modem.b.reset-pin", "2")));
        assertTrue(i2c.getMessage().contains("I2C"), i2c.getMessage());
    }

    @Test
    void badValuesAndUnknownKeysNameTheKey() {
        assertTrue(assertThrows(SettingsException.class, () -> load(Map.of("modem.primary", "c"))).getMessage()
                .startsWith("Invalid setting modem.primary=c"));
        assertTrue(assertThrows(SettingsException.class, () -> load(Map.of("modem.a.power-pin", "40"))).getMessage()
                .startsWith("Invalid setting modem.a.power-pin=40"));
        String unpaired = assertThrows(SettingsException.class, () -> load(Map.of("modem.a.settings", "gsm.pin 4711 ipv4.method")))
                .getMessage();
        assertTrue(unpaired.startsWith("Invalid setting modem.a.settings=gsm.pin *** ipv4.method"), unpaired);
    }
}
