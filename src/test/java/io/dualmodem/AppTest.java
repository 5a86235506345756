package io.dualmodem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.settings.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppTest {

    @TempDir
    Path tmp;

    @Test
    void theConfigDirPropertyNamesTheFolderOfTheUsersFiles() throws Exception {
        Files.createDirectories(tmp.resolve("routes"));
        Files.writeString(tmp.resolve("routes/sample.camel.yaml"), "- route: {}\n");
        Path home = App.userFiles(tmp.toString());
        assertEquals(tmp, home);
        assertEquals("file:" + tmp.resolve("application.properties") + ";optional=true,classpath:application.properties",
                App.propertyLocations(home));
        assertTrue(App.routesPattern(home).contains("file:" + tmp.resolve("routes/sample.camel.yaml")), App.routesPattern(home));
        assertFalse(App.routesPattern(home).contains("classpath:routes/sample.camel.yaml"), App.routesPattern(home));
    }

    @Test
    void withoutItTheJarsFolderServes() {
        assertEquals(App.jarDirectory(), App.userFiles(null));
    }

    @Test
    void aConfigDirThatIsNoFolderStopsStartUpNamingIt() {
        SettingsException e = assertThrows(SettingsException.class, () -> App.userFiles(tmp.resolve("missing").toString()));
        assertEquals("Invalid setting -Ddual-modem-telemetry.config-dir=" + tmp.resolve("missing") + ": no such folder", e.getMessage());
    }
}
