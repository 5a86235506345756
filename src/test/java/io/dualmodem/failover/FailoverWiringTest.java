package io.dualmodem.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dualmodem.modem.BoardConfig;
import io.dualmodem.modem.BoardLines;
import io.dualmodem.modem.DeviceEvents;
import io.dualmodem.modem.ModemHardware;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.ProfileSpec;
import io.dualmodem.settings.Settings;
import io.dualmodem.testing.TestSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Modem control that cannot start is tried again: the boards' lines that opened stay open for the next
 * try (Pi4J refuses to open a line twice, which turned "NetworkManager is not running" into a misleading
 * GPIO failure on the second try, seen on the emulated Pi).
 */
class FailoverWiringTest {

    /** Lines that only count how often they were opened. */
    private final List<String> opened = new ArrayList<>();
    private final Function<BoardConfig, BoardLines> boards = b -> {
        opened.add(b.id());
        return new BoardLines() {
            @Override
            public void power(boolean high) {
            }

            @Override
            public void reset(boolean high) {
            }

            @Override
            public boolean status() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    };

    /** A NetworkManager that is not running. */
    private final NetworkManager notRunning = new NetworkManager() {
        @Override
        public List<Device> devices() {
            throw new IllegalStateException("NetworkManager is not running");
        }

        @Override
        public List<Profile> profiles() {
            return List.of();
        }

        @Override
        public void add(ProfileSpec spec) {
        }

        @Override
        public void up(ProfileSpec spec, String device) {
        }

        @Override
        public void down(String profile) {
        }

        @Override
        public Link link(String device) {
            return null;
        }
    };

    private final DeviceEvents noEvents = new DeviceEvents() {
        @Override
        public void start(BiConsumer<String, String> listener) {
        }

        @Override
        public void close() {
        }
    };

    @Test
    void aRetryKeepsTheLinesThatOpenedAndReportsTheSameCause() throws Exception {
        Settings settings = TestSettings.load(Map.of());
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            ModemControlRunner runner = (ModemControlRunner) FailoverWiring.bind(camel, settings.modem(), settings.link(),
                    new ModemHardware(boards, notRunning, noEvents, () -> null), Clock.systemUTC(), () -> Duration.ZERO, () -> { });
            runner.tryStart();
            runner.tryStart();
            runner.tryStart();
            assertEquals(List.of("a", "b"), opened, "each board's lines opened once");
            assertEquals("NetworkManager is not running", runner.unavailable());
        }
    }
}
