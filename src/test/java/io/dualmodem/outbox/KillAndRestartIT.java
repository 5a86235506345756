package io.dualmodem.outbox;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.AppProcess;
import io.dualmodem.testing.RecordingServer;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the running application with SIGKILL several times while it samples and uploads to a
 * slow server, restarts it on the same outbox, and checks that every reading it ever reported as
 * stored reached the server.
 */
class KillAndRestartIT {

    private static final Pattern STORED = Pattern.compile("Stored reading seq=(\\d+) id=([0-9a-f-]{36})");
    private static final int KILLS = 4;

    @TempDir
    Path dir;

    @Test
    void nothingCommittedIsLostAcrossKills() throws Exception {
        Random random = new Random(42);
        Set<String> stored = new HashSet<>();
        long maxSeq = 0;
        try (RecordingServer server = RecordingServer.start()) {
            server.acceptDelay(Duration.ofMillis(80));
            Map<String, String> props = Map.of(
                    "hardware.mode", "simulation",
                    "sensor.interval", "50ms",
                    "outbox.path", dir.resolve("outbox.db").toString(),
                    "modem.state-file", dir.resolve("modem-state.json").toString(),
                    "modem.data-use-file", dir.resolve("data-use.json").toString(),
                    "uplink.url", server.url(),
                    "uplink.poll-interval", "20ms",
                    "uplink.batch-size", "3",
                    "uplink.retry-initial", "50ms",
                    "uplink.retry-max", "200ms");
            for (int run = 0; run <= KILLS; run++) {
                try (AppProcess app = AppProcess.start(props)) {
                    int requestsBefore = server.requests();
                    int storedBefore = stored.size();
                    await().atMost(Duration.ofSeconds(60)).until(() -> !app.isAlive()
                            || count(app) >= 10 && server.requests() > requestsBefore + 2);
                    assertTrue(app.isAlive(), () -> "app died on its own:\n" + String.join("\n", app.lines()));
                    if (run < KILLS) {
                        Thread.sleep(random.nextInt(150)); // lands the kill at a random point of an upload
                        app.kill();
                    }
                    for (String line : app.lines()) {
                        Matcher m = STORED.matcher(line);
                        if (m.find()) {
                            stored.add(m.group(2));
                            maxSeq = Math.max(maxSeq, Long.parseLong(m.group(1)));
                        }
                    }
                    assertTrue(stored.size() > storedBefore, "each run stored readings");
                    if (run == KILLS) {
                        Set<String> reported = Set.copyOf(stored);
                        await().atMost(Duration.ofSeconds(60)).until(() -> server.deliveries().keySet().containsAll(reported));
                        app.kill();
                    }
                }
            }
            Set<String> missing = stored.stream().filter(id -> !server.deliveries().containsKey(id)).collect(Collectors.toSet());
            assertEquals(Set.of(), missing, "readings reported as stored but never delivered");
            Set<Long> seqs = new HashSet<>(server.acceptedSeqs());
            for (long seq = 1; seq <= maxSeq; seq++) {
                assertTrue(seqs.contains(seq), "seq " + seq + " never arrived");
            }
            long duplicates = server.deliveries().values().stream().filter(n -> n > 1).count();
            System.out.printf("kill test: %d kills, %d readings stored, %d delivered more than once (server dedupes by id)%n",
                    KILLS, stored.size(), duplicates);
        }
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("outbox.db"));
             ResultSet rs = db.createStatement().executeQuery("PRAGMA integrity_check")) {
            assertEquals("ok", rs.getString(1));
        }
    }

    private static long count(AppProcess app) {
        return app.lines().stream().filter(l -> STORED.matcher(l).find()).count();
    }
}
