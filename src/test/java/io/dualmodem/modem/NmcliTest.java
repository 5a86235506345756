package io.dualmodem.modem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NmcliTest {

    /** Answers every call with the next canned result and remembers the argument vectors. */
    static final class ScriptedRunner implements CommandRunner {
        final List<List<String>> calls = new ArrayList<>();
        final List<CommandResult> answers = new ArrayList<>();
        final List<String> secretFileContents = new ArrayList<>();

        ScriptedRunner answer(int exit, String stdout, String stderr) {
            answers.add(new CommandResult(exit, stdout, stderr, false));
            return this;
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout) {
            calls.add(argv);
            int i = argv.indexOf("passwd-file");
            if (i > 0) {
                try {
                    secretFileContents.add(Files.readString(Path.of(argv.get(i + 1))));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return answers.isEmpty() ? new CommandResult(0, "", "", false) : answers.remove(0);
        }
    }

    private final ScriptedRunner runner = new ScriptedRunner();
    private final Nmcli nmcli = new Nmcli(runner, "/usr/bin/nmcli", Duration.ofSeconds(15), Duration.ofSeconds(60));

    @Test
    void terseFieldsUndoEscapes() {
        assertEquals(List.of("a:b", "c\\d", "", "e"), Nmcli.splitTerse("a\\:b:c\\\\d::e"));
    }

    @Test
    void devicesAreParsedWhateverTheirOrder() {
        runner.answer(0, "ttyUSB3:gsm:connected:gsm-3gpi-soracom\nlo:loopback:connected (externally):lo\n"
                + "wlan0:wifi:disconnected:\n", "");
        List<NetworkManager.Device> devices = nmcli.devices();
        assertEquals(3, devices.size());
        assertEquals(new NetworkManager.Device("ttyUSB3", "gsm", "connected", "gsm-3gpi-soracom"), devices.get(0));
        assertEquals("", devices.get(2).connection());
        assertEquals(List.of("/usr/bin/env", "LC_ALL=C", "/usr/bin/nmcli", "-t", "-f", "DEVICE,TYPE,STATE,CONNECTION",
                "device", "status"), runner.calls.get(0));
    }

    @Test
    void deviceShowSplitsOnTheFirstColonOnly() {
        runner.answer(0, "GENERAL.STATE:100 (connected)\nIP4.ADDRESS[1]:10.0.0.5/32\nIP4.ADDRESS[2]:10.0.0.6/32\n"
                + "IP4.DNS[1]:100.127.0.53\nIP4.DNS[2]:100.127.1.53\n", "");
        NetworkManager.Link link = nmcli.link("ppp0");
        assertTrue(link.isUp());
        assertEquals(List.of("10.0.0.5/32", "10.0.0.6/32"), link.ipv4());
        assertEquals(List.of("100.127.0.53", "100.127.1.53"), link.dns());
        runner.answer(0, "GENERAL.STATE:30 (disconnected)\n", "");
        assertFalse(nmcli.link("ppp0").isUp());
    }

    @Test
    void exitCodesBecomeClearErrors() {
        runner.answer(8, "", "Error: NetworkManager is not running.");
        NmcliException e = assertThrows(NmcliException.class, nmcli::devices);
        assertEquals(8, e.exitCode());
        assertTrue(e.getMessage().contains("NetworkManager is not running"), e.getMessage());

        runner.answer(10, "", "Error: unknown connection 'x'.");
        e = assertThrows(NmcliException.class, () -> nmcli.up(spec(null), "ttyUSB3"));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aFailingProfileAddShowsNoValueOfItsSettingsAndRepeatsNoSecretFromTheAnswer() {
        ProfileSpec spec = new ProfileSpec("gsm-b", "gsm", "*", List.of("gsm.apn", "plus.4g", "gsm.pin", "4711",
                "gsm.password", "S3cr3t-Pw"), "gsm.password", "");
        runner.answer(2, "", "Error: failed to modify gsm.password: 'S3cr3t-Pw' is not valid; gsm.pin '4711' neither.");
        NmcliException e = assertThrows(NmcliException.class, () -> nmcli.add(spec));
        assertTrue(e.getMessage().contains("connection add type gsm con-name gsm-b ifname * gsm.apn *** gsm.pin *** gsm.password ***"),
                e.getMessage());
        assertFalse(e.getMessage().contains("4711") || e.getMessage().contains("S3cr3t-Pw"), e.getMessage());
    }

    @Test
    void takingDownAnInactiveProfileIsNotAnError() {
        runner.answer(10, "", "Error: 'x' is not an active connection.");
        nmcli.down("x");
        runner.answer(8, "", "not running");
        assertThrows(NmcliException.class, () -> nmcli.down("x"));
    }

    @Test
    void hungNmcliIsReportedAsTimedOut() {
        CommandRunner hung = (argv, timeout) -> new CommandResult(143, "", "", true);
        NmcliException e = assertThrows(NmcliException.class,
                () -> new Nmcli(hung, "nmcli", Duration.ofSeconds(2), Duration.ofSeconds(5)).devices());
        assertTrue(e.getMessage().contains("did not finish within 2 s"), e.getMessage());
    }

    @Test
    void passwordGoesThroughAPrivateFileThatIsDeletedNeverTheCommandLine() {
        nmcli.up(spec("sora-secret"), "ttyUSB3");
        List<String> argv = runner.calls.get(0);
        assertFalse(String.join(" ", argv).contains("sora-secret"), argv.toString());
        assertEquals(List.of("gsm.password:sora-secret\n"), runner.secretFileContents);
        Path file = Path.of(argv.get(argv.indexOf("passwd-file") + 1));
        assertFalse(Files.exists(file), "secret file deleted after use");
        assertEquals(List.of("/usr/bin/env", "LC_ALL=C", "/usr/bin/nmcli", "--wait", "60", "connection", "up", "id",
                "gsm-3gpi-soracom", "ifname", "ttyUSB3", "passwd-file", file.toString()), argv);
    }

    @Test
    void addPassesSettingsAsSeparateArgumentsAndNoSecret() {
        nmcli.add(spec("sora-secret"));
        assertEquals(List.of("/usr/bin/env", "LC_ALL=C", "/usr/bin/nmcli", "connection", "add", "type", "gsm", "con-name",
                "gsm-3gpi-soracom", "ifname", "*", "gsm.apn", "soracom.io", "gsm.username", "sora",
                "gsm.sim-operator-id", "44010"), runner.calls.get(0));
        assertTrue(spec("sora-secret").toString().contains("gsm.password=***"));
        assertFalse(spec("sora-secret").toString().contains("sora-secret"));
    }

    private static ProfileSpec spec(String password) {
        return new ProfileSpec("gsm-3gpi-soracom", "gsm", "*",
                List.of("gsm.apn", "soracom.io", "gsm.username", "sora", "gsm.sim-operator-id", "44010"),
                "gsm.password", password);
    }

    @Test
    void aPasswdFileLeftByAKilledRunIsRemovedAtStart(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path left = Files.writeString(dir.resolve("nm-secret123456.txt"), "gsm.password:sora-secret\n");
        Path other = Files.writeString(dir.resolve("outbox.db"), "x");
        Nmcli.removeLeftSecrets(dir);
        assertFalse(Files.exists(left));
        assertTrue(Files.exists(other), "nothing else is touched");
    }
}
