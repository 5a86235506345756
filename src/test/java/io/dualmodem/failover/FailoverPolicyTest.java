package io.dualmodem.failover;

import io.dualmodem.testing.TestSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dualmodem.testing.VirtualTime;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {

    private final VirtualTime clock = new VirtualTime("2026-11-23T00:00:00Z");
    private final FailoverPolicy policy = new FailoverPolicy(TestSettings.policy(), clock, "a", "b", "a");

    private Optional<Decision> fail(int times) {
        Optional<Decision> d = Optional.empty();
        for (int i = 0; i < times; i++) {
            d = policy.lineCheck(false, "probe: connect timed out");
        }
        return d;
    }

    private void good(int times) {
        for (int i = 0; i < times; i++) {
            assertEquals(Optional.empty(), policy.lineCheck(true, "upload accepted"));
        }
    }

    /** Applies a decision as the switch would, successfully. */
    private void apply(Optional<Decision> d) {
        assertTrue(d.isPresent(), "expected a decision");
        policy.switched(d.get().target(), true, false);
    }

    @Test
    void primaryIsLeftOnlyAfterConsecutiveLinkFailures() {
        assertEquals(Optional.empty(), fail(2));
        good(1); // e.g. the server answered 500: the line works
        assertEquals(Optional.empty(), fail(2));
        Decision d = fail(1).orElseThrow();
        assertEquals("b", d.target());
        assertTrue(d.reason().contains("3 failed line checks on a") && d.reason().contains("connect timed out"), d.reason());
    }

    @Test
    void lostDeviceSwitchesAtOnce() {
        Decision d = policy.deviceLost("modemA: unavailable").orElseThrow();
        assertEquals("b", d.target());
        assertTrue(d.reason().contains("NetworkManager: modemA: unavailable"));
    }

    @Test
    void failBackAfterTheHoldDownAndStayWhenThePrimaryProvesHealthy() {
        apply(fail(3));
        assertEquals(FailoverPolicy.State.ON_SECONDARY, policy.state());
        good(5);
        clock.advance(Duration.ofMinutes(29));
        assertEquals(Optional.empty(), policy.tick());
        clock.advance(Duration.ofMinutes(1));
        Decision back = policy.tick().orElseThrow();
        assertEquals("a", back.target());
        assertTrue(back.reason().startsWith("fail-back"), back.reason());
        policy.switched("a", true, false);
        assertEquals(FailoverPolicy.State.PROVING_PRIMARY, policy.state());
        good(3);
        assertEquals(FailoverPolicy.State.ON_PRIMARY, policy.state());
    }

    @Test
    void primaryThatFailsItsTrialSendsUsBackWithALongerHoldDown() {
        apply(fail(3));
        good(3);
        clock.advance(Duration.ofMinutes(30));
        apply(policy.tick());
        good(1);
        Decision back = fail(3).orElseThrow();
        assertEquals("b", back.target(), "a failed trial returns to the secondary at once");
        policy.switched("b", true, false);
        clock.advance(Duration.ofMinutes(59));
        assertEquals(Optional.empty(), policy.tick());
        clock.advance(Duration.ofMinutes(1));
        assertEquals("a", policy.tick().orElseThrow().target(), "hold-down doubled to 60 min");
    }

    @Test
    void switchesAreCappedPerHour() {
        PolicySettings s = TestSettings.policy();
        FailoverPolicy p = new FailoverPolicy(new PolicySettings(1, 1, Duration.ofMinutes(1), Duration.ofMinutes(1), 3,
                Duration.ZERO, Duration.ZERO, s.boardFailHold()), clock, "a", "b", "a");
        int made = 0;
        for (int i = 0; i < 10; i++) {
            Optional<Decision> d = p.deviceLost("flap " + i);
            if (d.isPresent()) {
                p.switched(d.get().target(), true, false);
                made++;
            }
            clock.advance(Duration.ofMinutes(2));
        }
        assertEquals(3, made);
        assertTrue(p.waitingFor().contains("switch cap"), p.waitingFor());
        clock.advance(Duration.ofHours(1));
        assertTrue(p.deviceLost("later").isPresent(), "a new hour allows switching again");
    }

    @Test
    void bothLinesDownAlternateWithAGrowingBackOff() {
        apply(fail(3)); // a -> b, immediate: a had been fine
        Optional<Decision> d = fail(3); // b never proved itself: both lines are failing
        assertEquals(Optional.empty(), d);
        assertTrue(policy.waitingFor().contains("both lines failing"), policy.waitingFor());
        clock.advance(Duration.ofMinutes(1));
        apply(policy.tick()); // b -> a after 1 min
        apply(fail(3)); // a's trial failed: back to b at once
        assertEquals(Optional.empty(), fail(3));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), policy.tick(), "second alternation waits 2 min");
        clock.advance(Duration.ofMinutes(1));
        assertEquals("a", policy.tick().orElseThrow().target());
    }

    @Test
    void aBoardThatDidNotPowerOnIsNotChosenUntilItsHoldPasses() {
        Decision d = fail(3).orElseThrow();
        policy.switched(d.target(), false, true); // b's board stayed off; the switch brought a back
        assertEquals("a", policy.active());
        assertEquals(Optional.empty(), policy.tick());
        assertTrue(policy.waitingFor().contains("modem b is marked failed"), policy.waitingFor());
        clock.advance(Duration.ofMinutes(10));
        assertEquals("b", policy.tick().orElseThrow().target());
        policy.switched("b", false, true);
        clock.advance(Duration.ofMinutes(10));
        assertEquals(Optional.empty(), policy.tick(), "second failure: 20 min");
        clock.advance(Duration.ofMinutes(10));
        assertTrue(policy.tick().isPresent());
    }

    @Test
    void startingOnTheSecondaryFailsBackAfterTheHoldDown() {
        FailoverPolicy p = new FailoverPolicy(TestSettings.policy(), clock, "a", "b", "b");
        assertEquals(FailoverPolicy.State.ON_SECONDARY, p.state());
        clock.advance(Duration.ofMinutes(30));
        assertEquals("a", p.tick().orElseThrow().target());
    }
}
