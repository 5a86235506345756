package io.dualmodem.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A route reads settings through placeholder functions such as {@code {{duration:sensor.interval}}}. */
class CamelSettingsTest {

    @Test
    void aPlaceholderThatNamesNoSettingSaysSoNotThatThePackagedFileLacksIt() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.getPropertiesComponent().setLocation("classpath:application.properties");
            CamelSettings.reader(camel);
            assertEquals("30000", camel.resolvePropertyPlaceholders("{{duration:sensor.interval}}"));
            Exception e = assertThrows(Exception.class, () -> camel.resolvePropertyPlaceholders("{{duration:sensor.intervall}}"));
            Throwable cause = e;
            while (!(cause instanceof SettingsException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(cause.getMessage().startsWith("A route's placeholder {{duration:sensor.intervall}} names no setting"),
                    String.valueOf(cause.getMessage()));
        }
    }
}
