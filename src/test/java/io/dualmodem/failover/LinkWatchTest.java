package io.dualmodem.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemBoard;
import io.dualmodem.modem.ModemState;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.NetworkManager;
import io.dualmodem.modem.PowerTiming;
import io.dualmodem.modem.ProfileSpec;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulatedNetworkManager;
import io.dualmodem.testing.CapturedLog;
import io.dualmodem.testing.TestSettings;
import io.dualmodem.testing.VirtualTime;
import io.dualmodem.uplink.Fault;
import io.dualmodem.uplink.UploadOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The link watch on virtual time, simulated boards and NetworkManager, probing a real socket on loopback. */
class LinkWatchTest {

    @TempDir
    Path dir;
    private final VirtualTime time = new VirtualTime();
    private final AtomicInteger probesSeen = new AtomicInteger();
    private final AtomicInteger lineChanges = new AtomicInteger();
    /** What the upload cadence would say: how long readings may wait on the line in use. */
    private final AtomicReference<Duration> readingsMayWait = new AtomicReference<>(Duration.ZERO);
    private ServerSocket target;
    private Thread acceptor;
    private SimulatedBoard boardA;
    private SimulatedBoard boardB;
    private SimulatedNetworkManager nm;
    private GatedNetwork network;
    private ModemSwitch modems;
    private LinkWatch watch;

    /** NetworkManager whose activations wait at a gate the test holds, so a switch can be caught under way. */
    private static final class GatedNetwork implements NetworkManager {
        private final NetworkManager nm;
        volatile CountDownLatch gate = new CountDownLatch(0);
        final CountDownLatch waiting = new CountDownLatch(1);

        GatedNetwork(NetworkManager nm) {
            this.nm = nm;
        }

        @Override public List<Device> devices() { return nm.devices(); }
        @Override public List<Profile> profiles() { return nm.profiles(); }
        @Override public void add(ProfileSpec spec) { nm.add(spec); }
        @Override public void down(String profile) { nm.down(profile); }
        @Override public Link link(String device) { return nm.link(device); }

        @Override
        public void up(ProfileSpec spec, String device) {
            waiting.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            nm.up(spec, device);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!target.isClosed()) {
                try (Socket s = target.accept()) {
                    probesSeen.incrementAndGet();
                } catch (Exception e) {
                    return;
                }
            }
        });
        acceptor.start();
        boardA = new SimulatedBoard(time, Duration.ZERO, Duration.ZERO, true);
        boardB = new SimulatedBoard(time, Duration.ZERO, Duration.ZERO, false);
        nm = new SimulatedNetworkManager();
        nm.attach(boardA, "127.0.1.1", "44010");
        nm.attach(boardB, "127.0.2.1", "44020");
        network = new GatedNetwork(nm);
        PowerTiming timing = TestSettings.vendorTiming();
        modems = new ModemSwitch(List.of(
                new Modem("a", new ModemBoard("a", boardA, timing, time, time), spec("pa"), true),
                new Modem("b", new ModemBoard("b", boardB, timing, time, time), spec("pb"), false)),
                network, new ModemState(dir.resolve("state.json")), time, time, Duration.ofSeconds(30));
        startWatch(new WatchSettings(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofMinutes(30)));
    }

    /** A link watch on modem a, started and done with its start-up restore. */
    private void startWatch(WatchSettings settings) {
        LinkProbe probe = new LinkProbe(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort())),
                1, Duration.ofSeconds(1), () -> null);
        watch = new LinkWatch(new FailoverPolicy(TestSettings.policy(), time, "a", "b", "a"), modems, probe, nm,
                settings, readingsMayWait::get, time, lineChanges::incrementAndGet);
        watch.start();
        watch.restoreAtStart();
        await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(modems.state().active()) && watch.activeDevice() != null);
        // until the start-up restore has wholly ended the watch ignores upload outcomes, and a test's first uploads
        // would be lost to it
        workerDone("b");
    }

    /** Waits until the watch's worker has run every task handed to it so far, at the virtual time of each. */
    private void workerDone(String inactive) {
        // an operator's command runs on the worker in turn, after them: a power cycle of the modem that is off is refused
        assertInstanceOf(OperatorOutcome.Refused.class, watch.powerCycle(inactive));
    }

    @AfterEach
    void tearDown() throws Exception {
        network.gate.countDown();
        watch.close();
        target.close();
        acceptor.join(5000);
    }

    private static ProfileSpec spec(String name) {
        return new ProfileSpec(name, "gsm", "*", List.of(), "gsm.password", "");
    }

    @Test
    void aQuietLineGetsAKeepAliveBeforeTheCarriersIdleCut() {
        time.advance(Duration.ofMinutes(29));
        watch.tick();
        workerDone("b");
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
        time.advance(Duration.ofMinutes(1));
        watch.tick();
        await().atMost(Duration.ofSeconds(5)).until(() -> probesSeen.get() == 1);
        assertTrue(watch.lastVerdict().contains("keep-alive"), watch.lastVerdict());
    }

    @Test
    void uploadsCountAsTrafficSoNoKeepAliveIsSent() {
        for (int i = 0; i < 10; i++) {
            time.advance(Duration.ofMinutes(5));
            watch.onUpload(UploadOutcome.accepted(1, 201));
            watch.tick();
            // the next five minutes pass after the worker saw these (a busy machine must not fold them into one tick)
            workerDone("b");
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
    }

    @Test
    void readingsHeldForABatchAreNoReasonForAnIdleProbe() throws Exception {
        restartWatch(Duration.ofMinutes(5), Duration.ofMinutes(5));
        for (int batch = 0; batch < 6; batch++) {
            time.advance(Duration.ofMinutes(5));
            watch.tick();
            workerDone("b");
            time.advance(Duration.ofSeconds(2));   // the oldest reading's max delay passed at the last upload poll
            watch.onUpload(UploadOutcome.accepted(11, 201));
            watch.tick();
            workerDone("b");
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
        assertEquals(0, watch.probesRun(), watch.lastVerdict());
    }

    @Test
    void aSilenceBeyondTheMaxDelayAndTheIdleIntervalIsProbed() throws Exception {
        restartWatch(Duration.ofMinutes(5), Duration.ofMinutes(5));
        watch.onUpload(UploadOutcome.accepted(11, 201));
        workerDone("b");
        time.advance(Duration.ofMinutes(10).minusSeconds(1));
        watch.tick();
        workerDone("b");
        assertEquals(0, watch.probesRun(), watch.lastVerdict());
        time.advance(Duration.ofSeconds(1));
        watch.tick();
        await().atMost(Duration.ofSeconds(5)).until(() -> probesSeen.get() == 1);
        assertTrue(watch.lastVerdict().contains("no good upload for 600 s"), watch.lastVerdict());
    }

    @Test
    void theIdleThresholdFollowsTheCadenceOfTheLineInUse() throws Exception {
        restartWatch(Duration.ofMinutes(10), Duration.ofMinutes(5));
        watch.onUpload(UploadOutcome.accepted(21, 201));
        workerDone("b");
        time.advance(Duration.ofMinutes(5));
        watch.tick();
        workerDone("b");
        assertEquals(0, watch.probesRun(), watch.lastVerdict());
        readingsMayWait.set(Duration.ZERO);   // e.g. a switch to a line that uploads live
        watch.tick();
        await().atMost(Duration.ofSeconds(5)).until(() -> probesSeen.get() == 1);
        assertTrue(watch.lastVerdict().contains("no good upload for 300 s"), watch.lastVerdict());
    }

    /** A new watch on the same line whose uplink holds readings up to {@code mayWait}, idle after {@code idleInterval}. */
    private void restartWatch(Duration mayWait, Duration idleInterval) throws InterruptedException {
        watch.close();
        readingsMayWait.set(mayWait);
        startWatch(new WatchSettings(Duration.ofSeconds(5), idleInterval, Duration.ofMinutes(30)));
    }

    @Test
    void aLinkFaultProbesTheLineAtOnceAndAServerFaultDoesNot() {
        watch.onUpload(UploadOutcome.answered(Fault.SERVER, 1, 500));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
        watch.onUpload(new UploadOutcome(Fault.LINK, 1, 0, "SocketTimeoutException: Read timed out"));
        await().atMost(Duration.ofSeconds(5)).until(() -> probesSeen.get() == 1);
        assertEquals(0, watch.policy().failures(), "the probe found the line good");
    }

    @Test
    void failedUploadsInQuickSuccessionAreOneLineCheck() {
        for (int i = 0; i < 3; i++) {
            watch.onUpload(new UploadOutcome(Fault.LINK, 1, 0, "ConnectException: refused"));
        }
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() -> probesSeen.get() == 1);
    }

    @Test
    void theActiveDeviceLostSwitchesToTheOtherModem() {
        nm.cut(boardA);
        await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(modems.state().active()));
        workerDone("a"); // the state file has the switch before the policy and the uplink are told
        String reason = modems.state().history().get(modems.state().history().size() - 1).reason();
        assertTrue(reason.startsWith("NetworkManager: ttyUSB") && reason.endsWith("unavailable"), reason);
        assertEquals("127.0.2.1", nm.activeAddress());
        assertEquals(FailoverPolicy.State.ON_SECONDARY, watch.policy().state());
        assertFalse(boardA.isModuleOn());
        assertTrue(lineChanges.get() >= 2, "the uplink was told after the start-up and after the switch");
    }

    @Test
    void aPrimaryCutRightAfterStartUpFailsBackAfterTheConfiguredHoldDown() {
        nm.cut(boardA);
        await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(modems.state().active()));
        workerDone("a"); // the state file has the switch before the policy and the uplink are told
        assertEquals(TestSettings.policy().holdDown(), Duration.between(time.instant(), watch.policy().failbackAt()),
                "the start-up restore is no trial of the primary that could double the hold-down");
        assertEquals(1, watch.policy().switchesLastHour(), "only the policy's own switch counts toward the cap");
    }

    @Test
    void anOperatorsSwitchNamedDuringAPolicySwitchIsRefusedWhenItWouldDoNothing() throws Exception {
        network.gate = new CountDownLatch(1);
        nm.cut(boardA);
        network.waiting.await();
        CompletableFuture<OperatorOutcome> operator = CompletableFuture.supplyAsync(watch::switchNow);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !operator.isDone());
        network.gate.countDown();
        OperatorOutcome outcome = operator.get();
        OperatorOutcome.Refused refused = assertInstanceOf(OperatorOutcome.Refused.class, outcome, outcome.text());
        assertEquals("already on b", refused.reason());
        assertEquals(2, modems.state().history().size(), "start-up and the policy's switch, no b -> b");
        assertEquals(1, watch.policy().switchesLastHour());
    }

    @Test
    void stoppingDuringASwitchIsNoFailure() throws Exception {
        network.gate = new CountDownLatch(1);
        nm.cut(boardA);
        network.waiting.await();
        try (CapturedLog log = CapturedLog.of(LinkWatch.class)) {
            // interrupts the switch under way, as the application's stop does; where the interrupt lands decides whether
            // the switch ends early (one INFO line) or completes
            watch.close();
            assertEquals(List.of(), log.at(Level.ERROR));
            assertEquals(List.of(), log.withStackTrace());
        }
    }

    @Test
    void anOperatorsPowerCycleWaitsForTheSwitchUnderWay() throws Exception {
        network.gate = new CountDownLatch(1);
        nm.cut(boardA);
        network.waiting.await();
        CompletableFuture<OperatorOutcome> cycle = CompletableFuture.supplyAsync(() -> watch.powerCycle("b"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !cycle.isDone());
        network.gate.countDown();
        OperatorOutcome outcome = cycle.get();
        OperatorOutcome.Done done = assertInstanceOf(OperatorOutcome.Done.class, outcome, outcome.text());
        assertTrue(done.record().ok(), done.text());
        assertEquals("127.0.2.1", nm.activeAddress());
        assertInstanceOf(OperatorOutcome.Refused.class, watch.powerCycle("a"), "the inactive board stays off");
        assertFalse(boardA.isModuleOn());
    }

    @Test
    void aFailedStateWriteStillReachesThePolicyAndIsWrittenLater() throws Exception {
        Path blocker = Files.createDirectory(dir.resolve("state.json.tmp"));
        nm.cut(boardA);
        await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(watch.policy().active()));
        assertEquals("b", modems.state().active());
        assertEquals(FailoverPolicy.State.ON_SECONDARY, watch.policy().state());
        assertNotNull(modems.state().writeError());
        Files.delete(blocker);
        watch.tick();
        await().atMost(Duration.ofSeconds(5)).until(() -> modems.state().writeError() == null);
        assertEquals("b", new ModemState(dir.resolve("state.json")).active());
        assertNull(modems.state().writeError());
    }
}
