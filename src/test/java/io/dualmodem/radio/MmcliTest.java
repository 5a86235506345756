package io.dualmodem.radio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.CommandResult;
import io.dualmodem.modem.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parsing {@code mmcli -m any -K} and telling its failures apart. The modem outputs follow ModemManager's own
 * key-value formatter; the answers without ModemManager and without a modem were captured from Debian 12's mmcli
 * 1.20.4 (see {@code src/test/resources/mmcli/README.md}).
 */
class MmcliTest {

    private static final String AT = "2026-12-07T00:00:00Z";

    @TempDir
    Path dir;
    private Path mmcli;
    private final List<List<String>> calls = new ArrayList<>();

    @BeforeEach
    void installedMmcli() throws IOException {
        mmcli = dir.resolve("mmcli");
        Files.writeString(mmcli, "#!/bin/sh\nexit 99\n");
        Files.setPosixFilePermissions(mmcli, PosixFilePermissions.fromString("rwx------"));
    }

    /** mmcli answering as given, recording each argument vector. */
    private Mmcli answering(CommandResult result) {
        CommandRunner runner = (argv, timeout) -> {
            calls.add(argv);
            return result;
        };
        return new Mmcli(runner, mmcli.toString(), Duration.ofSeconds(15));
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = MmcliTest.class.getResourceAsStream("/mmcli/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsSignalAccessTechnologyAndOperatorOfTheConnectedModem() throws IOException {
        RadioReport report = answering(new CommandResult(0, fixture("modem-connected-docomo.txt"), "", false)).read("a", AT);
        assertEquals(List.of(List.of("/usr/bin/env", "LC_ALL=C", mmcli.toString(), "-m", "any", "-K")), calls);
        assertNull(report.unavailable());
        assertEquals(58, report.signal());
        assertTrue(report.recent());
        assertEquals(List.of("hsdpa", "hsupa"), report.access());
        assertEquals("NTT DOCOMO", report.operator());
        assertEquals("44010", report.operatorCode());
        assertEquals("connected", report.state());
        assertEquals(AT + " a: signal 58 %, hsdpa/hsupa, NTT DOCOMO (44010), connected", report.summary());
    }

    @Test
    void aModemStillSearchingHasNoTechnologyNorOperator() throws IOException {
        RadioReport report = answering(new CommandResult(0, fixture("modem-searching.txt"), "", false)).read("b", AT);
        assertEquals(0, report.signal());
        assertFalse(report.recent());
        assertEquals(List.of(), report.access());
        assertNull(report.operator());
        assertNull(report.operatorCode());
        assertEquals("searching", report.state());
    }

    @Test
    void escapedValuesAreDecoded() throws IOException {
        RadioReport report = answering(new CommandResult(0, fixture("modem-operator-escaped.txt"), "", false)).read("b", AT);
        assertEquals("ソフトバンク \"SB\"", report.operator());
        assertEquals(List.of("umts"), report.access());
        assertEquals(100, report.signal());
    }

    @Test
    void noModemManagerIsSaidAsSuch() {
        // captured: mmcli 1.20.4 with no ModemManager on the system bus
        RadioReport report = answering(new CommandResult(1, "",
                "error: couldn't find the ModemManager process in the bus\n", false)).read("a", AT);
        assertEquals("no ModemManager: it is not running", report.unavailable());
    }

    @Test
    void noMmcliInstalledIsNoModemManagerAndRunsNothing() {
        Mmcli missing = new Mmcli((argv, timeout) -> {
            calls.add(argv);
            return new CommandResult(0, "", "", false);
        }, dir.resolve("no-mmcli").toString(), Duration.ofSeconds(15));
        RadioReport report = missing.read("a", AT);
        assertEquals("no ModemManager: " + dir.resolve("no-mmcli") + " is not installed", report.unavailable());
        assertTrue(calls.isEmpty());
    }

    @Test
    void noModemAndOtherFailuresAndTimeoutsAreReportedNotThrown() {
        // captured: ModemManager running, no modem: mmcli -m any -K exits 1
        assertEquals("ModemManager sees no modem", answering(new CommandResult(1, "", "error: couldn't find modem\n",
                false)).read("a", AT).unavailable());
        assertEquals("mmcli did not answer within 15 s", answering(new CommandResult(143, "", "", true))
                .read("a", AT).unavailable());
        assertEquals("mmcli failed (exit 2): error: boom", answering(new CommandResult(2, "", "error: boom\n", false))
                .read("a", AT).unavailable());
    }

    @Test
    void parsesListsDashesAndPaddedKeys() {
        String out = "modem.generic.ports.length                 : 2\n"
                + "modem.generic.ports.value[1]               : ttyUSB2 (at)\n"
                + "modem.generic.ports.value[2]               : ttyUSB3 (at)\n"
                + "modem.generic.own-numbers                  : --\n"
                + "modem.generic.current-modes                : allowed: 2g, 3g; preferred: none\n";
        var fields = Mmcli.parse(out);
        assertEquals(List.of("ttyUSB2 (at)", "ttyUSB3 (at)"), fields.get("modem.generic.ports"));
        assertEquals(List.of(), fields.get("modem.generic.own-numbers"));
        assertEquals(List.of("allowed: 2g, 3g; preferred: none"), fields.get("modem.generic.current-modes"));
        assertEquals("tab\there \\ \"q\" \u00e9", Mmcli.unescape("tab\\there \\\\ \\\"q\\\" \\303\\251"));
    }
}
