package io.dualmodem;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.dualmodem.testing.CapturedLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadAheadTest {

    @Test
    void aLoadRunsOnADaemonThreadOfItsOwnNamedForIt() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        LoadAhead.start("test", () -> ranOn.complete(Thread.currentThread()));
        Thread loader = ranOn.get(5, TimeUnit.SECONDS);
        assertNotSame(Thread.currentThread(), loader);
        assertTrue(loader.isDaemon(), "a load must not keep the JVM alive");
        assertEquals("test-load", loader.getName());
    }

    @Test
    void aLoadThatFailsIsOneLineNamingItAndItsCauseWithoutAStackTrace() {
        try (CapturedLog log = CapturedLog.of(LoadAhead.class)) {
            LoadAhead.start("sqlite", () -> {
                throw new UnsatisfiedLinkError("no native library for Linux/armv6");
            });
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.at(Level.WARN).isEmpty());
            List<ILoggingEvent> lines = log.at(Level.WARN);
            assertEquals(1, lines.size());
            assertEquals("Could not load sqlite ahead of start-up (java.lang.UnsatisfiedLinkError: no native library for "
                    + "Linux/armv6); it is loaded again when first needed", lines.get(0).getFormattedMessage());
            assertEquals(List.of(), log.withStackTrace());
        }
    }
}
