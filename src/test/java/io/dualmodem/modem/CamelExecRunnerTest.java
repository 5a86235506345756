package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.LogLines;
import java.time.Duration;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real processes through camel-exec: every argument reaches the program as given, and a hung one is killed. */
class CamelExecRunnerTest {

    private CamelContext camel;
    private CamelExecRunner runner;

    @BeforeEach
    void start() {
        camel = new DefaultCamelContext();
        camel.start();
        runner = new CamelExecRunner(camel.createProducerTemplate());
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void argumentsWithSpacesQuotesAndShellCharactersArriveUnchanged() {
        List<String> args = List.of("two words", "it's", "\"quoted\"", "$HOME", "*", "a+b", "x;y", "");
        CommandResult result = runner.run(List.of("/usr/bin/printf", "[%s]", "two words", "it's", "\"quoted\"", "$HOME", "*",
                "a+b", "x;y", ""), Duration.ofSeconds(10));
        assertEquals(0, result.exitCode(), result.stderr());
        StringBuilder expected = new StringBuilder();
        args.forEach(a -> expected.append('[').append(a).append(']'));
        assertEquals(expected.toString(), result.stdout());
    }

    @Test
    void exitCodeAndStandardErrorAreReported() {
        CommandResult result = runner.run(List.of("/bin/ls", "/nonexistent-folder"), Duration.ofSeconds(10));
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("nonexistent-folder"), result.stderr());
    }

    @Test
    void aFailingCommandsArgumentsAreNotLogged() {
        // nmcli's `connection add` carries modem.X.settings values (a gsm.pin); Nmcli reports its failures, masked
        try (LogLines log = LogLines.of(org.slf4j.Logger.ROOT_LOGGER_NAME)) {
            CommandResult result = runner.run(List.of("/bin/ls", "/nonexistent-folder", "gsm.pin", "4711-SECRET"),
                    Duration.ofSeconds(10));
            assertNotEquals(0, result.exitCode());
            assertEquals(List.of(), log.containing("4711-SECRET"));
        }
    }

    @Test
    void aProgramStillRunningAtTheLimitIsKilledAndReportedAsTimedOut() {
        long start = System.nanoTime();
        CommandResult result = runner.run(List.of("/bin/sleep", "30"), Duration.ofMillis(500));
        assertTrue(result.timedOut());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "killed, not waited for");
    }
}
