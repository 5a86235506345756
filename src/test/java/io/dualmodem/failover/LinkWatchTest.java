package io.dualmodem.failover;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.modem.Modem;
import io.dualmodem.modem.ModemBoard;
import io.dualmodem.modem.ModemState;
import io.dualmodem.modem.ModemSwitch;
import io.dualmodem.modem.PowerTiming;
import io.dualmodem.modem.ProfileSpec;
import io.dualmodem.sim.SimulatedBoard;
import io.dualmodem.sim.SimulatedNetworkManager;
import io.dualmodem.testing.VirtualTime;
import io.dualmodem.uplink.Fault;
import io.dualmodem.uplink.UploadOutcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
    private ServerSocket target;
    private Thread acceptor;
    private SimulatedBoard boardA;
    private SimulatedNetworkManager nm;
    private ModemSwitch modems;
    private LinkWatch watch;

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
        SimulatedBoard boardB = new SimulatedBoard(time, Duration.ZERO, Duration.ZERO, false);
        nm = new SimulatedNetworkManager();
        nm.attach(boardA, "127.0.1.1");
        nm.attach(boardB, "127.0.2.1");
        PowerTiming timing = PowerTiming.vendor();
        modems = new ModemSwitch(List.of(
                new Modem("a", new ModemBoard("a", boardA, timing, time, time), spec("pa"), true),
                new Modem("b", new ModemBoard("b", boardB, timing, time, time), spec("pb"), false)),
                nm, new ModemState(dir.resolve("state.json")), time, time, Duration.ofSeconds(30));
        LinkProbe probe = new LinkProbe(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort())),
                1, Duration.ofSeconds(1), () -> null);
        watch = new LinkWatch(new FailoverPolicy(PolicySettings.defaults(), time, "a", "b", "a"), modems, probe,
                new WatchSettings(Duration.ofSeconds(5), Duration.ofHours(2), Duration.ofMinutes(30)), time);
        nm.start(watch::onDeviceEvent);
        watch.restoreAtStart();
        await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(modems.state().active()) && watch.activeDevice() != null);
    }

    @AfterEach
    void tearDown() throws Exception {
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
        }
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
    }

    @Test
    void aLinkFaultProbesTheLineAtOnceAndAServerFaultDoesNot() {
        watch.onUpload(new UploadOutcome(Fault.SERVER, 1, "HTTP 500"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> probesSeen.get() == 0);
        watch.onUpload(new UploadOutcome(Fault.LINK, 1, "SocketTimeoutException: Read timed out"));
        await().atMost(Duration.ofSeconds(5)).until(() -> probesSeen.get() == 1);
        assertEquals(0, watch.policy().failures(), "the probe found the line good");
    }

    @Test
    void theActiveDeviceLostSwitchesToTheOtherModem() {
        nm.cut(boardA);
        await().atMost(Duration.ofSeconds(10)).until(() -> "b".equals(modems.state().active()));
        String reason = modems.state().history().get(modems.state().history().size() - 1).reason();
        assertTrue(reason.startsWith("NetworkManager: ttyUSB") && reason.endsWith("unavailable"), reason);
        assertEquals("127.0.2.1", nm.activeAddress());
        assertEquals(FailoverPolicy.State.ON_SECONDARY, watch.policy().state());
    }
}
