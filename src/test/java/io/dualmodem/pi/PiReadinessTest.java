package io.dualmodem.pi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start-up check's five facts, over a folder laid out as a Pi's /dev, /sys, /proc and /etc. */
class PiReadinessTest {

    @TempDir
    Path root;

    private void file(String path, String text) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private void aReadyPi(String tmpMountOptions) throws IOException {
        file("dev/i2c-1", "");
        file("proc/self/status", "Name:\tjava\nUid:\t998\t998\t998\t998\nGroups:\t997 998 999\n");
        file("etc/group", "root:x:0:\ngpio:x:997:telemetry\ni2c:x:998:telemetry\ntelemetry:x:999:\n");
        file("sys/class/gpio/gpiochip512/label", "pinctrl-bcm2711\n");
        file("sys/class/gpio/gpiochip570/label", "raspberrypi-exp-gpio\n");
        file("proc/self/mountinfo", "22 1 179:2 / / rw,noatime shared:1 - ext4 /dev/root rw\n"
                + "30 22 0:27 / /tmp rw," + tmpMountOptions + " shared:9 - tmpfs tmpfs rw\n");
    }

    private List<PiReadiness.Fact> check(String tmpdir) {
        return new PiReadiness(root, Path.of(tmpdir)).check(1, () -> PiReadiness.chipAnswers(1, 0x48, () -> 0xCB));
    }

    @Test
    void aReadyPiShowsFiveGoodFacts() throws IOException {
        aReadyPi("nosuid,nodev");
        List<PiReadiness.Fact> facts = check("/tmp");
        assertEquals(5, facts.size());
        assertTrue(facts.stream().allMatch(PiReadiness.Fact::ok), facts.toString());
        assertEquals("a chip answers at 0x48 on bus 1 (ID register 0x0B reads 0xCB)", facts.get(1).text());
        assertTrue(facts.get(2).text().endsWith("groups: gpio i2c telemetry"), facts.get(2).text());
        assertEquals("GPIO chips: pinctrl-bcm2711, raspberrypi-exp-gpio (Pi4J drives the one labelled pinctrl-*)",
                facts.get(3).text());
        assertTrue(facts.get(4).text().startsWith("java.io.tmpdir /tmp allows executing (on /tmp;"), facts.get(4).text());
    }

    @Test
    void eachMissingThingIsNamedWithItsFix() throws IOException {
        aReadyPi("nosuid,noexec");
        Files.delete(root.resolve("dev/i2c-1"));
        file("proc/self/status", "Name:\tjava\nUid:\t998\t998\t998\t998\nGroups:\t998 999\n");
        file("sys/class/gpio/gpiochip570/label", "raspberrypi-exp-gpio\n");
        Files.delete(root.resolve("sys/class/gpio/gpiochip512/label"));
        List<PiReadiness.Fact> facts = check("/tmp/java");
        assertTrue(facts.stream().noneMatch(PiReadiness.Fact::ok), facts.toString());
        assertTrue(facts.get(0).text().contains("I2C is not enabled — `sudo raspi-config nonint do_i2c 0`"), facts.get(0).text());
        assertEquals("sensor not looked for: I2C bus 1 is not usable", facts.get(1).text());
        assertTrue(facts.get(2).text().contains("not in gpio: `sudo usermod -aG gpio "), facts.get(2).text());
        assertTrue(facts.get(3).text().contains("none labelled pinctrl-*"), facts.get(3).text());
        assertTrue(facts.get(4).text().contains("mounted noexec: Pi4J cannot load its natives"), facts.get(4).text());
    }

    @Test
    void aChipThatDoesNotAnswerAndAFactThatCannotBeReadDoNotStopTheCheck() throws IOException {
        aReadyPi("nosuid");
        Files.delete(root.resolve("proc/self/mountinfo"));
        List<PiReadiness.Fact> facts = new PiReadiness(root, Path.of("/tmp")).check(1, () -> PiReadiness.chipAnswers(1, 0x48,
                () -> {
                    throw new IllegalStateException("Remote I/O error");
                }));
        assertFalse(facts.get(1).ok());
        assertTrue(facts.get(1).text().contains("nothing answers at 0x48 on bus 1 (Remote I/O error)"), facts.get(1).text());
        assertFalse(facts.get(4).ok());
        assertTrue(facts.get(4).text().startsWith("could not be checked: java.nio.file.NoSuchFileException"), facts.get(4).text());
    }
}
